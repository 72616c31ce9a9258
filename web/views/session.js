// A joined session: connects, keeps the model, and shows the view of the
// viewer's role. The header (title, connection state, presence) and the
// pinned announcement are shared by every role.
import { h, setText, announce } from '../lib/dom.js';
import { HubClient } from '../lib/client.js';
import { emptyModel, applyFrame } from '../lib/session-model.js';
import { loadProfile, loadToken, loadPreferences } from '../lib/storage.js';
import { ERROR_TEXT } from '../lib/labels.js';
import { showJoinPage } from './join.js';
import { participantView } from './participant.js';
import { moderatorView } from './moderator.js';
import { captionerView } from './captioner.js';
import { sessionHeader } from './parts/header.js';

const VIEWS = { participant: participantView, moderator: moderatorView, captioner: captionerView };

export function joinFrame(profile, token) {
  const frame = {
    name: profile.name,
    mode: profile.way === 'onsite' ? 'onsite' : 'remote',
    stakeholder: profile.stakeholder,
    region: profile.region,
    token,
    captions: loadPreferences().captionTracks || undefined,
  };
  if (profile.way === 'hub' && profile.hub) frame.hub = profile.hub;
  return frame;
}

export function showSession(root, sessionId) {
  const profile = loadProfile();
  if (!profile) return showJoinPage(root, sessionId);

  const model = emptyModel();
  const header = sessionHeader(sessionId);
  const body = h('div', { class: 'view-body' });
  const main = h('main', { id: 'main', tabindex: '-1' }, body);
  root.replaceChildren(header.element, main);

  let view = null;
  let role = null;
  const context = { model, sessionId, client: null, command: null, report: reportProblem };

  const client = new HubClient({
    sessionId,
    join: joinFrame(profile, loadToken(sessionId)),
    onFrame: (frame) => {
      if (frame.type === 'error' && !frame.id) reportProblem(frame);
      if (frame.type === 'report' && view && view.report) view.report(frame.report);
      const changed = applyFrame(model, frame);
      if (!changed.length) return;
      if (model.me && model.me.role !== role) {
        role = model.me.role;
        view = (VIEWS[role] || participantView)(context);
        body.replaceChildren(view.element);
      }
      header.update(model, changed);
      view.update(changed);
    },
    onState: (state, detail) => header.connection(state, detail),
    onOutbox: (items) => view && view.outbox && view.outbox(items),
  });
  context.client = client;
  // Runs a command; shows its error, if any, in plain words.
  context.command = (command) => client.command(command).catch((error) => {
    if (!error.requeued) reportProblem(error);
    throw error;
  });
  client.start();
}

/** Tells the user what went wrong, on screen and to screen readers. */
function reportProblem(error) {
  const text = ERROR_TEXT[error.code] && error.code !== 'slow_mode' ? ERROR_TEXT[error.code] : (error.message || error.code);
  const region = document.getElementById('problem');
  if (region) {
    region.hidden = false;
    setText(region.querySelector('span'), text);
  }
  announce(text, { assertive: true });
}
