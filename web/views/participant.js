// The participant's view: where to hear, watch and speak (the session's
// links, when it has any), the floor, a show of hands or poll when there is
// one, and the captions first, then the hand, questions, chat and people.
// On a narrow screen (a phone) the captions stay in view and the four
// panels are tabs below them, each one tap away, with counts of what
// arrived unseen; on a wide one every panel shows.
import { h, loadStyle } from '../lib/dom.js';
import { yourPosition } from '../lib/session-model.js';
import { t, ordinal, number, loadMessages } from '../lib/i18n.js';
import { captionsPanel } from './parts/captions.js';
import { floorBanner } from './parts/floor.js';
import { handPanel } from './parts/hand.js';
import { questionsPanel } from './parts/questions.js';
import { asking } from './parts/asking.js';
import { chatPanel } from './parts/chat.js';
import { peoplePanel } from './parts/people.js';
import { panelTabs } from './parts/tabs.js';
import { sessionLinks } from './parts/links.js';
import { later } from './parts/later.js';

export function participantView(context) {
  const { model } = context;
  const parts = [floorBanner(context), captionsPanel(context), handPanel(context), questionsPanel(context, asking(context)), chatPanel(context), peoplePanel(context), sessionLinks(context)];
  const [floor, captions, hand, questions, chat, people, links] = parts;
  // Polls come with their code, words and style when the first one does.
  const poll = later(() => Promise.all([import('./parts/poll-card.js'), loadMessages('polls'), loadStyle('polls')]).then(([module]) => {
    const card = module.pollCard(context);
    captions.element.before(card.element);
    return card;
  }));
  parts.push(poll);
  // What the viewer has seen: the last chat seq and question id.
  const seen = { chat: null, questions: null };
  const tabs = panelTabs([
    { id: 'hand', label: t('tabs.hand'), panel: hand.element },
    { id: 'questions', label: t('questions.title'), panel: questions.element },
    { id: 'chat', label: t('chat.title'), panel: chat.element },
    { id: 'people', label: t('people.title'), panel: people.element },
  ], { label: t('tabs.label'), onSelect: () => { countUnseen(); chat.shown(tabs.shows('chat')); } });
  const element = h('div', { class: 'layout participant-view', 'data-view': 'participant' },
    h('div', { class: 'column-main' }, links.element, floor.element, captions.element, tabs.element, questions.element),
    h('div', { class: 'column-side' }, hand.element, chat.element, people.element));

  function countUnseen() {
    const others = (from) => from.id !== model.me.id;
    const lastChat = model.chat.length ? model.chat[model.chat.length - 1].seq : 0;
    const lastQuestion = Math.max(0, ...model.questions.keys());
    if (seen.chat === null || tabs.shows('chat')) seen.chat = lastChat;
    if (seen.questions === null || tabs.shows('questions')) seen.questions = lastQuestion;
    const chats = model.chat.filter((message) => message.seq > seen.chat && others(message.from)).length;
    const asked = [...model.questions.values()].filter((question) => question.id > seen.questions && others(question.from)).length;
    tabs.badge('chat', chats ? number(chats) : '', t('tabs.new_messages', { count: chats }));
    tabs.badge('questions', asked ? number(asked) : '', t('tabs.new_questions', { count: asked }));
    const position = yourPosition(model);
    tabs.badge('hand', position ? ordinal(position) : '', position ? t('tabs.hand_up', { position: ordinal(position) }) : '', 'status');
  }

  return {
    element,
    outbox: () => { for (const part of parts) if (part.outbox) part.outbox(); },
    update(changed) {
      for (const part of parts) part.update(changed);
      if (model.polls.size) poll.start();
      if (changed.some((part) => ['all', 'chat', 'questions', 'floor'].includes(part))) countUnseen();
      if (changed.includes('all')) chat.shown(tabs.shows('chat'));
    },
  };
}
