// Entry point: picks the view from the address.
//   /                      the join page (with ?session=ID&token=T from an invite link)
//   /s/{id}                the session, as the viewer's role: participant, moderator or captioner
//   /s/{id}/display        the room display, for a projector
// Views are loaded on demand, so the join page does not fetch the session's code.
import { applyPreferences } from './lib/preferences.js';

applyPreferences();

const path = location.pathname;
const display = path.match(/^\/s\/([a-z0-9][a-z0-9-]{0,63})\/display\/?$/);
const session = path.match(/^\/s\/([a-z0-9][a-z0-9-]{0,63})\/?$/);
const root = document.getElementById('app');

if (display) import('./views/display.js').then((view) => view.showDisplay(root, display[1]));
else if (session) import('./views/session.js').then((view) => view.showSession(root, session[1]));
else import('./views/join.js').then((view) => view.showJoinPage(root));
