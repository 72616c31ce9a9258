// A moderator's side of the questions: pre-moderation, and each question's
// status actions (question-actions.js, fetched with the first question).
import { h } from '../../lib/dom.js';
import { t } from '../../lib/i18n.js';

export function moderating(context) {
  const { model } = context;
  let statusActions = null;
  let loading = null;
  const premoderation = h('input', { type: 'checkbox', id: 'question-premoderation', onchange: (event) => {
    context.command({ type: 'questions.configure', premoderation: event.target.checked }).catch(() => {});
  } });

  return {
    top: [h('div', { class: 'field checkbox' }, premoderation, h('label', { for: 'question-premoderation', text: t('modq.premoderate') }))],
    order: 'time',
    moderator: true,
    // The actions' code comes with the first question; the list is drawn again then.
    actions(container, question, mine, render) {
      if (statusActions) return statusActions(container, question);
      loading ||= import('./question-actions.js').then((module) => {
        statusActions = module.questionActions(context);
        render();
      });
    },
    update(changed) {
      if (changed.includes('all') || changed.includes('questions')) premoderation.checked = model.premoderation;
    },
  };
}
