// The session header: title, room, the connection's state (seen and
// announced), presence by mode, the pinned announcement, and the latest
// problem or notice.
import { h, setText, announce } from '../../lib/dom.js';
import { preferenceControls } from '../../lib/preferences.js';
import { ERROR_TEXT, SESSION_STATE_TEXT, slowModeSeconds } from '../../lib/labels.js';
import { sessionTimes } from '../../lib/times.js';

const STATE_TEXT = {
  connecting: 'Connecting…',
  open: 'Connected',
  synced: 'Connected',
  reconnecting: (seconds) => `Connection lost. Reconnecting in ${seconds} s. What you type is kept and sent when back.`,
  closed: (reason) => reason === 'removed' ? 'A moderator removed you from this session.'
    : reason === 'banned' ? 'A moderator removed you from this session; you cannot join again.'
      : `Disconnected: ${reason}`,
};

/** Says an error in plain words; the server's message when there are none. */
export function problemText(error) {
  const text = ERROR_TEXT[error.code];
  if (typeof text === 'function') return text(error);
  return text || error.message || error.code;
}

export function sessionHeader(sessionId) {
  const title = h('h1', { class: 'session-title', text: sessionId });
  const roomText = h('span');
  // When: on a wide screen only; a phone has it under People.
  const when = h('span', { class: 'header-when' });
  const room = h('p', { class: 'session-room' }, roomText, when);
  const stateBadge = h('span', { class: 'state-badge', 'data-session-state': 'scheduled', hidden: true });
  const connection = h('p', { class: 'connection', 'data-state': 'connecting', id: 'connection-state' }, 'Connecting…');
  const presence = h('p', { class: 'presence', id: 'presence' });
  const announcement = h('p', { class: 'announcement', id: 'announcement', hidden: true });
  // role="alert" makes screen readers say it when it appears; nothing else
  // announces problems, so they are heard once.
  const problem = h('div', { class: 'problem', id: 'problem', role: 'alert', hidden: true },
    h('span', { class: 'problem-text' }), h('button', { type: 'button', class: 'link dismiss', text: 'Dismiss', onclick: () => hideProblem() }));
  const settings = h('details', { class: 'settings' }, h('summary', { text: 'Display settings' }), preferenceControls());
  const element = h('header', { class: 'session-header' },
    h('div', { class: 'header-row' },
      h('div', { class: 'header-titles' }, h('div', { class: 'title-line' }, title, stateBadge), room),
      connection),
    h('div', { class: 'header-row header-tools' }, presence, settings),
    announcement, problem);
  // A problem that expires (a slow-mode wait) goes by itself.
  let problemTimer = null;
  // The last state that was announced; `connecting` between two retries
  // does not count, so "connection lost" is said once per outage.
  let announcedState = null;
  // The session's state as last shown: a change (live, ended) is announced.
  let shownSessionState = null;

  function showProblem(text, kind, forMs = null) {
    clearTimeout(problemTimer);
    problem.hidden = false;
    problem.dataset.kind = kind;
    setText(problem.querySelector('span'), text);
    if (forMs !== null) problemTimer = setTimeout(hideProblem, forMs);
  }

  function hideProblem() {
    clearTimeout(problemTimer);
    problem.hidden = true;
  }

  return {
    element,
    problem(error) {
      const wait = error.code === 'slow_mode' ? slowModeSeconds(error) : null;
      showProblem(problemText(error), 'error', wait === null ? null : wait * 1000);
    },
    notice: (text) => showProblem(text, 'notice'),
    connection(state, detail) {
      const text = typeof STATE_TEXT[state] === 'function' ? STATE_TEXT[state](detail) : STATE_TEXT[state];
      connection.dataset.state = state === 'synced' ? 'open' : state;
      setText(connection, text);
      if (state === 'connecting' || state === 'synced') return;
      const kind = state === 'open' ? 'open' : state === 'closed' ? 'closed' : 'lost';
      if (kind !== announcedState) announce(text, { assertive: kind === 'closed', evenWhilePaused: true });
      announcedState = kind;
    },
    update(model, changed) {
      const all = changed.includes('all');
      if (all || changed.includes('session')) {
        setText(title, model.session.title);
        setText(roomText, `${model.session.room || 'Online'}${model.session.state === 'ended' ? ' · This session has ended' : ''}`);
        setText(when, ` · ${sessionTimes(model.session)}`);
        stateBadge.hidden = false;
        stateBadge.dataset.sessionState = model.session.state;
        setText(stateBadge, SESSION_STATE_TEXT[model.session.state] || model.session.state);
        document.title = `${model.session.title} · hybridhub`;
        const state = model.session.state;
        const news = { live: 'The session is live.', ended: 'The session has ended.' }[state];
        if (!all && shownSessionState && state !== shownSessionState && news) announce(news);
        shownSessionState = state;
      }
      if ((all || changed.includes('presence')) && model.presence) {
        const { by_mode: byMode, attendees } = model.presence;
        setText(presence, `${attendees} taking part: ${byMode.onsite} in the room, ${byMode.remote} online`);
      }
      if (all || changed.includes('announcement')) {
        announcement.hidden = !model.announcement;
        setText(announcement, model.announcement ? `Announcement: ${model.announcement}` : '');
        if (!all && model.announcement) announce(`Announcement: ${model.announcement}`);
      }
    },
  };
}
