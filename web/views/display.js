// The room display, for a projector: the session's state (scheduled, live,
// ended), the pinned announcement, large captions, who has the floor with
// the time left, who speaks next, and the approved questions. It joins as a
// room display (`display: true`), with a display invite or a moderator's
// (the link in the moderator's controls): it sees the queue's names, is
// counted as nobody, and sends nothing but its join. Without an invite it
// joins as a participant and shows how many are waiting.
import { h, setText, syncList, everySecondWhileShown } from '../lib/dom.js';
import { HubClient } from '../lib/client.js';
import { emptyModel, applyFrame, captionLines, secondsLeft, queueEntries, sortedQuestions } from '../lib/session-model.js';
import { speakerLabel, clock, SESSION_STATE_TEXT } from '../lib/labels.js';
import { saveDisplayToken, loadDisplayToken, loadToken, inviteRole } from '../lib/storage.js';
import { startsText } from '../lib/times.js';

const CAPTION_LINES_SHOWN = 4;
const QUESTIONS_SHOWN = 3;

export function showDisplay(root, sessionId) {
  const token = new URLSearchParams(location.search).get('token');
  if (token) {
    saveDisplayToken(sessionId, token);
    // A projected address bar must not show an invite.
    history.replaceState(null, '', location.pathname);
  }
  document.documentElement.dataset.display = 'true';
  const model = emptyModel();
  const title = h('h1', { class: 'display-title', text: sessionId });
  // The badge follows the session (from the model); the connection shows
  // only when it is not there.
  const state = h('p', { class: 'state-badge display-state', 'data-session-state': 'scheduled', hidden: true });
  const connection = h('p', { class: 'connection', 'data-state': 'connecting', text: 'Connecting…' });
  const announcement = h('p', { class: 'display-announcement', hidden: true });
  const speaker = h('p', { class: 'display-speaker' });
  const timer = h('p', { class: 'display-timer', role: 'timer' });
  const next = h('p', { class: 'display-next' });
  const captions = h('div', { class: 'display-captions', role: 'log', 'aria-live': 'polite', 'aria-label': 'Captions' });
  const questions = h('ol', { class: 'display-questions' });
  const noQuestions = h('p', { class: 'hint', text: 'No open questions.' });
  const main = h('main', { id: 'main', tabindex: '-1', class: 'display' },
    h('header', { class: 'display-header' }, title, h('div', { class: 'display-status' }, state, connection)),
    announcement,
    h('section', { class: 'display-floor', 'aria-label': 'The floor' }, speaker, timer, next),
    h('section', { class: 'display-caption-area', 'aria-label': 'Captions' }, captions),
    h('section', { class: 'display-question-area', 'aria-labelledby': 'display-questions-heading' },
      h('h2', { id: 'display-questions-heading', text: 'Questions from participants' }), noQuestions, questions));
  root.replaceChildren(main);

  function renderSession() {
    const session = model.session;
    setText(title, session.title);
    document.title = `${session.title} · room display`;
    state.hidden = false;
    state.dataset.sessionState = session.state;
    setText(state, SESSION_STATE_TEXT[session.state] || session.state);
  }

  function renderFloor() {
    const current = model.floor.speaker;
    const ended = model.session.state === 'ended';
    main.dataset.sessionState = model.session.state;
    setText(speaker, current ? `Speaking: ${speakerLabel(current)}`
      : ended ? 'This session has ended'
        : model.session.state === 'scheduled' ? startsText(model.session) : 'The floor is open');
    const waiting = queueEntries(model);
    const named = waiting.filter((entry) => entry.name).slice(0, 2).map(speakerLabel);
    next.hidden = ended;
    if (!waiting.length) setText(next, 'Nobody waiting to speak');
    else if (named.length) setText(next, `Next: ${named.join(', then ')}${waiting.length > named.length ? ` (${waiting.length} waiting)` : ''}`);
    else setText(next, `${waiting.length} waiting to speak`);
  }

  function renderTimer() {
    const left = secondsLeft(model);
    timer.hidden = left === null;
    if (left === null) return;
    setText(timer, left > 0 ? `${clock(left)} left` : 'Time is up');
    timer.dataset.over = left <= 0 ? 'true' : 'false';
  }
  everySecondWhileShown(main, renderTimer);

  function renderCaptions() {
    const lang = model.captionTracks[0];
    const lines = captionLines(model, lang).slice(-CAPTION_LINES_SHOWN);
    syncList(captions, lines, (line) => line.line, () => h('p', { class: 'caption-line' }), (element, line) => {
      setText(element, line.text);
      element.classList.toggle('writing', !line.final);
    });
  }

  function renderQuestions() {
    const open = sortedQuestions(model, 'votes').filter((question) => question.status === 'approved' || question.status === 'answering').slice(0, QUESTIONS_SHOWN);
    // Numbers are drawn in the item, inside the page's margin.
    syncList(questions, open, (question) => question.id, () => h('li', {}, h('span', { class: 'question-number', 'aria-hidden': 'true' }), h('span', { class: 'question-body' }, h('span', { class: 'question-text' }), h('span', { class: 'question-votes' }))), (element, question) => {
      setText(element.querySelector('.question-number'), String(open.indexOf(question) + 1));
      setText(element.querySelector('.question-text'), question.text);
      setText(element.querySelector('.question-votes'), ` · ${question.votes} ${question.votes === 1 ? 'vote' : 'votes'}${question.status === 'answering' ? ' · being answered' : ''}`);
    });
    noQuestions.hidden = open.length > 0;
  }

  // A display invite, or the moderator's own invite when the display is
  // opened on the moderator's laptop: either joins as a room display.
  const moderatorToken = inviteRole(loadToken(sessionId) || '') === 'moderator' ? loadToken(sessionId) : null;
  const displayToken = loadDisplayToken(sessionId) || moderatorToken;
  const client = new HubClient({
    sessionId,
    anonymous: Boolean(displayToken),
    buildJoin: () => ({ name: 'Room display', mode: 'onsite', stakeholder: 'other', region: 'unspecified', token: displayToken, display: Boolean(displayToken) }),
    onFrame: (frame) => {
      const changed = applyFrame(model, frame);
      const all = changed.includes('all');
      if (all || changed.includes('session')) renderSession();
      if (all || changed.includes('announcement')) {
        announcement.hidden = !model.announcement;
        setText(announcement, model.announcement || '');
      }
      if (all || changed.includes('floor') || changed.includes('speaker') || changed.includes('session')) { renderFloor(); renderTimer(); }
      if (all || changed.includes('captions')) renderCaptions();
      if (all || changed.includes('questions')) renderQuestions();
    },
    onState: (status, detail) => {
      const open = status === 'open' || status === 'synced';
      connection.dataset.state = open ? 'open' : status;
      connection.hidden = open;
      setText(connection, status === 'closed' ? `Disconnected: ${detail}` : status === 'connecting' && !model.session ? 'Connecting…' : 'Reconnecting…');
    },
  });
  client.start();
}
