// The moderator's unified queue: every hand, room and online, in order, with
// its wait; give the floor, move, lower; add a speaker from the room; open,
// close and set the policy.
import { h, setText, syncList, panel, select, field, everySecondWhileShown } from '../../lib/dom.js';
import { queueEntries } from '../../lib/session-model.js';
import { STAKEHOLDERS, REGIONS, stakeholderLabel, regionLabel, modeLabel, clock } from '../../lib/labels.js';

const LIMITS = [['', 'No limit'], ['60', '1 minute'], ['120', '2 minutes'], ['180', '3 minutes'], ['300', '5 minutes'], ['600', '10 minutes']];

export function queuePanel(context) {
  const { model } = context;
  const run = (command) => context.command(command).catch(() => {});
  const limit = select({ id: 'turn-limit' }, LIMITS, '180');
  const openToggle = h('input', { type: 'checkbox', id: 'queue-open', onchange: (event) => run({ type: 'queue.configure', open: event.target.checked }) });
  const policy = select({ id: 'queue-policy', onchange: (event) => run({ type: 'queue.configure', policy: event.target.value }) },
    [['alternate', 'Alternate room and online'], ['fifo', 'First come, first served']], 'alternate');
  const list = h('ol', { class: 'queue-list', 'aria-label': 'Speaking queue' });
  const empty = h('p', { class: 'hint', text: 'Nobody is waiting.' });

  const onsiteName = h('input', { id: 'onsite-name', maxlength: 80, required: true });
  const onsiteGroup = select({ id: 'onsite-stakeholder' }, [['', 'Not asked'], ...STAKEHOLDERS], '');
  const onsiteRegion = select({ id: 'onsite-region' }, [['', 'Not asked'], ...REGIONS], '');
  const addForm = h('form', { class: 'add-onsite', onsubmit: (event) => {
    event.preventDefault();
    const name = onsiteName.value.trim();
    if (!name) return;
    const command = { type: 'queue.add_onsite', name };
    if (onsiteGroup.value) command.stakeholder = onsiteGroup.value;
    if (onsiteRegion.value) command.region = onsiteRegion.value;
    context.command(command).then(() => { onsiteName.value = ''; }, () => {});
  } },
  h('h3', { text: 'Add a speaker in the room' }),
  field('Name', onsiteName), field('Stakeholder group', onsiteGroup), field('Region', onsiteRegion),
  h('button', { type: 'submit', text: 'Add to queue' }));

  const element = panel('queue', 'Speaking queue',
    h('div', { class: 'queue-settings' },
      h('div', { class: 'field checkbox' }, openToggle, h('label', { for: 'queue-open', text: 'Queue open' })),
      field('Order', policy),
      field('Speaking time', limit),
      h('button', { type: 'button', class: 'small', text: 'Lower all hands', onclick: () => run({ type: 'queue.lower_all' }) })),
    empty, list, addForm);

  function create(entry) {
    const item = h('li', { class: 'queue-entry' },
      h('p', { class: 'entry-name' }), h('p', { class: 'entry-meta' }),
      h('div', { class: 'entry-actions' },
        h('button', { type: 'button', class: 'small primary', 'data-action': 'grant', text: 'Give floor' }),
        h('button', { type: 'button', class: 'small', 'data-action': 'up', text: 'Up' }),
        h('button', { type: 'button', class: 'small', 'data-action': 'down', text: 'Down' }),
        h('button', { type: 'button', class: 'small', 'data-action': 'lower', text: 'Lower' })));
    item.addEventListener('click', (event) => {
      const action = event.target.dataset?.action;
      if (!action) return;
      const id = Number(item.dataset.key);
      const position = model.floor.order.indexOf(id);
      if (action === 'grant') {
        const command = { type: 'floor.grant', entry: id };
        if (limit.value) command.limit_seconds = Number(limit.value);
        run(command);
      }
      if (action === 'up' && position > 0) run({ type: 'queue.move', entry: id, position: position - 1 });
      if (action === 'down') run({ type: 'queue.move', entry: id, position: position + 1 });
      if (action === 'lower') run({ type: 'queue.lower', entry: id });
    });
    return item;
  }

  function update(item, entry) {
    const name = entry.name || `Entry ${entry.entry}`;
    setText(item.querySelector('.entry-name'), `${entry.mode === 'onsite' ? 'Room: ' : ''}${name}`);
    const details = [modeLabel(entry.mode)];
    if (entry.stakeholder) details.push(stakeholderLabel(entry.stakeholder));
    if (entry.region) details.push(regionLabel(entry.region));
    if (entry.raised_at) details.push(`waiting ${clock((Date.now() + model.clockOffsetMs - Date.parse(entry.raised_at)) / 1000)}`);
    if (entry.held_since) details.push('disconnected, place held');
    setText(item.querySelector('.entry-meta'), details.join(' · '));
    item.dataset.mode = entry.mode;
    for (const button of item.querySelectorAll('button')) {
      button.setAttribute('aria-label', `${button.textContent}: ${name}`);
    }
  }

  function render() {
    const entries = queueEntries(model);
    empty.hidden = entries.length > 0;
    syncList(list, entries, (entry) => entry.entry, create, update);
    openToggle.checked = model.floor.open;
    policy.value = model.floor.policy;
  }
  // Waits grow by the second.
  everySecondWhileShown(element, () => { if (model.floor.order.length) render(); });

  return {
    element,
    update(changed) {
      if (changed.includes('all') || changed.includes('floor')) render();
    },
  };
}
