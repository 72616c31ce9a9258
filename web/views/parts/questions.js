// Online questions: ask, upvote, and follow each question's status. The
// moderator's variant adds pre-moderation and the status actions. A
// dismissal always shows with its reason.
import { h, setText, syncList, panel, select, field } from '../../lib/dom.js';
import { sortedQuestions } from '../../lib/session-model.js';
import { modeLabel } from '../../lib/labels.js';

const STATUS_TEXT = {
  pending: 'Waiting for a moderator',
  approved: 'Open',
  answering: 'Being answered now',
  answered: 'Answered',
  dismissed: 'Dismissed',
};

export function questionsPanel(context, { moderator = false } = {}) {
  const { model } = context;
  let order = moderator ? 'time' : 'votes';
  const input = h('textarea', { id: 'question-input', rows: 2, maxlength: 1000, 'aria-label': 'Your question' });
  const form = h('form', { class: 'composer', onsubmit: (event) => { event.preventDefault(); ask(); } },
    input, h('button', { type: 'submit', text: 'Ask' }));
  const sort = select({ id: 'question-sort', onchange: (event) => { order = event.target.value; render(); } },
    [['votes', 'Most votes'], ['time', 'Newest']], order);
  const premoderation = h('input', { type: 'checkbox', id: 'question-premoderation', onchange: (event) => {
    context.command({ type: 'questions.configure', premoderation: event.target.checked }).catch(() => {});
  } });
  const list = h('ol', { class: 'question-list', 'aria-live': 'polite' });
  const empty = h('p', { class: 'hint', text: 'No questions yet.' });
  const element = panel('questions', 'Questions',
    moderator ? h('div', { class: 'field checkbox' }, premoderation, h('label', { for: 'question-premoderation', text: 'Approve questions before they are shown' })) : form,
    field('Sort', sort), empty, list);

  function ask() {
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    context.command({ type: 'question.ask', text }).catch(() => { if (!input.value) input.value = text; });
  }

  function act(type, question, extra = {}) {
    context.command({ type, question: question.id, ...extra }).catch(() => {});
  }

  function create(question) {
    const item = h('li', { class: 'question' },
      h('p', { class: 'question-text' }),
      h('p', { class: 'question-meta' }),
      h('p', { class: 'question-reason', hidden: true }),
      h('div', { class: 'question-actions' }));
    item.questionId = question.id;
    return item;
  }

  function update(item, question) {
    item.dataset.status = question.status;
    setText(item.querySelector('.question-text'), question.text);
    const mine = question.from.id === model.me.id;
    const votes = `${question.votes} ${question.votes === 1 ? 'vote' : 'votes'}`;
    setText(item.querySelector('.question-meta'), `${mine ? 'You' : question.from.name} (${modeLabel(question.mode)}) · ${votes} · ${STATUS_TEXT[question.status] || question.status}`);
    const reason = item.querySelector('.question-reason');
    reason.hidden = question.status !== 'dismissed';
    setText(reason, question.status === 'dismissed' ? `Reason: ${question.reason || 'none given'}` : '');
    renderActions(item.querySelector('.question-actions'), question, mine);
  }

  function renderActions(container, question, mine) {
    const signature = `${question.status}|${model.myVotes.has(question.id)}|${mine}`;
    if (container.dataset.signature === signature) return;
    container.dataset.signature = signature;
    const buttons = [];
    const open = question.status === 'approved' || question.status === 'answering';
    if (!moderator) {
      const voted = model.myVotes.has(question.id);
      if (open && !mine) {
        buttons.push(h('button', {
          type: 'button', class: 'small', 'aria-pressed': voted ? 'true' : 'false', disabled: voted,
          'aria-label': `${voted ? 'Upvoted' : 'Upvote'}: ${question.text.slice(0, 80)}`,
          text: voted ? 'Upvoted' : 'Upvote', onclick: () => act('question.upvote', question),
        }));
      }
    } else {
      const label = question.text.slice(0, 60);
      if (question.status === 'pending') buttons.push(h('button', { type: 'button', class: 'small', text: 'Approve', 'aria-label': `Approve: ${label}`, onclick: () => act('question.approve', question) }));
      if (question.status === 'approved') buttons.push(h('button', { type: 'button', class: 'small', text: 'Answering now', 'aria-label': `Answering now: ${label}`, onclick: () => act('question.answering', question) }));
      if (open) buttons.push(h('button', { type: 'button', class: 'small', text: 'Answered', 'aria-label': `Answered: ${label}`, onclick: () => act('question.answered', question) }));
      if (question.status !== 'dismissed' && question.status !== 'answered') buttons.push(dismissForm(question, label));
    }
    container.replaceChildren(...buttons);
  }

  function dismissForm(question, label) {
    const reason = h('input', { type: 'text', maxlength: 200, 'aria-label': `Reason for dismissing: ${label}`, placeholder: 'Reason (optional)' });
    return h('form', { class: 'inline-form', onsubmit: (event) => {
      event.preventDefault();
      const text = reason.value.trim();
      act('question.dismiss', question, text ? { reason: text } : {});
    } }, reason, h('button', { type: 'submit', class: 'small', text: 'Dismiss', 'aria-label': `Dismiss: ${label}` }));
  }

  function render() {
    const questions = sortedQuestions(model, order);
    empty.hidden = questions.length > 0;
    syncList(list, questions, (question) => question.id, create, update);
    premoderation.checked = model.premoderation;
  }

  return {
    element,
    update(changed) {
      if (changed.includes('all') || changed.includes('questions')) render();
    },
  };
}
