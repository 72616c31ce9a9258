// The participant's show of hands or poll, fetched with its words when the
// first one reaches the view: answer it, and change the answer while it is
// open (a remote hub enters how many of its people chose each answer, up
// to its headcount); the results, live or once published; opened, closed
// and published said to screen readers. A closed one stays until dismissed.
import { h, setText, announce } from '../../lib/dom.js';
import { latestPoll, resultsPublic, chosenOf, countsOf, hubCountProblem } from '../../lib/polls.js';
import { pollResults, kindText, optionNode, optionText } from './poll-results.js';
import { pollNews } from './poll-news.js';
import { t, clean, number } from '../../lib/i18n.js';

export function pollCard(context) {
  const { model } = context;
  const hub = Boolean(model.me.hub);
  // What the server counts: a hub whose headcount no moderator has
  // confirmed yet counts as one person, and may send counts up to one.
  const countedHeadcount = () => (model.me.hub.confirmed === false ? 1 : model.me.hub.headcount);
  let builtForHeadcount = null;
  const kind = h('span');
  const state = h('span', { class: 'poll-state' });
  const dismiss = h('button', { type: 'button', class: 'small', text: t('common.dismiss'), onclick: () => { dismissed.add(shown); render(); } });
  const title = h('legend', { class: 'poll-title', dir: 'auto' });
  const hint = h('p', { class: 'hint', id: 'poll-hint' });
  const choices = h('div', { class: 'poll-choices' });
  const send = h('button', { type: 'submit', class: 'primary' });
  const said = h('p', { class: 'poll-said', role: 'status' });
  const form = h('form', { class: 'poll-form', onsubmit: (event) => { event.preventDefault(); answer(); } },
    h('fieldset', { 'aria-describedby': 'poll-hint' }, title, hint, choices), send);
  const closedTitle = h('p', { class: 'poll-title', dir: 'auto' });
  const results = pollResults();
  const held = h('p', { class: 'hint poll-held', text: t('polls.held_back') });
  const element = h('section', { class: 'panel poll-card', id: 'poll', 'aria-labelledby': 'poll-heading', hidden: true },
    h('div', { class: 'panel-head' }, h('h2', { id: 'poll-heading' }, kind, ' ', state), dismiss),
    form, closedTitle, said, results.element, held);
  const news = pollNews(model);
  // The poll shown, and the closed ones this reader put away.
  let shown = null;
  const dismissed = new Set();

  /** The answer controls of a poll: choices for a person, numbers for a hub. */
  function buildChoices(item) {
    const { poll } = item;
    const single = poll.max_choices <= 1;
    const mine = hub ? item.your_counts || [] : chosenOf(item);
    choices.replaceChildren(...poll.options.map((option, index) => {
      const id = `poll-${poll.id}-${index}`;
      if (hub) {
        const input = h('input', { type: 'number', id, min: 0, max: countedHeadcount(), inputmode: 'numeric', value: String(mine[index] ?? '') });
        return h('div', { class: 'field poll-count-field' }, h('label', { for: id }, optionNode(poll, index)), input);
      }
      const input = h('input', { type: single ? 'radio' : 'checkbox', id, name: `poll-${poll.id}`, value: String(index), checked: mine.includes(index), onchange: limitChoices });
      return h('div', { class: 'poll-choice' }, input, h('label', { for: id }, optionNode(poll, index)));
    }));
    limitChoices();
  }

  /** In a multiple choice, the other boxes rest once the most allowed are ticked. */
  function limitChoices() {
    const item = model.polls.get(shown);
    if (hub || !item || item.poll.max_choices <= 1) return;
    const boxes = [...choices.querySelectorAll('input')];
    const full = boxes.filter((box) => box.checked).length >= item.poll.max_choices;
    for (const box of boxes) box.disabled = full && !box.checked;
  }

  function answer() {
    const item = model.polls.get(shown);
    if (!item || item.poll.status !== 'open') return;
    const { poll } = item;
    let command;
    if (hub) {
      const counts = [...choices.querySelectorAll('input')].map((input) => (input.value.trim() === '' ? 0 : Number(input.value)));
      const problem = hubCountProblem(poll, counts, countedHeadcount());
      if (problem) return setText(said, t(problem === 'sum' ? 'polls.hub_sum' : problem === 'each' ? 'polls.hub_each' : 'polls.hub_whole', { count: countedHeadcount() }));
      command = { type: 'poll.hub_count', poll: poll.id, counts };
    } else {
      const chosen = [...choices.querySelectorAll('input:checked')].map((input) => Number(input.value));
      if (!chosen.length) return setText(said, t('polls.choose_first'));
      command = { type: 'poll.answer', poll: poll.id, choices: chosen };
    }
    context.command(command).then(() => {
      // The server keeps the answer but sends it back only in a welcome.
      item.your_counts = command.counts || countsOf(poll, command.choices);
      render();
    }, () => {});
  }

  /** "Your answer: Raise hand." or a hub's "Sent: 20 Raise hand, 3 Do not raise hand." */
  function answerText(item) {
    const { poll } = item;
    if (hub) {
      if (!item.your_counts) return '';
      const counts = item.your_counts.map((count, index) => t('polls.count_of', { count: number(count), answer: optionText(poll, index) })).join(', ');
      return t('polls.hub_sent', { counts });
    }
    const chosen = chosenOf(item);
    if (!chosen.length) return '';
    const answers = chosen.map((index) => optionText(poll, index)).join(', ');
    return t(poll.status === 'open' ? 'polls.yours_open' : 'polls.yours', { answer: answers });
  }

  function render() {
    const item = latestPoll(model);
    const { poll } = item || {};
    element.hidden = !item || (poll.status === 'closed' && dismissed.has(poll.id));
    if (element.hidden) return;
    const open = poll.status === 'open';
    const rebuild = shown !== poll.id || form.hidden === open || (hub && builtForHeadcount !== countedHeadcount());
    if (hub) builtForHeadcount = countedHeadcount();
    shown = poll.id;
    setText(kind, kindText(poll));
    setText(state, open ? t('polls.open') : t('polls.closed'));
    state.dataset.open = open ? 'true' : 'false';
    dismiss.hidden = open;
    form.hidden = !open;
    closedTitle.hidden = open;
    setText(open ? title : closedTitle, clean(poll.title));
    if (open && rebuild) buildChoices(item);
    setText(hint, hub ? t(poll.max_choices <= 1 ? 'polls.hub_ask' : 'polls.hub_ask_each', { count: countedHeadcount() })
      : poll.max_choices <= 1 ? t('polls.choose_one') : t('polls.choose_up_to', { n: poll.max_choices }));
    const answered = hub ? Boolean(item.your_counts) : chosenOf(item).length > 0;
    setText(send, t(hub ? 'polls.hub_send' : answered ? 'polls.change' : 'polls.send'));
    setText(said, answerText(item));
    const visible = resultsPublic(poll) && item.tally;
    results.element.hidden = !visible;
    if (visible) results.render(poll, item.tally);
    held.hidden = resultsPublic(poll);
  }

  return {
    element,
    update(changed) {
      if (!changed.includes('all') && !changed.includes('polls')) return;
      // A welcome (a reload, a reconnection) shows the answer the server kept.
      if (changed.includes('all')) shown = null;
      render();
      news(changed);
    },
  };
}
