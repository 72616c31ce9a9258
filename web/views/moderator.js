// The moderator's view: before the session is live, that it is not (and
// Start now); the floor and the unified queue first, then shows of hands
// and polls, questions and captions; beside them (below them on a phone)
// chat, with its input in view, the equity figures, people and session
// controls. What a session may never need comes when it does: the polls'
// code, words and style when they are first opened or a poll reaches the
// view, the not-live banner with its words when the session is not live yet.
import { h, panel, loadStyle } from '../lib/dom.js';
import { t, loadMessages } from '../lib/i18n.js';
import { later } from './parts/later.js';
import { floorBanner } from './parts/floor.js';
import { queuePanel } from './parts/queue.js';
import { questionsPanel } from './parts/questions.js';
import { moderating } from './parts/moderating.js';
import { chatPanel } from './parts/chat.js';
import { rosterPanel } from './parts/roster.js';
import { equityPanel } from './parts/equity.js';
import { controlsPanel } from './parts/controls.js';
import { captionsPanel } from './parts/captions.js';

export function moderatorView(context) {
  const { model } = context;
  const floor = floorBanner(context, { moderatorCanEnd: true });
  const queue = queuePanel(context);
  const questions = questionsPanel(context, moderating(context));
  const equity = equityPanel(context);
  const chat = chatPanel(context, { moderator: true });
  const roster = rosterPanel(context);
  const controls = controlsPanel(context);
  const captions = captionsPanel(context);
  const notLive = later(() => Promise.all([import('./parts/not-live.js'), loadMessages('chair')]).then(([module]) => {
    const part = module.notLiveBanner(context);
    floor.element.before(part.element);
    return part;
  }));
  const pollsPanel = panel('polls', t('pollpanel.title'),
    h('button', { type: 'button', id: 'polls-start', text: t('pollpanel.start'), onclick: () => polls.start().then((part) => part.focus()) }));
  const polls = later(() => Promise.all([import('./parts/polls-chair.js'), loadMessages('polls', 'chair'), loadStyle('polls')])
    .then(([module]) => module.pollsChair(context, pollsPanel)));
  const parts = [notLive, floor, queue, polls, questions, equity, chat, roster, controls, captions];
  const element = h('div', { class: 'layout moderator-view', 'data-view': 'moderator' },
    h('div', { class: 'column-main' }, floor.element, queue.element, pollsPanel, questions.element, captions.element),
    h('div', { class: 'column-side' }, chat.element, equity.element, roster.element, controls.element));
  return {
    element,
    outbox: () => { for (const part of parts) if (part.outbox) part.outbox(); },
    update(changed) {
      for (const part of parts) part.update(changed);
      if (model.polls.size) polls.start();
      if (model.session.state === 'scheduled') notLive.start();
    },
    report: (report) => equity.report(report),
    synced: () => equity.synced(),
  };
}
