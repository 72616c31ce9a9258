// Online questions: each question with its status; answered and dismissed
// ones fold away below the open ones; a dismissal always shows with its
// reason, and the asker's own dismissed question stays in view. What a role
// does with them is `side`: asking and upvoting (asking.js, participants)
// or pre-moderation and the status actions (moderating.js), so each view
// fetches only its own.
import { h, setText, syncList, panel, select } from '../../lib/dom.js';
import { sortedQuestions } from '../../lib/session-model.js';
import { modeLabel } from '../../lib/labels.js';
import { t, fill, bdi, clean } from '../../lib/i18n.js';

const STATUS_TEXT = {
  pending: 'questions.pending',
  approved: 'questions.approved',
  answering: 'questions.answering',
  answered: 'questions.answered',
  dismissed: 'questions.dismissed',
};

/** `side`: `{top, order, moderator, actions(container, question, mine, render), update(changed), outbox()}`. */
export function questionsPanel(context, side) {
  const { model } = context;
  let order = side.order;
  const sort = select({ id: 'question-sort', onchange: (event) => { order = event.target.value; render(); } },
    [['votes', t('questions.by_votes')], ['time', t('questions.newest')]], order);
  const list = h('ol', { class: 'question-list', 'aria-label': t('questions.title') });
  const closedList = h('ol', { class: 'question-list', 'aria-label': t('questions.closed') });
  const foldSummary = h('summary');
  const fold = h('details', { class: 'question-fold', hidden: true }, foldSummary, closedList);
  const empty = h('p', { class: 'hint', text: t('questions.none') });
  const element = panel('questions', t('questions.title'), ...side.top,
    h('div', { class: 'field inline sort' }, h('label', { for: 'question-sort', text: t('questions.sort') }), sort), empty, list, fold);

  function create(question) {
    const item = h('li', { class: 'question', tabindex: '-1' },
      h('p', { class: 'question-text', dir: 'auto' }),
      h('p', { class: 'question-meta' }),
      h('p', { class: 'question-reason', hidden: true }),
      h('div', { class: 'question-actions' }));
    item.questionId = question.id;
    return item;
  }

  function update(item, question) {
    item.dataset.status = question.status;
    setText(item.querySelector('.question-text'), clean(question.text));
    const mine = question.from.id === model.me.id;
    fill(item.querySelector('.question-meta'), mine ? 'questions.meta_mine' : 'questions.meta', {
      name: bdi(question.from.name), mode: modeLabel(question.mode), votes: t('questions.votes', { count: question.votes }),
      status: STATUS_TEXT[question.status] ? t(STATUS_TEXT[question.status]) : question.status,
    });
    const reason = item.querySelector('.question-reason');
    reason.hidden = question.status !== 'dismissed';
    if (question.status === 'dismissed') fill(reason, 'questions.reason', { reason: question.reason ? bdi(question.reason) : t('questions.no_reason') });
    side.actions(item.querySelector('.question-actions'), question, mine, render);
  }

  /** Answered and dismissed questions fold away, but not a dismissal of one's own. */
  function isClosed(question) {
    if (question.status === 'answered') return true;
    return question.status === 'dismissed' && (side.moderator || question.from.id !== model.me.id);
  }

  function render() {
    const questions = sortedQuestions(model, order);
    const open = questions.filter((question) => !isClosed(question));
    const closed = questions.filter(isClosed);
    empty.hidden = open.length > 0;
    setText(empty, questions.length ? t('questions.none_open') : t('questions.none'));
    syncList(list, open, (question) => question.id, create, update);
    syncList(closedList, closed, (question) => question.id, create, update);
    fold.hidden = closed.length === 0;
    setText(foldSummary, t('questions.fold', { count: closed.length }));
  }

  return {
    element,
    outbox: () => side.outbox?.(),
    update(changed) {
      if (changed.includes('all') || changed.includes('questions')) render();
      side.update(changed);
    },
  };
}
