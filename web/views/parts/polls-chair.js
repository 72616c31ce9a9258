// The moderator's shows of hands and polls, fetched with their words when
// first opened or when a poll reaches the view. Open one (a show of hands
// with a title; a poll with 2 to 10 options, single or multiple choice,
// anonymous or named, results live or held back until published); follow
// its tally live, by how people attend, stakeholder group and region, with
// those present who have not answered; enter the chair's count of hands in
// the room; close and publish; and the session's earlier results.
import { h, setText, syncList, field, select } from '../../lib/dom.js';
import { openPoll, pollsNewestFirst, resultsPublic } from '../../lib/polls.js';
import { pollResults, kindText, optionNode, optionText } from './poll-results.js';
import { pollNews } from './poll-news.js';
import { t, fill, bdi, clean, number, locale } from '../../lib/i18n.js';

const MAX_OPTIONS = 10;

export function pollsChair(context, element) {
  const { model } = context;
  const run = (command) => context.command(command);
  const news = pollNews(model);
  // Focus follows the work: to the open poll once opened, to its result once closed.
  const form = newPollForm(context, () => current.element.querySelector('h3').focus());
  const current = currentPoll(context, () => pastList.firstElementChild?.focus());
  const pastList = h('ol', { class: 'poll-past-list' });
  const none = h('p', { class: 'hint', text: t('chair.none') });
  const past = h('div', { class: 'poll-past' }, h('h3', { text: t('chair.past') }), none, pastList);
  element.replaceChildren(element.querySelector('h2'), current.element, form.element, past);

  function createPast() {
    const results = pollResults({ full: true });
    const publish = h('button', { type: 'button', class: 'small', text: t('chair.publish') });
    const item = h('li', { class: 'poll-past-item', tabindex: '-1' },
      h('p', { class: 'poll-title', dir: 'auto' }), h('p', { class: 'hint poll-meta' }),
      results.element, publish);
    item.results = results;
    publish.addEventListener('click', () => run({ type: 'poll.publish', poll: Number(item.dataset.key) }).catch(() => {}));
    return item;
  }

  function updatePast(item, { poll, tally }) {
    setText(item.querySelector('.poll-title'), clean(poll.title));
    setText(item.querySelector('.poll-meta'), metaText(poll));
    // Moderators receive every final tally, held back or not.
    item.results.element.hidden = !tally;
    if (tally) item.results.render(poll, tally);
    const publish = item.querySelector('button');
    publish.hidden = resultsPublic(poll);
    publish.setAttribute('aria-label', t('common.action_on', { action: t('chair.publish'), what: clean(poll.title) }));
  }

  function render() {
    const open = openPoll(model);
    current.render(open);
    form.element.hidden = Boolean(open);
    const closed = pollsNewestFirst(model).filter((item) => item.poll.status === 'closed');
    none.hidden = closed.length > 0 || Boolean(open);
    past.hidden = !closed.length && Boolean(open);
    syncList(pastList, closed, (item) => item.poll.id, createPast, updatePast);
  }

  return {
    element,
    /** Where the keyboard goes when the moderator opens the polls. */
    focus() {
      const target = element.querySelector('.poll-current:not([hidden]) button, .poll-new:not([hidden]) input:checked');
      if (target) target.focus();
    },
    update(changed) {
      if (!changed.includes('all') && !changed.includes('polls')) return;
      render();
      news(changed);
    },
  };
}

