// The join page: the event's sessions (live first) and the form that says
// who is joining. The choice is remembered on this device.
import { h, field, select, announce } from '../lib/dom.js';
import { stakeholders, regions, stateLabel } from '../lib/labels.js';
import { loadProfile, saveProfile, saveToken, forgetThisDevice, inviteRole } from '../lib/storage.js';
import { sessionTimes } from '../lib/times.js';
import { t, bdi, languageMenu } from '../lib/i18n.js';

const INVITED = { moderator: 'join.invite_moderator', captioner: 'join.invite_captioner', display: 'join.invite_display' };

export async function showJoinPage(root, presetSessionId = null) {
  const parameters = new URLSearchParams(location.search);
  const chosenSession = presetSessionId || parameters.get('session');
  const token = parameters.get('token');
  if (chosenSession && token) {
    saveToken(chosenSession, token);
    // The invite stays on this device, not in the address bar or history.
    history.replaceState(null, '', `${location.pathname}?session=${encodeURIComponent(chosenSession)}`);
  }

  const main = h('main', { id: 'main', tabindex: '-1', class: 'join' },
    h('div', { class: 'join-top' }, h('h1', { text: t('join.title') }), languageMenu()));
  root.replaceChildren(main);
  document.title = t('join.doc_title');

  const role = token ? inviteRole(token) : null;
  if (INVITED[role]) main.append(h('p', { class: 'notice', role: 'note', text: t(INVITED[role]) }));

  let sessions = [];
  try {
    const response = await fetch('/api/sessions');
    sessions = await response.json();
  } catch {
    main.append(h('p', { class: 'error', role: 'alert', text: t('join.load_failed') }));
    return;
  }
  main.append(joinForm(sessions, chosenSession), forgetDevice());
}

/** For shared computers: forget the name, invites and secrets kept here. */
function forgetDevice() {
  const done = h('p', { role: 'status', class: 'hint' });
  return h('section', { class: 'forget', 'aria-labelledby': 'forget-heading' },
    h('h2', { id: 'forget-heading', text: t('join.shared') }),
    h('p', { class: 'hint', text: t('join.shared_hint') }),
    h('button', { type: 'button', text: t('join.forget'), onclick: () => {
      forgetThisDevice();
      done.textContent = t('join.forgotten');
    } }),
    done);
}

function sessionChoice(session, checked) {
  const id = `session-${session.id}`;
  return h('li', { class: `session-choice state-${session.state}` },
    h('input', { type: 'radio', name: 'session', id, value: session.id, checked, required: true }),
    h('label', { for: id },
      h('span', { class: 'session-title' }, bdi(session.title)),
      h('span', { class: 'session-meta' },
        h('span', { class: 'badge', text: session.state === 'live' ? t('join.live_now') : session.state === 'ended' ? stateLabel('ended') : t('join.later') }),
        ' ', session.room ? bdi(session.room) : t('common.online_room')),
      h('span', { class: 'session-when', text: sessionTimes(session) })));
}

function joinForm(sessions, chosenSession) {
  const profile = loadProfile() || {};
  const firstLive = sessions.find((session) => session.state === 'live');
  const selected = chosenSession || profile.lastSession || firstLive?.id || sessions[0]?.id;

  const name = h('input', { id: 'join-name', name: 'name', required: true, maxlength: 80, autocomplete: 'name', dir: 'auto', value: profile.name || '' });
  // No group is chosen for the joiner: a default would be counted as theirs.
  const stakeholder = select({ id: 'join-stakeholder', name: 'stakeholder', required: true }, [['', t('join.choose_group')], ...stakeholders()], profile.stakeholder || '');
  const region = select({ id: 'join-region', name: 'region' }, regions(), profile.region || 'unspecified');
  const hubName = h('input', { id: 'join-hub-name', name: 'hub_name', maxlength: 80, dir: 'auto', value: profile.hub?.name || '' });
  const headcount = h('input', { id: 'join-headcount', name: 'headcount', type: 'number', min: 1, max: 10000, inputmode: 'numeric', value: String(profile.hub?.headcount || 10) });
  const hubFields = h('div', { class: 'hub-fields', hidden: true },
    field(t('join.hub_name'), hubName, t('join.hub_example')),
    field(t('join.headcount'), headcount));

  // An onsite link (the room's QR code) chooses "in the room".
  const linkedWay = new URLSearchParams(location.search).get('way');
  const way = ['onsite', 'remote', 'hub'].includes(linkedWay) ? linkedWay : profile.way || 'remote';
  hubFields.hidden = way !== 'hub';
  const wayChoice = (value, label, hint) => h('div', { class: 'radio' },
    h('input', { type: 'radio', name: 'way', id: `way-${value}`, value, checked: way === value, onchange: () => { hubFields.hidden = value !== 'hub'; } }),
    h('label', { for: `way-${value}` }, label, h('span', { class: 'hint', text: hint })));

  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const form = h('form', { class: 'join-form', novalidate: true, onsubmit: (event) => submit(event) },
    h('fieldset', {},
      h('legend', { text: t('join.session') }),
      sessions.length
        ? h('ul', { class: 'session-list' }, sessions.map((session) => sessionChoice(session, session.id === selected)))
        : h('p', { text: t('join.no_sessions') })),
    field(t('join.name'), name, t('join.name_hint')),
    h('fieldset', {},
      h('legend', { text: t('join.how') }),
      wayChoice('onsite', t('common.onsite'), t('join.onsite_hint')),
      wayChoice('remote', t('join.remote'), t('join.remote_hint')),
      wayChoice('hub', t('join.hub'), t('join.hub_hint')),
      hubFields),
    field(t('common.group'), stakeholder, t('join.group_hint', { unspecified: t('group.unspecified') })),
    field(t('common.region'), region, t('join.region_hint')),
    error,
    h('button', { type: 'submit', class: 'primary', text: t('join.join') }));

  function submit(event) {
    event.preventDefault();
    const data = new FormData(form);
    const chosen = data.get('session');
    const wayValue = data.get('way');
    const problems = [];
    if (!chosen) problems.push(t('join.need_session'));
    if (!String(data.get('name')).trim()) problems.push(t('join.need_name'));
    if (!data.get('stakeholder')) problems.push(t('join.need_group', { unspecified: t('group.unspecified') }));
    const count = Number(data.get('headcount'));
    if (wayValue === 'hub' && (!String(data.get('hub_name')).trim() || !(count >= 1 && count <= 10000))) {
      problems.push(t('join.need_hub', { min: 1, max: 10000 }));
    }
    if (problems.length) {
      error.hidden = false;
      error.textContent = problems.join(' ');
      announce(error.textContent, { assertive: true });
      return;
    }
    saveProfile({
      name: String(data.get('name')).trim(),
      way: wayValue,
      stakeholder: data.get('stakeholder'),
      region: data.get('region'),
      hub: wayValue === 'hub' ? { name: String(data.get('hub_name')).trim(), headcount: count } : null,
      lastSession: chosen,
    });
    location.assign(`/s/${encodeURIComponent(chosen)}`);
  }
  return form;
}
