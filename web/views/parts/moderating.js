// A moderator's side of the questions: pre-moderation, and each question's
// status actions (approve, answering now, answered, dismiss with a reason).
import { h } from '../../lib/dom.js';
import { t, clean } from '../../lib/i18n.js';

export function moderating(context) {
  const { model } = context;
  const act = (type, question, extra = {}) => context.command({ type, question: question.id, ...extra }).catch(() => {});
  const premoderation = h('input', { type: 'checkbox', id: 'question-premoderation', onchange: (event) => {
    context.command({ type: 'questions.configure', premoderation: event.target.checked }).catch(() => {});
  } });

  function dismissForm(question, label) {
    const reason = h('input', { type: 'text', maxlength: 200, dir: 'auto', 'aria-label': t('modq.reason_for', { what: label }), placeholder: t('modq.reason') });
    return h('form', { class: 'inline-form', onsubmit: (event) => {
      event.preventDefault();
      const text = reason.value.trim();
      act('question.dismiss', question, text ? { reason: text } : {});
    } }, reason, h('button', { type: 'submit', class: 'small', text: t('modq.dismiss'), 'aria-label': t('common.action_on', { action: t('modq.dismiss'), what: label }) }));
  }

  return {
    top: [h('div', { class: 'field checkbox' }, premoderation, h('label', { for: 'question-premoderation', text: t('modq.premoderate') }))],
    order: 'time',
    moderator: true,
    actions(container, question) {
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
    },
    update(changed) {
      if (changed.includes('all') || changed.includes('questions')) premoderation.checked = model.premoderation;
    },
  };
}
