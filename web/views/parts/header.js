// The session header: title, room, the connection's state (seen and
// announced), presence by mode, the pinned announcement, and the latest
// problem or notice.
import { h, setText, announce } from '../../lib/dom.js';
import { problemText, stateLabel, slowModeSeconds, connectionText, whenErrors } from '../../lib/labels.js';
import { sessionTimes } from '../../lib/times.js';
import { t, fill, bdi, clean, isolate, languageMenu, loadMessages } from '../../lib/i18n.js';

export function sessionHeader(sessionId) {
  // The title is user text: its own direction (so a long one is cut at its own end), the page's alignment.
  const title = h('h1', { class: 'session-title', dir: 'auto' }, bdi(sessionId));
  const roomText = h('span');
  const ended = h('span');
  // When: on a wide screen only; a phone has it under People.
  const when = h('span', { class: 'header-when' });
  const room = h('p', { class: 'session-room' }, roomText, ended, when);
  const stateBadge = h('span', { class: 'state-badge', 'data-session-state': 'scheduled', hidden: true });
  const connection = h('p', { class: 'connection', 'data-state': 'connecting', id: 'connection-state' }, t('connection.connecting'));
  const presence = h('p', { class: 'presence', id: 'presence' });
  const announcement = h('p', { class: 'announcement', id: 'announcement', hidden: true });
  // role="alert" makes screen readers say it when it appears; nothing else
  // announces problems, so they are heard once.
  const problem = h('div', { class: 'problem', id: 'problem', role: 'alert', hidden: true },
    h('span', { class: 'problem-text' }), h('button', { type: 'button', class: 'link dismiss', text: t('common.dismiss'), onclick: () => hideProblem() }));
  // The settings' controls and words are fetched when they are first opened.
  const settings = h('details', { class: 'settings', ontoggle: () => {
    if (!settings.open || settings.dataset.loaded) return;
    settings.dataset.loaded = 'true';
    Promise.all([import('./settings.js'), loadMessages('settings')]).then(([module]) => settings.append(module.settingsControls()));
  } }, h('summary', { text: t('common.settings') }));
  const element = h('header', { class: 'session-header' },
    h('div', { class: 'header-row' },
      h('div', { class: 'header-titles' }, h('div', { class: 'title-line' }, title, stateBadge), room),
      connection),
    h('div', { class: 'header-row header-tools' }, presence, h('div', { class: 'tools' }, languageMenu(), settings)),
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
      whenErrors(() => showProblem(problemText(error), 'error', wait === null ? null : wait * 1000));
    },
    // A notice about one's invite: it did not work, so one joined as a
    // participant (`invite_failed`), or the organiser revoked it (`invite_revoked`).
    notice: (code) => whenErrors(() => showProblem(t(code === 'invite_revoked' ? 'closed.invite_revoked' : 'closed.invite_failed'), 'notice')),
    async connection(state, detail) {
      // Closed is the last state: why is said once the errors' words are here.
      if (state === 'closed') await whenErrors(() => {});
      const text = connectionText(state, detail);
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
        setText(title.firstChild, clean(model.session.title));
        if (model.session.room) roomText.replaceChildren(bdi(model.session.room));
        else setText(roomText, t('common.online_room'));
        setText(ended, model.session.state === 'ended' ? ` · ${t('header.ended')}` : '');
        setText(when, ` · ${sessionTimes(model.session)}`);
        stateBadge.hidden = false;
        stateBadge.dataset.sessionState = model.session.state;
        setText(stateBadge, stateLabel(model.session.state));
        document.title = t('header.doc_title', { title: isolate(model.session.title) });
        const state = model.session.state;
        const news = { live: t('header.live_news'), ended: t('header.ended_news') }[state];
        if (!all && shownSessionState && state !== shownSessionState && news) announce(news);
        shownSessionState = state;
      }
      if ((all || changed.includes('presence')) && model.presence) {
        const { by_mode: byMode, attendees } = model.presence;
        setText(presence, t('header.presence', { count: attendees, onsite: byMode.onsite, remote: byMode.remote }));
      }
      if (all || changed.includes('announcement')) {
        announcement.hidden = !model.announcement;
        if (model.announcement) fill(announcement, 'header.announcement', { text: bdi(model.announcement) });
        if (!all && model.announcement) announce(t('header.announcement', { text: model.announcement }));
      }
    },
  };
}
