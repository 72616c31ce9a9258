// The room display, for a projector: the session's state (scheduled, live,
// ended), the pinned announcement, large captions, who has the floor with
// the time left, who speaks next (a point of order or another priority
// marked, with the topic the speaker gave), the open show of hands or poll
// and results once they are public, and the approved questions. It joins as a
// room display (`display: true`), with a display invite or a moderator's
// (the link in the moderator's controls): it sees the queue's names, is
// counted as nobody, and sends nothing but its join. Without an invite it
// joins as a participant and shows how many are waiting. Its language is
// its link's (`?lang=fr`), so each room's projector shows its own.
import { h, setText, syncList, everySecondWhileShown, loadStyle } from '../lib/dom.js';
import { HubClient } from '../lib/client.js';
import { emptyModel, applyFrame, captionLines, secondsLeft, queueEntries, sortedQuestions } from '../lib/session-model.js';
import { speaker as speakerParams, speakerText, clock, stateLabel, connectionText, whenErrors } from '../lib/labels.js';
import { kindLabel } from '../lib/kinds.js';
import { latestPoll, resultsPublic } from '../lib/polls.js';
import { saveDisplayToken, loadDisplayToken, loadToken, inviteRole } from '../lib/storage.js';
import { startsText } from '../lib/times.js';
import { pollResults, kindText, optionNode } from './parts/poll-results.js';
import { t, fill, bdi, clean, isolate, number, language, languageMenu, loadMessages } from '../lib/i18n.js';

const CAPTION_LINES_SHOWN = 4;
const QUESTIONS_SHOWN = 3;
/** How long a closed poll's public results stay on the screen. */
const RESULTS_SHOWN_MS = 10 * 60_000;

