// Who is online (moderators only), staff apart from participants: role
// changes, remove, remove and ban. A room display is a screen, not a
// person: it has neither a role to change nor Remove and Ban.
import { h, setText, syncList, panel } from '../../lib/dom.js';
import { modeLabel } from '../../lib/labels.js';
import { confirmButton } from './confirm.js';
import { t, fill, bdi, clean } from '../../lib/i18n.js';

const ROLES = [['participant', 'roster.participant'], ['captioner', 'roster.captioner'], ['moderator', 'roster.moderator']];
const ROLE_TEXT = { participant: 'roster.participant_role', captioner: 'roster.captioner_role', moderator: 'roster.moderator_role' };
const STAFF = new Set(['moderator', 'captioner', 'display']);

export function rosterPanel(context) {
  const { model } = context;
  const run = (command) => context.command(command).catch(() => {});
  const staffList = h('ul', { class: 'roster-list', 'aria-labelledby': 'roster-staff-heading' });
  const participantList = h('ul', { class: 'roster-list', 'aria-labelledby': 'roster-participants-heading' });
  const staffHeading = h('h3', { id: 'roster-staff-heading', text: t('roster.staff') });
  const participantHeading = h('h3', { id: 'roster-participants-heading', text: t('roster.participants') });
  const count = h('p', { class: 'hint' });
  const noParticipants = h('p', { class: 'hint', text: t('roster.none') });
  const element = panel('roster', t('roster.title'), count, staffHeading, staffList, participantHeading, noParticipants, participantList);

  function create(person) {
    const item = h('li', { class: 'roster-entry' }, h('span', { class: 'roster-name' }), h('span', { class: 'roster-meta' }), h('span', { class: 'roster-actions' }));
    if (person.id === model.me.id || person.role === 'display') return item;
    const name = clean(person.name);
    const role = h('select', { class: 'small', 'aria-label': t('roster.role_of', { name }), onchange: (event) => run({ type: 'participant.set_role', participant: person.id, role: event.target.value }) },
      ROLES.map(([value, label]) => h('option', { value, text: t(label) })));
    item.roleSelect = role;
    item.querySelector('.roster-actions').append(role,
      confirmButton(t('roster.remove'), t('roster.remove_confirm', { name }), () => run({ type: 'participant.remove', participant: person.id, ban: false }), { class: 'small', 'aria-label': t('roster.remove_label', { name }) }),
      confirmButton(t('roster.ban'), t('roster.ban_confirm', { name }), () => run({ type: 'participant.remove', participant: person.id, ban: true }), { class: 'small danger', 'aria-label': t('roster.ban_label', { name }) }));
    return item;
  }

  function update(item, person) {
    const self = person.id === model.me.id;
    // A room display is a screen: it goes by what it is, in the reader's language.
    if (person.role === 'display') setText(item.querySelector('.roster-name'), t('roster.display_name'));
    else fill(item.querySelector('.roster-name'), self ? 'common.you_name' : 'common.name', { name: bdi(person.name) });
    const details = person.role === 'display' ? [t('roster.display')] : [modeLabel(person.mode), t(ROLE_TEXT[person.role] || 'roster.participant_role')];
    // A hub's claimed headcount counts once a moderator confirms it.
    const claim = person.hub?.confirmed === false && person.hub.headcount;
    if (person.hub) details.push(t(claim ? 'roster.hub_unconfirmed' : 'roster.hub', { count: person.hub.headcount }));
    item.confirmHub?.remove();
    if (claim && item.roleSelect) {
      item.confirmHub = h('button', { type: 'button', class: 'small', text: t('roster.hub_confirm', { count: claim }), 'aria-label': t('roster.hub_confirm_label', { name: clean(person.name), count: claim }),
        onclick: () => run({ type: 'hub.confirm', participant: person.id, headcount: claim }) });
      item.roleSelect.before(item.confirmHub);
    }
    setText(item.querySelector('.roster-meta'), ` ${details.join(' · ')}`);
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
      setText(count, t('roster.count', { count: people.length, staff: staff.length, participants: t('roster.participant_count', { count: participants.length }) }));
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
