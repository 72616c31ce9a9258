// A participant's side of the questions: asking (a question typed offline
// or refused waits in the unsent list) and upvoting others' open questions.
import { h, setText, announce } from '../../lib/dom.js';
import { unsentList } from './unsent.js';
import { t, clean } from '../../lib/i18n.js';

export function asking(context) {
  const { model } = context;
  const input = h('textarea', { id: 'question-input', rows: 2, maxlength: 1000, 'aria-label': t('ask.yours'), 'aria-describedby': 'question-rules', dir: 'auto' });
  const askButton = h('button', { type: 'submit', text: t('ask.ask') });
  const rules = h('p', { class: 'hint', id: 'question-rules', text: t('ask.upvotable') });
  const form = h('div', { class: 'ask' },
    h('form', { class: 'composer', onsubmit: (event) => { event.preventDefault(); ask(); } }, input, askButton),
    rules);
  const unsent = unsentList(context, 'question.ask', t('ask.unsent'));

  function ask() {
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    // Refused or offline, the question stays in the unsent list.
    context.command({ type: 'question.ask', text }).catch(() => {});
  }

  function upvote(question, render) {
    if (model.myVotes.has(question.id)) return announce(t('questions.already_voted'));
    context.client.command({ type: 'question.upvote', question: question.id }).catch((error) => {
      // The server remembers votes across reloads; so does the button now.
      if (error.code !== 'already_voted') return context.problem(error);
      model.myVotes.add(question.id);
      render();
      announce(t('questions.already_voted'));
    });
  }

  return {
    top: [form, unsent.element],
    order: 'votes',
    moderator: false,
    actions(container, question, mine, render) {
      // One button per question, updated in place, so focus stays on it.
      let button = container.querySelector('button');
      if (!button) {
        button = h('button', { type: 'button', class: 'small', onclick: () => upvote(question, render) });
        container.append(button);
      }
      const open = question.status === 'approved' || question.status === 'answering';
      const voted = model.myVotes.has(question.id);
      button.hidden = !open || mine;
      button.setAttribute('aria-pressed', voted ? 'true' : 'false');
      const text = t(voted ? 'ask.upvoted' : 'ask.upvote');
      button.setAttribute('aria-label', t('common.action_on', { action: text, what: clean(question.text.slice(0, 80)) }));
      setText(button, text);
    },
    update(changed) {
      if (changed.includes('all')) unsent.render();
      if (!['all', 'session', 'questions'].some((part) => changed.includes(part))) return;
      const ended = model.session.state === 'ended';
      input.disabled = ended;
      askButton.disabled = ended;
      setText(rules, ended ? t('ask.ended') : model.premoderation ? t('ask.premoderated') : t('ask.upvotable'));
    },
    outbox: () => unsent.render(),
  };
}