export function showDisplay(root, sessionId) {
  const token = new URLSearchParams(location.search).get('token');
  // A projected address bar must not show an invite; a language it names stays.
  const linked = new URLSearchParams(location.search).get('lang');
  const address = (lang) => (lang ? `${location.pathname}?lang=${lang}` : location.pathname);
  if (token) {
    saveDisplayToken(sessionId, token);
    history.replaceState(null, '', address(linked && language()));
  }
  document.documentElement.dataset.display = 'true';
  const model = emptyModel();
  const title = h('h1', { class: 'display-title', dir: 'auto' }, bdi(sessionId));
  // The badge follows the session (from the model); the connection shows
  // only when it is not there.
  const state = h('p', { class: 'state-badge display-state', 'data-session-state': 'scheduled', hidden: true });
  const connection = h('p', { class: 'connection', 'data-state': 'connecting', text: t('connection.connecting') });
  const announcement = h('p', { class: 'display-announcement', dir: 'auto', hidden: true });
  const speaker = h('p', { class: 'display-speaker' });
  const timer = h('p', { class: 'display-timer', role: 'timer' });
  const next = h('p', { class: 'display-next' });
  const captions = h('div', { class: 'display-captions', role: 'log', 'aria-live': 'polite', 'aria-label': t('captions.title') });
  const pollKind = h('span');
  const pollState = h('span', { class: 'poll-state' });
  const pollTitle = h('p', { class: 'display-poll-title', dir: 'auto' });
  const pollOptions = h('ol', { class: 'display-poll-options' });
  const results = pollResults();
  const pollHeld = h('p', { class: 'display-poll-held' });
  const pollArea = h('section', { class: 'display-poll', 'aria-labelledby': 'display-poll-heading', hidden: true },
    h('h2', { id: 'display-poll-heading' }, pollKind, ' ', pollState), pollTitle, pollOptions, results.element, pollHeld);
  // When each closed poll's public results were first shown here.
  const resultsSince = new Map();
  const questions = h('ol', { class: 'display-questions' });
  const noQuestions = h('p', { class: 'hint', text: t('questions.none_open') });
  // The language menu changes the display's link, not this device's choice.
  const menu = languageMenu((lang) => location.assign(address(lang)));
  const main = h('main', { id: 'main', tabindex: '-1', class: 'display' },
    h('header', { class: 'display-header' }, title, h('div', { class: 'display-status' }, state, connection, menu)),
    announcement,
    h('section', { class: 'display-floor', 'aria-label': t('floor.label') }, speaker, timer, next),
    pollArea,
    h('section', { class: 'display-caption-area', 'aria-label': t('captions.title') }, captions),
    h('section', { class: 'display-question-area', 'aria-labelledby': 'display-questions-heading' },
      h('h2', { id: 'display-questions-heading', text: t('display.questions') }), noQuestions, questions));
  root.replaceChildren(main);

  function renderSession() {
    const session = model.session;
    setText(title.firstChild, clean(session.title));
    document.title = t('display.doc_title', { title: isolate(session.title) });
    state.hidden = false;
    state.dataset.sessionState = session.state;
    setText(state, stateLabel(session.state));
  }

  function renderFloor() {
    const current = model.floor.speaker;
    const ended = model.session.state === 'ended';
    main.dataset.sessionState = model.session.state;
    if (current) fill(speaker, 'display.speaking', speakerParams(current));
    else setText(speaker, ended ? t('header.ended') : model.session.state === 'scheduled' ? startsText(model.session) : t('display.open'));
    const waiting = queueEntries(model);
    const named = waiting.filter((entry) => entry.name).slice(0, 2);
    next.hidden = ended;
    // The next speakers' names and topics are isolated from each other and
    // the words around them; a kind other than speaking is marked.
    const who = (entry) => {
      const marked = (entry.kind && entry.kind !== 'speak') || entry.priority;
      return h('span', { class: 'display-who', 'data-kind': entry.kind || 'speak', 'data-priority': entry.priority ? 'true' : null },
        marked ? [h('span', { class: 'kind-badge', text: kindLabel(entry) }), ' '] : null,
        bdi(speakerText(entry)), entry.topic ? [' · ', bdi(entry.topic)] : null);
    };
    if (!waiting.length) setText(next, t('display.nobody'));
    else if (named.length === 2) fill(next, waiting.length > 2 ? 'display.next_two_more' : 'display.next_two', { first: who(named[0]), second: who(named[1]), count: waiting.length });
    else if (named.length) fill(next, waiting.length > 1 ? 'display.next_more' : 'display.next', { first: who(named[0]), count: waiting.length });
    else setText(next, t('floor.waiting', { count: waiting.length }));
  }

  /** The open poll, else the latest one's public results for a while after it closed. */
  function renderPoll(fromWelcome) {
    const item = latestPoll(model);
    let shown = item && item.poll.status === 'open' ? item : null;
    if (item && !shown && resultsPublic(item.poll) && item.tally) {
      if (!resultsSince.has(item.poll.id)) resultsSince.set(item.poll.id, fromWelcome ? Date.parse(item.poll.closed_at) : Date.now());
      if (Date.now() - resultsSince.get(item.poll.id) < RESULTS_SHOWN_MS) shown = item;
    }
    pollArea.hidden = !shown;
    if (!shown) return;
    const { poll, tally } = shown;
    const open = poll.status === 'open';
    setText(pollKind, kindText(poll));
    setText(pollState, open ? t('polls.open') : t('polls.final'));
    pollState.dataset.open = open ? 'true' : 'false';
    setText(pollTitle, clean(poll.title));
    const visible = resultsPublic(poll) && tally;
    results.element.hidden = !visible;
    if (visible) results.render(poll, tally);
    pollOptions.hidden = Boolean(visible);
    if (pollOptions.dataset.poll !== String(poll.id)) {
      pollOptions.dataset.poll = String(poll.id);
      pollOptions.replaceChildren(...poll.options.map((option, index) => h('li', {}, optionNode(poll, index))));
    }
    pollHeld.hidden = !open;
    setText(pollHeld, t(resultsPublic(poll) ? 'polls.answer_here' : 'polls.answer_held'));
  }

  function renderTimer() {
    const left = secondsLeft(model);
    timer.hidden = left === null;
    if (left === null) return;
    setText(timer, left > 0 ? t('floor.left', { time: clock(left) }) : t('floor.time_up'));
    timer.dataset.over = left <= 0 ? 'true' : 'false';
  }
  everySecondWhileShown(main, () => {
    renderTimer();
    // Results of a closed poll leave the screen after a while.
    if (!pollArea.hidden && pollState.dataset.open === 'false') renderPoll(false);
  });

  function renderCaptions() {
    const lang = model.captionTracks[0];
    const lines = captionLines(model, lang).slice(-CAPTION_LINES_SHOWN);
    syncList(captions, lines, (line) => line.line, () => h('p', { class: 'caption-line', dir: 'auto' }), (element, line) => {
      setText(element, clean(line.text));
      element.classList.toggle('writing', !line.final);
    });
  }

  function renderQuestions() {
    const open = sortedQuestions(model, 'votes').filter((question) => question.status === 'approved' || question.status === 'answering').slice(0, QUESTIONS_SHOWN);
    // Numbers are drawn in the item, inside the page's margin.
    syncList(questions, open, (question) => question.id, () => h('li', {}, h('span', { class: 'question-number', 'aria-hidden': 'true' }), h('span', { class: 'question-body' }, h('bdi', { class: 'question-text' }), h('span', { class: 'question-votes' }))), (element, question) => {
      setText(element.querySelector('.question-number'), number(open.indexOf(question) + 1));
      setText(element.querySelector('.question-text'), clean(question.text));
      const votes = t('questions.votes', { count: question.votes });
      setText(element.querySelector('.question-votes'), ` · ${question.status === 'answering' ? t('display.votes_answering', { votes }) : votes}`);
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
      if (all || changed.includes('polls')) renderPoll(all);
    },
    onState: (status, detail) => {
      const open = status === 'open' || status === 'synced';
      connection.dataset.state = open ? 'open' : status;
      connection.hidden = open;
      // A display link that did not work says so: a room display never quietly becomes a participant.
      if (status === 'closed') whenErrors(() => setText(connection, connectionText(status, detail)));
      else setText(connection, status === 'connecting' && !model.session ? t('connection.connecting') : t('display.reconnecting'));
    },
  });
  // The polls' words and style, before the first frame can name a poll.
  Promise.all([loadMessages('polls'), loadStyle('polls')]).then(() => client.start());
}
