// A moderator's actions on a question, by its status: approve a pending
// one, mark an approved one as being answered, mark it answered, dismiss
// it with a reason. Fetched with the first question (see moderating.js).
import { h } from '../../lib/dom.js';
import { t, clean } from '../../lib/i18n.js';

/** Returns `(container, question)`, which puts the question's actions in `container`. */
export function questionActions(context) {
  const act = (type, question, extra = {}) => context.command({ type, question: question.id, ...extra }).catch(() => {});

  function dismissForm(question, label) {
    const reason = h('input', { type: 'text', maxlength: 200, dir: 'auto', 'aria-label': t('modq.reason_for', { what: label }), placeholder: t('modq.reason') });
    return h('form', { class: 'inline-form', onsubmit: (event) => {
      event.preventDefault();
      const text = reason.value.trim();
      act('question.dismiss', question, text ? { reason: text } : {});
    } }, reason, h('button', { type: 'submit', class: 'small', text: t('modq.dismiss'), 'aria-label': t('common.action_on', { action: t('modq.dismiss'), what: label }) }));
  }

  return (container, question) => {
    const signature = `${question.status}`;
    if (container.dataset.signature === signature) return;
    container.dataset.signature = signature;
    const hadFocus = container.contains(document.activeElement);
    const buttons = [];
    const open = question.status === 'approved' || question.status === 'answering';
    const label = clean(question.text.slice(0, 60));
    const button = (key, type) => h('button', { type: 'button', class: 'small', text: t(key), 'aria-label': t('common.action_on', { action: t(key), what: label }), onclick: () => act(type, question) });
    if (question.status === 'pending') buttons.push(button('modq.approve', 'question.approve'));
    if (question.status === 'approved') buttons.push(button('modq.answering', 'question.answering'));
    if (open) buttons.push(button('modq.answered', 'question.answered'));
    if (question.status !== 'dismissed' && question.status !== 'answered') buttons.push(dismissForm(question, label));
    container.replaceChildren(...buttons);
    // The pressed button is gone with the old status: keep focus on this question.
    if (hadFocus) (container.querySelector('button') || container.closest('li')).focus();
  };
}
