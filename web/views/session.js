// A joined session: connects, keeps the model, and shows the view of the
// viewer's role. The header (title, connection state, presence) and the
// pinned announcement are shared by every role.
import { h, announce, setAnnouncementsPaused, loadStyle } from '../lib/dom.js';
import { HubClient } from '../lib/client.js';
import { emptyModel, applyFrame } from '../lib/session-model.js';
import { loadProfile, loadToken, saveToken, loadCaptionTracks, inviteRole } from '../lib/storage.js';
import { sessionHeader } from './parts/header.js';
import { wireStakeholder } from '../lib/labels.js';
import { t, loadMessages } from '../lib/i18n.js';

// Each role's view, with its style sheet and its part of the catalog, is
// loaded when that role is first shown, so a participant's phone fetches
// none of the moderator's code, style or words.
const load = (view, sheets, messages) => Promise.all([view, ...[sheets].flat().map(loadStyle), loadMessages(messages)]).then(([module]) => module);
const VIEWS = {
  participant: () => load(import('./participant.js'), 'participant', 'participant').then((module) => module.participantView),
  moderator: () => load(import('./moderator.js'), 'staff', 'moderator').then((module) => module.moderatorView),
  captioner: () => load(import('./captioner.js'), ['staff', 'captioner'], 'captioner').then((module) => module.captionerView),
};
const ROLE_NEWS = { participant: 'role.participant', captioner: 'role.captioner', moderator: 'role.moderator' };
const RANK = { participant: 0, captioner: 1, moderator: 2 };

/** The join frame for this device's profile, built at every connection. */
export function joinFrame(sessionId, profile) {
  const frame = {
    name: profile.name,
    mode: profile.way === 'onsite' ? 'onsite' : 'remote',
    stakeholder: wireStakeholder(profile.stakeholder),
    region: profile.region,
    token: loadToken(sessionId),
  };
  const tracks = loadCaptionTracks(sessionId);
  if (tracks) frame.captions = tracks;
  if (profile.way === 'hub' && profile.hub) frame.hub = profile.hub;
  return frame;
}

export function showSession(root, sessionId) {
  const profile = loadProfile();
  // The join page's code is fetched only when it is shown.
  if (!profile) return load(import('./join.js'), 'join', 'join').then((view) => view.showJoinPage(root, sessionId));

  const model = emptyModel();
  const header = sessionHeader(sessionId);
  const body = h('div', { class: 'view-body' });
  const main = h('main', { id: 'main', tabindex: '-1' }, body);
  root.replaceChildren(header.element, main);

  let view = null;
  let role = null;
  const context = { model, sessionId, client: null, command: null, problem: (error) => header.problem(error) };

  // While a view loads, frames still reach the model; the view is drawn
  // from the model when it arrives.
  let synced = false;
  async function showRoleView(fromWelcome) {
    const first = role === null;
    role = model.me.role;
    view = null;
    const wanted = role;
    const makeView = await (VIEWS[role] || VIEWS.participant)();
    if (role !== wanted) return;
    root.dataset.role = role;
    view = makeView(context);
    body.replaceChildren(view.element);
    view.update(['all']);
    if (synced && view.synced) view.synced();
    if (first) return;
    announce(t(ROLE_NEWS[role] || ROLE_NEWS.participant), { assertive: true, evenWhilePaused: true });
    main.focus();
    // An invite would raise the role again at the next join: a demotion
    // below it makes this device forget the invite.
    const invited = inviteRole(loadToken(sessionId) || '');
    if (invited && RANK[role] < RANK[invited]) saveToken(sessionId, null);
    // A welcome already holds the new role's snapshot; a live promotion
    // needs one (a moderator sees the roster and every queue entry).
    if (!fromWelcome && role === 'moderator') context.client.rejoin();
  }

  const client = new HubClient({
    sessionId,
    buildJoin: () => joinFrame(sessionId, profile),
    onFrame: (frame) => {
      if (frame.type === 'welcome') setAnnouncementsPaused(true);
      if (frame.type === 'notice') return header.notice(frame.code);
      if (frame.type === 'invite.revoked' && frame.participant && frame.participant === model.me?.id) {
        // The token is forgotten, so a reconnect joins as a participant.
        saveToken(sessionId, null);
        header.notice('invite_revoked');
      }
      if (frame.type === 'error' && frame.id === undefined) header.problem(frame);
      if (frame.type === 'report' && view && view.report) view.report(frame.report);
      const changed = applyFrame(model, frame);
      if (!changed.length) return;
      header.update(model, changed);
      if (model.me && model.me.role !== role) return showRoleView(frame.type === 'welcome');
      if (view) view.update(changed);
    },
    onState: (state, detail) => {
      // Events replayed after a reconnect are history: they are shown, not announced.
      if (state !== 'open') setAnnouncementsPaused(false);
      header.connection(state, detail);
      // Commands can go out from here on (not while missed events replay).
      synced = state === 'synced';
      if (synced && view && view.synced) view.synced();
    },
    onOutbox: (items) => view && view.outbox && view.outbox(items),
  });
  context.client = client;
  // Runs a command; shows its error, if any, in plain words.
  context.command = (command) => client.command(command).catch((error) => {
    if (!error.requeued) header.problem(error);
    throw error;
  });
  client.start();
}
