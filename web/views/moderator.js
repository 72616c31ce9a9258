// The moderator's view: before the session is live, that it is not (and
// Start now); the floor and the unified queue first, then questions and
// captions; beside them (below them on a phone) chat, with its
// input in view, the equity figures, people and session controls.
import { h } from '../lib/dom.js';
import { floorBanner } from './parts/floor.js';
import { queuePanel } from './parts/queue.js';
import { questionsPanel } from './parts/questions.js';
import { moderating } from './parts/moderating.js';
import { chatPanel } from './parts/chat.js';
import { rosterPanel } from './parts/roster.js';
import { equityPanel } from './parts/equity.js';
import { controlsPanel } from './parts/controls.js';
import { captionsPanel } from './parts/captions.js';
import { notLiveBanner } from './parts/not-live.js';

export function moderatorView(context) {
  const floor = floorBanner(context, { moderatorCanEnd: true });
  const queue = queuePanel(context);
  const questions = questionsPanel(context, moderating(context));
  const equity = equityPanel(context);
  const chat = chatPanel(context, { moderator: true });
  const roster = rosterPanel(context);
  const controls = controlsPanel(context);
  const captions = captionsPanel(context);
  const notLive = notLiveBanner(context);
  const parts = [notLive, floor, queue, questions, equity, chat, roster, controls, captions];
  const element = h('div', { class: 'layout moderator-view', 'data-view': 'moderator' },
    h('div', { class: 'column-main' }, notLive.element, floor.element, queue.element, questions.element, captions.element),
    h('div', { class: 'column-side' }, chat.element, equity.element, roster.element, controls.element));
  return {
    element,
    outbox: () => { for (const part of parts) if (part.outbox) part.outbox(); },
    update(changed) {
      for (const part of parts) part.update(changed);
    },
    report: (report) => equity.report(report),
    synced: () => equity.synced(),
  };
}
