// The participant's view: captions first, then the floor and the hand,
// questions and chat.
import { h } from '../lib/dom.js';
import { captionsPanel } from './parts/captions.js';
import { floorBanner } from './parts/floor.js';
import { handPanel } from './parts/hand.js';
import { questionsPanel } from './parts/questions.js';
import { chatPanel } from './parts/chat.js';

export function participantView(context) {
  const parts = [floorBanner(context), captionsPanel(context), handPanel(context), questionsPanel(context), chatPanel(context)];
  const [floor, captions, hand, questions, chat] = parts;
  const element = h('div', { class: 'layout participant-view', 'data-view': 'participant' },
    h('div', { class: 'column-main' }, floor.element, captions.element),
    h('div', { class: 'column-side' }, hand.element, questions.element, chat.element));
  return {
    element,
    outbox: () => { for (const part of parts) if (part.outbox) part.outbox(); },
    update(changed) {
      for (const part of parts) part.update(changed);
    },
  };
}
