// Who is online (moderators only), staff apart from participants: role
// changes, remove, remove and ban. A room display is a screen, not a
// person: it has neither a role to change nor Remove and Ban.
import { h, setText, syncList, panel } from '../../lib/dom.js';
import { modeLabel } from '../../lib/labels.js';
import { confirmButton } from './confirm.js';

const ROLES = [['participant', 'Participant'], ['captioner', 'Captioner'], ['moderator', 'Moderator']];
const ROLE_TEXT = { participant: 'participant', captioner: 'captioner', moderator: 'moderator', display: 'room display' };
const STAFF = new Set(['moderator', 'captioner', 'display']);

export function rosterPanel(context) {
  const { model } = context;
  const run = (command) => context.command(command).catch(() => {});
  const staffList = h('ul', { class: 'roster-list', 'aria-labelledby': 'roster-staff-heading' });
  const participantList = h('ul', { class: 'roster-list', 'aria-labelledby': 'roster-participants-heading' });
  const staffHeading = h('h3', { id: 'roster-staff-heading', text: 'Staff' });
  const participantHeading = h('h3', { id: 'roster-participants-heading', text: 'Participants' });
  const count = h('p', { class: 'hint' });
  const noParticipants = h('p', { class: 'hint', text: 'No participants online.' });
  const element = panel('roster', 'People online', count, staffHeading, staffList, participantHeading, noParticipants, participantList);

  function create(person) {
    const item = h('li', { class: 'roster-entry' }, h('span', { class: 'roster-name' }), h('span', { class: 'roster-meta' }), h('span', { class: 'roster-actions' }));
    if (person.id === model.me.id || person.role === 'display') return item;
    const role = h('select', { class: 'small', 'aria-label': `Role of ${person.name}`, onchange: (event) => run({ type: 'participant.set_role', participant: person.id, role: event.target.value }) },
      ROLES.map(([value, label]) => h('option', { value, text: label })));
    item.roleSelect = role;
    item.querySelector('.roster-actions').append(role,
      confirmButton('Remove', `Press again to remove ${person.name}`, () => run({ type: 'participant.remove', participant: person.id, ban: false }), { class: 'small', 'aria-label': `Remove ${person.name}` }),
      confirmButton('Ban', `Press again to ban ${person.name}`, () => run({ type: 'participant.remove', participant: person.id, ban: true }), { class: 'small danger', 'aria-label': `Remove and ban ${person.name}` }));
    return item;
  }

  function update(item, person) {
    const self = person.id === model.me.id;
    setText(item.querySelector('.roster-name'), self ? `${person.name} (you)` : person.name);
    const hub = person.hub ? ` · hub of ${person.hub.headcount}` : '';
    const mode = person.role === 'display' ? '' : `${modeLabel(person.mode)} · `;
    setText(item.querySelector('.roster-meta'), ` ${mode}${ROLE_TEXT[person.role] || person.role}${hub}`);
    item.dataset.role = person.role;
    if (item.roleSelect) item.roleSelect.value = person.role;
  }

  return {
    element,
    update(changed) {
      if (!changed.includes('all') && !changed.includes('roster')) return;
      // A role change moves a person to the other list: focus follows them.
      const focused = document.activeElement;
      const focusedPerson = element.contains(focused) && focused.closest('li')?.dataset.key;
      const focusedRole = focusedPerson && focused === focused.closest('li').roleSelect;
      const people = [...model.roster.values()].sort((a, b) => a.name.localeCompare(b.name));
      const staff = people.filter((person) => STAFF.has(person.role));
      const participants = people.filter((person) => !STAFF.has(person.role));
      setText(count, `${people.length} online: ${staff.length} staff, ${participants.length} ${participants.length === 1 ? 'participant' : 'participants'}`);
      syncList(staffList, staff, (person) => person.id, create, update);
      syncList(participantList, participants, (person) => person.id, create, update);
      noParticipants.hidden = participants.length > 0;
      if (focusedRole && !focused.isConnected) {
        const moved = element.querySelector(`li[data-key="${CSS.escape(focusedPerson)}"]`);
        if (moved && moved.roleSelect) moved.roleSelect.focus();
      }
    },
  };
}