/** "Anonymous · results live · one choice": how a poll was set up. */
function metaText(poll) {
  const parts = [t(poll.anonymous ? 'chair.anonymous_short' : 'chair.named_short')];
  parts.push(t(poll.results_shown === 'live' ? 'chair.live_short' : poll.published ? 'chair.published_short' : 'chair.held_short'));
  if (poll.kind === 'poll') parts.push(poll.max_choices > 1 ? t('chair.up_to', { n: poll.max_choices }) : t('chair.single'));
  if (poll.closed_at) parts.push(t('chair.closed_at', { time: new Date(poll.closed_at).toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit' }) }));
  return parts.join(' · ');
}

/** The open poll: its tally, who chose what in a named one, the chair's count, Close and Publish. */
function currentPoll(context, closed) {
  const run = (command) => context.command(command).catch(() => {});
  const heading = h('h3', { id: 'poll-current-heading', tabindex: '-1' });
  const title = h('p', { class: 'poll-title', dir: 'auto' });
  const meta = h('p', { class: 'hint poll-meta' });
  const results = pollResults({ full: true });
  const waiting = h('p', { class: 'hint', text: t('chair.no_tally') });
  const voters = h('ul', { class: 'poll-voters' });
  const votersBox = h('details', { class: 'fold poll-voters-box' }, h('summary', { text: t('chair.voters') }), voters);
  const counts = h('div', { class: 'chair-counts' });
  const chairForm = h('form', { class: 'chair-count', onsubmit: (event) => {
    event.preventDefault();
    const values = [...counts.querySelectorAll('input')].map((input) => Math.max(0, Math.floor(Number(input.value) || 0)));
    run({ type: 'poll.chair_count', poll: shown, counts: values });
  } }, h('fieldset', { 'aria-describedby': 'chair-count-hint' },
    h('legend', { text: t('chair.count_title') }),
    h('p', { class: 'hint', id: 'chair-count-hint', text: t('chair.count_hint') }), counts),
  h('button', { type: 'submit', class: 'small', text: t('chair.count_save') }));
  const publish = h('button', { type: 'button', text: t('chair.publish'), onclick: () => run({ type: 'poll.publish', poll: shown }) });
  const close = h('button', { type: 'button', class: 'primary', text: t('chair.close'), onclick: () => context.command({ type: 'poll.close', poll: shown }).then(closed, () => {}) });
  const element = h('div', { class: 'poll-current', role: 'group', 'aria-labelledby': 'poll-current-heading', hidden: true },
    heading, title, meta, waiting, results.element, votersBox, chairForm, h('div', { class: 'poll-actions' }, close, publish));
  let shown = null;

  function voterItem(text, answers) {
    return h('li', {}, text, ': ', answers);
  }

  return {
    element,
    render(item) {
      element.hidden = !item;
      if (!item) return void (shown = null);
      const { poll, tally } = item;
      if (shown !== poll.id) {
        // A new poll: the chair's count starts from what the server holds.
        shown = poll.id;
        counts.replaceChildren(...poll.options.map((option, index) => {
          const input = h('input', { type: 'number', id: `chair-count-${index}`, min: 0, max: 100000, inputmode: 'numeric', value: String(tally?.chair?.[index] ?? '') });
          return h('div', { class: 'field chair-count-field' }, h('label', { for: input.id }, optionNode(poll, index)), input);
        }));
      }
      fill(heading, 'chair.current', { kind: kindText(poll) });
      setText(title, clean(poll.title));
      setText(meta, metaText(poll));
      waiting.hidden = Boolean(tally);
      results.element.hidden = !tally;
      if (tally) results.render(poll, tally);
      publish.hidden = resultsPublic(poll);
      // A named poll: each person's choices and each hub's count, for the chair only.
      votersBox.hidden = poll.anonymous;
      if (!poll.anonymous) {
        const people = (item.voters || []).map((voter) => voterItem(bdi(voter.name), voter.choices.map((index) => optionText(poll, index)).join(', ')));
        const hubs = (tally?.hubs || []).map((hub) => voterItem(bdi(hub.name),
          hub.counts.map((count, index) => t('polls.count_of', { count: number(count), answer: optionText(poll, index) })).join(', ')));
        voters.replaceChildren(...people, ...hubs);
        if (!people.length && !hubs.length) voters.append(h('li', { class: 'hint', text: t('chair.no_voters') }));
      }
    },
  };
}

/** The form that opens a show of hands or a poll. */
function newPollForm(context, opened) {
  const kindChoice = (value, label) => {
    const input = h('input', { type: 'radio', name: 'poll-kind', id: `poll-kind-${value}`, value, checked: value === 'show_of_hands', onchange: arrange });
    return h('div', { class: 'field checkbox' }, input, h('label', { for: input.id, text: label }));
  };
  const title = h('input', { id: 'poll-title', maxlength: 200, dir: 'auto', autocomplete: 'off', required: true });
  const optionList = h('ol', { class: 'poll-option-inputs' });
  const addOption = h('button', { type: 'button', class: 'small', text: t('chair.add_option'), onclick: () => { optionRow(''); arrange(); optionList.lastElementChild.querySelector('input').focus(); } });
  const options = h('fieldset', { class: 'poll-options-box' }, h('legend', { text: t('chair.options') }), optionList, addOption);
  const maxChoices = select({ id: 'poll-max-choices' }, [], '1');
  const anonymous = h('input', { type: 'checkbox', id: 'poll-anonymous', checked: true });
  const resultChoice = (value, label) => {
    const input = h('input', { type: 'radio', name: 'poll-results', id: `poll-results-${value}`, value, checked: value === 'live' });
    return h('div', { class: 'field checkbox' }, input, h('label', { for: input.id, text: label }));
  };
  const problem = h('p', { class: 'error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary' });
  const element = h('form', { class: 'poll-new', onsubmit: (event) => { event.preventDefault(); open(); } },
    h('h3', { text: t('chair.new') }),
    h('fieldset', { class: 'poll-kinds' }, h('legend', { text: t('chair.kind') }),
      kindChoice('show_of_hands', t('polls.show_of_hands')), kindChoice('poll', t('polls.poll'))),
    field(t('chair.title'), title),
    options,
    field(t('chair.choices'), maxChoices),
    h('div', { class: 'field checkbox' }, anonymous, h('label', { for: 'poll-anonymous', text: t('chair.anonymous') })),
    h('fieldset', {}, h('legend', { text: t('chair.results') }), resultChoice('live', t('chair.live')), resultChoice('on_publish', t('chair.held'))),
    problem, submit);
  const kind = () => element.querySelector('input[name="poll-kind"]:checked').value;

  function optionRow(value) {
    const input = h('input', { maxlength: 100, dir: 'auto', autocomplete: 'off', value });
    const remove = h('button', { type: 'button', class: 'small', onclick: () => {
      const row = remove.closest('li');
      const neighbour = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      arrange();
      neighbour.querySelector('input').focus();
    } });
    optionList.append(h('li', { class: 'poll-option-input' }, input, remove));
  }

  /** Labels, numbers and what shows follow the kind and the number of options. */
  function arrange() {
    const isPoll = kind() === 'poll';
    options.hidden = !isPoll;
    maxChoices.closest('.field').hidden = !isPoll;
    const rows = [...optionList.children];
    rows.forEach((row, index) => {
      const n = index + 1;
      row.querySelector('input').setAttribute('aria-label', t('chair.option', { n }));
      const remove = row.querySelector('button');
      setText(remove, t('chair.remove_option'));
      remove.setAttribute('aria-label', t('chair.remove_option_n', { n }));
      remove.hidden = rows.length <= 2;
    });
    addOption.disabled = rows.length >= MAX_OPTIONS;
    // The choice stays when it still fits; at first (nothing chosen yet) it is one.
    const chosen = Math.min(Number(maxChoices.value) || 1, rows.length);
    maxChoices.replaceChildren(...rows.map((row, index) => h('option', { value: String(index + 1), text: index ? t('chair.up_to', { n: index + 1 }) : t('chair.single') })));
    maxChoices.value = String(chosen);
    setText(submit, t(isPoll ? 'chair.open_poll' : 'chair.open_hands'));
  }

  function open() {
    const isPoll = kind() === 'poll';
    const text = title.value.trim();
    const texts = [...optionList.querySelectorAll('input')].map((input) => input.value.trim()).filter(Boolean);
    const distinct = new Set(texts.map((option) => option.toLowerCase())).size === texts.length;
    const wrong = !text ? 'chair.need_title' : isPoll && (texts.length < 2 || !distinct) ? 'chair.need_options' : null;
    problem.hidden = !wrong;
    if (wrong) return setText(problem, t(wrong));
    const command = { type: 'poll.open', kind: kind(), title: text, anonymous: anonymous.checked,
      results_shown: element.querySelector('input[name="poll-results"]:checked').value };
    if (isPoll) Object.assign(command, { options: texts, max_choices: Number(maxChoices.value) });
    context.command(command).then(() => {
      title.value = '';
      for (const input of optionList.querySelectorAll('input')) input.value = '';
      opened();
    }, () => {});
  }

  optionRow('');
  optionRow('');
  arrange();
  return { element };
}
