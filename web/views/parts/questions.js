// Online questions: ask, upvote, and follow each question's status. The
// moderator's variant adds pre-moderation and the status actions. Answered
// and dismissed questions fold away below the open ones; a dismissal always
// shows with its reason, and the asker's own dismissed question stays in
// view.
import { h, setText, syncList, panel, select, announce } from '../../lib/dom.js';
import { sortedQuestions } from '../../lib/session-model.js';
import { modeLabel } from '../../lib/labels.js';
import { unsentList } from './unsent.js';

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
  const input = h('textarea', { id: 'question-input', rows: 2, maxlength: 1000, 'aria-label': 'Your question', 'aria-describedby': 'question-rules' });
  const askButton = h('button', { type: 'submit', text: 'Ask' });
  const rules = h('p', { class: 'hint', id: 'question-rules', text: 'Others can upvote your question.' });
  const form = h('div', { class: 'ask' },
    h('form', { class: 'composer', onsubmit: (event) => { event.preventDefault(); ask(); } }, input, askButton),
    rules);
  const sort = select({ id: 'question-sort', onchange: (event) => { order = event.target.value; render(); } },
    [['votes', 'Most votes'], ['time', 'Newest']], order);
  const premoderation = h('input', { type: 'checkbox', id: 'question-premoderation', onchange: (event) => {
    context.command({ type: 'questions.configure', premoderation: event.target.checked }).catch(() => {});
  } });
  const list = h('ol', { class: 'question-list', 'aria-label': 'Questions' });
  const closedList = h('ol', { class: 'question-list', 'aria-label': 'Answered and dismissed questions' });
  const foldSummary = h('summary');
  const fold = h('details', { class: 'question-fold', hidden: true }, foldSummary, closedList);
  const unsent = unsentList(context, 'question.ask', 'Questions not sent yet');
  const empty = h('p', { class: 'hint', text: 'No questions yet.' });
  const element = panel('questions', 'Questions',
    moderator ? h('div', { class: 'field checkbox' }, premoderation, h('label', { for: 'question-premoderation', text: 'Approve questions before they are shown' })) : form,
    moderator ? null : unsent.element, h('div', { class: 'field inline sort' }, h('label', { for: 'question-sort', text: 'Sort' }), sort), empty, list, fold);

  function ask() {
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    // Refused or offline, the question stays in the unsent list.
    context.command({ type: 'question.ask', text }).catch(() => {});
  }

  function act(type, question, extra = {}) {
    context.command({ type, question: question.id, ...extra }).catch(() => {});
  }

  function upvote(question) {
    if (model.myVotes.has(question.id)) return announce('You already upvoted this question.');
    context.client.command({ type: 'question.upvote', question: question.id }).catch((error) => {
      // The server remembers votes across reloads; so does the button now.
      if (error.code !== 'already_voted') return context.problem(error);
      model.myVotes.add(question.id);
      render();
      announce('You already upvoted this question.');
    });
  }

  function create(question) {
    const item = h('li', { class: 'question', tabindex: '-1' },
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

  function renderUpvote(container, question, mine) {
    // One button per question, updated in place, so focus stays on it.
    let button = container.querySelector('button');
    if (!button) {
      button = h('button', { type: 'button', class: 'small', onclick: () => upvote(question) });
      container.append(button);
    }
    const open = question.status === 'approved' || question.status === 'answering';
    const voted = model.myVotes.has(question.id);
    button.hidden = !open || mine;
    button.setAttribute('aria-pressed', voted ? 'true' : 'false');
    button.setAttribute('aria-label', `${voted ? 'Upvoted' : 'Upvote'}: ${question.text.slice(0, 80)}`);
    setText(button, voted ? 'Upvoted' : 'Upvote');
  }

  function renderActions(container, question, mine) {
    if (!moderator) return renderUpvote(container, question, mine);
    const signature = `${question.status}`;
    if (container.dataset.signature === signature) return;
    container.dataset.signature = signature;
    const hadFocus = container.contains(document.activeElement);
    const buttons = [];
    const open = question.status === 'approved' || question.status === 'answering';
    {
      const label = question.text.slice(0, 60);
      if (question.status === 'pending') buttons.push(h('button', { type: 'button', class: 'small', text: 'Approve', 'aria-label': `Approve: ${label}`, onclick: () => act('question.approve', question) }));
      if (question.status === 'approved') buttons.push(h('button', { type: 'button', class: 'small', text: 'Answering now', 'aria-label': `Answering now: ${label}`, onclick: () => act('question.answering', question) }));
      if (open) buttons.push(h('button', { type: 'button', class: 'small', text: 'Answered', 'aria-label': `Answered: ${label}`, onclick: () => act('question.answered', question) }));
      if (question.status !== 'dismissed' && question.status !== 'answered') buttons.push(dismissForm(question, label));
    }
    container.replaceChildren(...buttons);
    // The pressed button is gone with the old status: keep focus on this question.
    if (hadFocus) (container.querySelector('button') || container.closest('li')).focus();
  }

  function dismissForm(question, label) {
    const reason = h('input', { type: 'text', maxlength: 200, 'aria-label': `Reason for dismissing: ${label}`, placeholder: 'Reason (optional)' });
    return h('form', { class: 'inline-form', onsubmit: (event) => {
      event.preventDefault();
      const text = reason.value.trim();
      act('question.dismiss', question, text ? { reason: text } : {});
    } }, reason, h('button', { type: 'submit', class: 'small', text: 'Dismiss', 'aria-label': `Dismiss: ${label}` }));
  }

  function renderAsking() {
    const ended = model.session.state === 'ended';
    input.disabled = ended;
    askButton.disabled = ended;
    setText(rules, ended ? 'The session has ended: questions are closed.'
      : model.premoderation ? 'A moderator approves questions before others see them.' : 'Others can upvote your question.');
  }

  /** Answered and dismissed questions fold away, but not a dismissal of one's own. */
  function isClosed(question) {
    if (question.status === 'answered') return true;
    return question.status === 'dismissed' && (moderator || question.from.id !== model.me.id);
  }

  function render() {
    const questions = sortedQuestions(model, order);
    const open = questions.filter((question) => !isClosed(question));
    const closed = questions.filter(isClosed);
    empty.hidden = open.length > 0;
    setText(empty, questions.length ? 'No open questions.' : 'No questions yet.');
    syncList(list, open, (question) => question.id, create, update);
    syncList(closedList, closed, (question) => question.id, create, update);
    fold.hidden = closed.length === 0;
    setText(foldSummary, `Answered and dismissed (${closed.length})`);
    premoderation.checked = model.premoderation;
  }

  return {
    element,
    outbox: () => unsent.render(),
    update(changed) {
      if (changed.includes('all') || changed.includes('questions')) render();
      if (!moderator && (changed.includes('all') || changed.includes('session') || changed.includes('questions'))) renderAsking();
      if (changed.includes('all')) unsent.render();
    },
  };
}
