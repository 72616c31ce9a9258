// What the chair sees and does beyond the plain queue, fetched with its
// words when the first hand arrives or the queue's settings are opened:
// each hand's kind and topic, points of order and other priorities marked,
// "first contribution" for someone who has not spoken yet (else how much
// they have), changing a kind and refusing a priority; and the settings:
// the order (alternate, first come, who has spoken least), replies right
// after the current turn, turns per person with one more allowed, and the
// speaking time of every turn.
import { h, setText, select, field, announce } from '../../lib/dom.js';
import { clock } from '../../lib/labels.js';
import { kindOptions, kindLabel } from '../../lib/kinds.js';
import { t, bdi, clean } from '../../lib/i18n.js';

const MINUTES = [1, 2, 3, 5, 10];
const TURNS = [1, 2, 3, 4, 5, 10];

export function queueChair(context) {
  const { model } = context;
  const run = (command) => context.command(command);
  const configure = (change) => run({ type: 'queue.configure', ...change }).catch(() => {});

  const policy = select({ id: 'queue-policy', onchange: () => configure({ policy: policy.value }) },
    [['alternate', t('chair.alternate')], ['fifo', t('chair.fifo')], ['least_spoken', t('chair.least_spoken')]], 'alternate');
  const replies = h('input', { type: 'checkbox', id: 'queue-replies', onchange: () => configure({ replies: replies.checked }) });
  const limit = select({ id: 'turn-limit', onchange: () => configure({ default_limit_seconds: limit.value ? Number(limit.value) : null }) },
    [['', t('chair.no_limit')], ...MINUTES.map((minutes) => [String(minutes * 60), t('chair.minutes', { count: minutes })])], '');
  const maxTurns = select({ id: 'queue-max-turns', onchange: () => configure({ max_turns: maxTurns.value ? Number(maxTurns.value) : null }) },
    [['', t('chair.no_limit')], ...TURNS.map((turns) => [String(turns), t('chair.turns', { count: turns })])], '');
  const who = select({ id: 'allow-turn-who' }, [], '');
  const allow = h('form', { class: 'inline-form allow-turn', onsubmit: (event) => {
    event.preventDefault();
    const person = model.roster.get(who.value);
    if (!person) return;
    run({ type: 'queue.allow_turn', participant: person.id })
      .then(() => announce(t('chair.allowed', { name: clean(person.name) })), () => {});
  } }, field(t('chair.allow_who'), who), h('button', { type: 'submit', class: 'small', text: t('chair.allow') }));
  const allowBox = h('div', { class: 'allow-box' }, h('p', { class: 'hint', text: t('chair.allow_hint') }), allow);
  const settings = h('div', { class: 'queue-settings-more' },
    field(t('chair.order'), policy),
    h('div', { class: 'field checkbox' }, replies, h('label', { for: 'queue-replies', text: t('chair.replies') })),
    field(t('chair.limit'), limit),
    field(t('chair.max_turns'), maxTurns),
    allowBox);

  /** Keeps a `<select>` on the server's value, adding it when the list lacks it. */
  function show(menu, value, label) {
    const wanted = value === null || value === undefined ? '' : String(value);
    if (![...menu.options].some((option) => option.value === wanted)) menu.append(h('option', { value: wanted, text: label(value) }));
    menu.value = wanted;
  }

  function renderSettings() {
    const floor = model.floor;
    policy.value = floor.policy;
    replies.checked = Boolean(floor.replies);
    show(limit, floor.default_limit_seconds, clock);
    show(maxTurns, floor.max_turns, (turns) => t('chair.turns', { count: turns }));
    // One more turn matters once turns are limited; anyone taking part may be given it.
    allowBox.hidden = !floor.max_turns;
    const people = [...model.roster.values()].filter((person) => person.role === 'participant').sort((a, b) => a.name.localeCompare(b.name));
    const signature = people.map((person) => `${person.id}:${person.name}`).join('|');
    if (who.dataset.signature !== signature) {
      who.dataset.signature = signature;
      const chosen = who.value;
      who.replaceChildren(h('option', { value: '', text: t('chair.choose') }), ...people.map((person) => h('option', { value: person.id, text: clean(person.name) })));
      who.value = people.some((person) => person.id === chosen) ? chosen : '';
    }
  }

  return {
    settings,
    /** Adds the chair's marks and actions to a queue entry's item. */
    decorate(item, entry, name) {
      let marks = item.querySelector('.entry-marks');
      if (!marks) {
        marks = h('p', { class: 'entry-marks' }, h('span', { class: 'entry-kind' }), h('span', { class: 'entry-first' }), h('span', { class: 'entry-spoken' }));
        item.querySelector('.entry-name').after(marks, h('p', { class: 'entry-topic', dir: 'auto' }));
        const kind = select({ class: 'small entry-kind-menu', onchange: () => run({ type: 'queue.set_kind', entry: entry.entry, kind: kind.value }).catch(() => {}) }, kindOptions(), 'speak');
        const refuse = h('button', { type: 'button', class: 'small entry-refuse', text: t('chair.refuse'), onclick: () => run({ type: 'queue.refuse_priority', entry: entry.entry }).catch(() => {}) });
        item.querySelector('.entry-actions').append(kind, refuse);
      }
      const kind = entry.kind || 'speak';
      item.dataset.kind = kind;
      item.dataset.priority = entry.priority ? 'true' : 'false';
      const badge = marks.querySelector('.entry-kind');
      badge.hidden = kind === 'speak' && !entry.priority;
      setText(badge, kindLabel(entry));
      // The queue's room hands count by name too; an entry without `spoken` has not spoken yet.
      const spoken = entry.spoken;
      const first = marks.querySelector('.entry-first');
      first.hidden = Boolean(spoken);
      setText(first, t('chair.first'));
      const said = marks.querySelector('.entry-spoken');
      said.hidden = !spoken;
      setText(said, spoken ? t('chair.spoken', { count: spoken.turns, time: clock(spoken.seconds) }) : '');
      const topic = item.querySelector('.entry-topic');
      topic.hidden = !entry.topic;
      if (entry.topic) topic.replaceChildren(bdi(entry.topic));
      const menu = item.querySelector('.entry-kind-menu');
      if (document.activeElement !== menu) menu.value = kind;
      menu.setAttribute('aria-label', t('chair.kind_of', { name }));
      const refuse = item.querySelector('.entry-refuse');
      refuse.hidden = !entry.priority;
      refuse.setAttribute('aria-label', t('common.action_on', { action: t('chair.refuse'), what: name }));
    },
    update(changed) {
      if (['all', 'floor', 'roster'].some((part) => changed.includes(part))) renderSettings();
    },
  };
}
