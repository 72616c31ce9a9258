// Who is online (moderators only): role changes, remove, remove and ban.
import { h, setText, syncList, panel } from '../../lib/dom.js';
import { modeLabel } from '../../lib/labels.js';
import { confirmButton } from './confirm.js';

const ROLES = [['participant', 'Participant'], ['captioner', 'Captioner'], ['moderator', 'Moderator']];

export function rosterPanel(context) {
  const { model } = context;
  const run = (command) => context.command(command).catch(() => {});
  const list = h('ul', { class: 'roster-list', 'aria-label': 'People online' });
  const count = h('p', { class: 'hint' });
  const element = panel('roster', 'People online', count, list);

  function create(person) {
    const role = h('select', { class: 'small', 'aria-label': `Role of ${person.name}`, onchange: (event) => run({ type: 'participant.set_role', participant: person.id, role: event.target.value }) },
      ROLES.map(([value, label]) => h('option', { value, text: label })));
    const item = h('li', { class: 'roster-entry' }, h('span', { class: 'roster-name' }), h('span', { class: 'roster-meta' }), h('span', { class: 'roster-actions' }));
    item.roleSelect = role;
    const self = person.id === model.me.id;
    const isDisplay = person.role === 'display';
    if (!self) {
      item.querySelector('.roster-actions').append(isDisplay ? '' : role,
        confirmButton('Remove', `Press again to remove ${person.name}`, () => run({ type: 'participant.remove', participant: person.id, ban: false }), { class: 'small', 'aria-label': `Remove ${person.name}` }),
        confirmButton('Ban', `Press again to ban ${person.name}`, () => run({ type: 'participant.remove', participant: person.id, ban: true }), { class: 'small danger', 'aria-label': `Remove and ban ${person.name}` }));
    }
    return item;
  }

  function update(item, person) {
    const self = person.id === model.me.id;
    setText(item.querySelector('.roster-name'), self ? `${person.name} (you)` : person.name);
    const hub = person.hub ? ` · hub of ${person.hub.headcount}` : '';
    setText(item.querySelector('.roster-meta'), ` ${modeLabel(person.mode)} · ${person.role}${hub}`);
    if (person.role !== 'display') item.roleSelect.value = person.role;
  }

  return {
    element,
    update(changed) {
      if (!changed.includes('all') && !changed.includes('roster')) return;
      const people = [...model.roster.values()].sort((a, b) => a.name.localeCompare(b.name));
      setText(count, `${people.length} online`);
      syncList(list, people, (person) => person.id, create, update);
    },
  };
}
