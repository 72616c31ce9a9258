// Entry point: picks the view from the address, and the language.
//   /                      the join page (with ?session=ID&token=T from an invite link)
//   /s/{id}                the session, as the viewer's role: participant, moderator or captioner
//   /s/{id}/display        the room display, for a projector (?lang=fr: its language)
// Views are loaded on demand, so the join page does not fetch the session's
// code; the view, its style sheet and its part of the catalog come in parallel.
import { applyPreferences } from './lib/preferences.js';
import { chooseLanguage, setLanguage, loadMessages, t } from './lib/i18n.js';
import { loadStyle } from './lib/dom.js';

applyPreferences();

const path = location.pathname;
const display = path.match(/^\/s\/([a-z0-9][a-z0-9-]{0,63})\/display\/?$/);
const session = path.match(/^\/s\/([a-z0-9][a-z0-9-]{0,63})\/?$/);
const root = document.getElementById('app');
// A room display's language is in its link, so each room's projector shows its own.
setLanguage(chooseLanguage(display ? new URLSearchParams(location.search).get('lang') : null));

const [view] = await Promise.all([
  display ? import('./views/display.js') : session ? import('./views/session.js') : import('./views/join.js'),
  loadMessages('common', ...(display ? ['display'] : session ? [] : ['join'])),
  display ? loadStyle('display') : session ? null : loadStyle('join'),
]);
document.querySelector('.skip-link').textContent = t('common.skip');
if (display) view.showDisplay(root, display[1]);
else if (session) view.showSession(root, session[1]);
else view.showJoinPage(root);
