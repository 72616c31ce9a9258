// The moderator's unified queue: every hand, room and online, in order, with
// its wait; give the floor, move, lower; add a speaker from the room; open
// and close it. What the chair needs beyond that (each hand's kind, topic,
// priority and first contribution, changing a kind, refusing a priority,
// the queue's settings, one more turn) comes with its words when the first
// hand does, or when the settings are opened (queue-chair.js).
import { h, setText, syncList, panel, select, field, everySecondWhileShown, loadStyle } from '../../lib/dom.js';
import { queueEntries } from '../../lib/session-model.js';
import { stakeholders, regions, stakeholderLabel, regionLabel, modeLabel } from '../../lib/labels.js';
import { t, fill, bdi, clean, relative, loadMessages } from '../../lib/i18n.js';
import { later } from './later.js';

export function queuePanel(context) {
  const { model } = context;
  const run = (command) => context.command(command).catch(() => {});
  const openToggle = h('input', { type: 'checkbox', id: 'queue-open', onchange: (event) => run({ type: 'queue.configure', open: event.target.checked }) });
  const settings = h('details', { class: 'fold queue-more', ontoggle: () => { if (settings.open) chair.start(); } }, h('summary', { text: t('queue.settings') }));
  const chair = later(() => Promise.all([import('./queue-chair.js'), loadMessages('chair'), loadStyle('polls')]).then(([module]) => {
    const part = module.queueChair(context);
    settings.append(part.settings);
    return part;
  }), () => render());
  const list = h('ol', { class: 'queue-list', 'aria-label': t('queue.title') });
  const empty = h('p', { class: 'hint', text: t('queue.empty') });

  const onsiteName = h('input', { id: 'onsite-name', maxlength: 80, required: true, dir: 'auto' });
  const onsiteGroup = select({ id: 'onsite-stakeholder' }, [['', t('queue.not_asked')], ...stakeholders()], '');
  const onsiteRegion = select({ id: 'onsite-region' }, [['', t('queue.not_asked')], ...regions()], '');
  const addForm = h('form', { class: 'add-onsite', onsubmit: (event) => {
    event.preventDefault();
    const name = onsiteName.value.trim();
    if (!name) return;
    const command = { type: 'queue.add_onsite', name };
    if (onsiteGroup.value) command.stakeholder = onsiteGroup.value;
    if (onsiteRegion.value) command.region = onsiteRegion.value;
    context.command(command).then(() => { onsiteName.value = ''; }, () => {});
  } },
  h('h3', { text: t('queue.add_title') }),
  field(t('queue.name'), onsiteName), field(t('common.group'), onsiteGroup), field(t('common.region'), onsiteRegion),
  h('button', { type: 'submit', text: t('queue.add') }));

  const element = panel('queue', t('queue.title'),
    h('div', { class: 'queue-settings' },
      h('div', { class: 'field checkbox' }, openToggle, h('label', { for: 'queue-open', text: t('queue.open') })),
      h('button', { type: 'button', class: 'small', text: t('queue.lower_every'), onclick: () => run({ type: 'queue.lower_all' }) })),
    settings, empty, list, addForm);

  function create(entry) {
    const item = h('li', { class: 'queue-entry' },
      h('p', { class: 'entry-name' }), h('p', { class: 'entry-meta' }),
      h('div', { class: 'entry-actions' },
        h('button', { type: 'button', class: 'small primary', 'data-action': 'grant', text: t('queue.grant') }),
        h('button', { type: 'button', class: 'small', 'data-action': 'up', text: t('queue.up') }),
        h('button', { type: 'button', class: 'small', 'data-action': 'down', text: t('queue.down') }),
        h('button', { type: 'button', class: 'small', 'data-action': 'lower', text: t('queue.lower_one') })));
    item.addEventListener('click', (event) => {
      const action = event.target.dataset?.action;
      if (!action) return;
      const id = Number(item.dataset.key);
      const position = model.floor.order.indexOf(id);
      // The queue's default speaking time applies.
      if (action === 'grant') run({ type: 'floor.grant', entry: id });
      if (action === 'up' && position > 0) run({ type: 'queue.move', entry: id, position: position - 1 });
      if (action === 'down') run({ type: 'queue.move', entry: id, position: position + 1 });
      if (action === 'lower') run({ type: 'queue.lower', entry: id });
    });
    return item;
  }

  function update(item, entry) {
    const name = entry.name ? clean(entry.name) : t('queue.entry', { n: entry.entry });
    fill(item.querySelector('.entry-name'), entry.mode === 'onsite' ? 'queue.room_name' : 'common.name', { name: bdi(name) });
    const details = [modeLabel(entry.mode)];
    if (entry.stakeholder) details.push(stakeholderLabel(entry.stakeholder));
    if (entry.region) details.push(regionLabel(entry.region));
    if (entry.raised_at) details.push(t('queue.raised', { when: relative((Date.parse(entry.raised_at) - Date.now() - model.clockOffsetMs) / 1000) }));
    if (entry.held_since) details.push(t('queue.held'));
    setText(item.querySelector('.entry-meta'), details.join(' · '));
    item.dataset.mode = entry.mode;
    for (const button of item.querySelectorAll('.entry-actions > button')) {
      button.setAttribute('aria-label', t('common.action_on', { action: button.textContent, what: name }));
    }
    chair.part?.decorate(item, entry, name);
  }

  function render() {
    const entries = queueEntries(model);
    empty.hidden = entries.length > 0;
    syncList(list, entries, (entry) => entry.entry, create, update);
    openToggle.checked = model.floor.open;
    if (entries.length) chair.start();
  }
  // Waits grow by the second.
  everySecondWhileShown(element, () => { if (model.floor.order.length) render(); });

  return {
    element,
    update(changed) {
      if (changed.includes('all') || changed.includes('floor')) render();
      chair.update(changed);
    },
  };
}
