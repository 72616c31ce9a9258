// The join page: the event's sessions (live first) and the form that says
// who is joining. The choice is remembered on this device.
import { h, field, select, announce } from '../lib/dom.js';
import { STAKEHOLDERS, REGIONS } from '../lib/labels.js';
import { loadProfile, saveProfile, saveToken, forgetThisDevice, inviteRole } from '../lib/storage.js';
import { sessionTimes } from '../lib/times.js';

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
    h('h1', { text: 'Join a session' }));
  root.replaceChildren(main);
  document.title = 'Join a session · hybridhub';

  const role = token ? inviteRole(token) : null;
  if (role) main.append(h('p', { class: 'notice', role: 'note', text: `This invite link makes you a ${role} of the session.` }));

  let sessions = [];
  try {
    const response = await fetch('/api/sessions');
    sessions = await response.json();
  } catch {
    main.append(h('p', { class: 'error', role: 'alert', text: 'Could not load the sessions. Check your connection and reload.' }));
    return;
  }
  main.append(joinForm(sessions, chosenSession), forgetDevice());
}

/** For shared computers: forget the name, invites and secrets kept here. */
function forgetDevice() {
  const done = h('p', { role: 'status', class: 'hint' });
  return h('section', { class: 'forget', 'aria-labelledby': 'forget-heading' },
    h('h2', { id: 'forget-heading', text: 'On a shared computer?' }),
    h('p', { class: 'hint', text: 'This browser remembers your name, your choices and your invite links. Forget them when you leave.' }),
    h('button', { type: 'button', text: 'Forget me on this device', onclick: () => {
      forgetThisDevice();
      done.textContent = 'Forgotten. Reload the page to start afresh.';
    } }),
    done);
}

function sessionChoice(session, checked) {
  const id = `session-${session.id}`;
  return h('li', { class: `session-choice state-${session.state}` },
    h('input', { type: 'radio', name: 'session', id, value: session.id, checked, required: true }),
    h('label', { for: id },
      h('span', { class: 'session-title', text: session.title }),
      h('span', { class: 'session-meta' },
        h('span', { class: 'badge', text: session.state === 'live' ? 'Live now' : session.state === 'ended' ? 'Ended' : 'Later' }),
        ` ${session.room || 'Online'}`),
      h('span', { class: 'session-when', text: sessionTimes(session) })));
}

function joinForm(sessions, chosenSession) {
  const profile = loadProfile() || {};
  const firstLive = sessions.find((session) => session.state === 'live');
  const selected = chosenSession || profile.lastSession || firstLive?.id || sessions[0]?.id;

  const name = h('input', { id: 'join-name', name: 'name', required: true, maxlength: 80, autocomplete: 'name', value: profile.name || '' });
  // No group is chosen for the joiner: a default would be counted as theirs.
  const stakeholder = select({ id: 'join-stakeholder', name: 'stakeholder', required: true }, [['', 'Choose a group…'], ...STAKEHOLDERS], profile.stakeholder || '');
  const region = select({ id: 'join-region', name: 'region' }, REGIONS, profile.region || 'unspecified');
  const hubName = h('input', { id: 'join-hub-name', name: 'hub_name', maxlength: 80, value: profile.hub?.name || '' });
  const headcount = h('input', { id: 'join-headcount', name: 'headcount', type: 'number', min: 1, max: 10000, inputmode: 'numeric', value: String(profile.hub?.headcount || 10) });
  const hubFields = h('div', { class: 'hub-fields', hidden: profile.way !== 'hub' },
    field('Name of the hub', hubName, 'For example: Nairobi remote hub'),
    field('How many people are with you', headcount));

  const way = profile.way || 'remote';
  const wayChoice = (value, label, hint) => h('div', { class: 'radio' },
    h('input', { type: 'radio', name: 'way', id: `way-${value}`, value, checked: way === value, onchange: () => { hubFields.hidden = value !== 'hub'; } }),
    h('label', { for: `way-${value}` }, label, h('span', { class: 'hint', text: hint })));

  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const form = h('form', { class: 'join-form', novalidate: true, onsubmit: (event) => submit(event) },
    h('fieldset', {},
      h('legend', { text: 'Session' }),
      sessions.length
        ? h('ul', { class: 'session-list' }, sessions.map((session) => sessionChoice(session, session.id === selected)))
        : h('p', { text: 'No sessions yet.' })),
    field('Your name', name, 'Shown to others in chat and in the speaking queue.'),
    h('fieldset', {},
      h('legend', { text: 'How are you taking part?' }),
      wayChoice('onsite', 'In the room', 'You are at the venue.'),
      wayChoice('remote', 'Online, on my own', 'From your own device, anywhere.'),
      wayChoice('hub', 'Online, as a remote hub', 'One screen for a group of people together.'),
      hubFields),
    field('Stakeholder group', stakeholder, 'Required. Counted in who took part. Moderators see it beside a raised hand, to balance the floor; other participants never do. “Prefer not to say” is a fine answer.'),
    field('Region', region),
    error,
    h('button', { type: 'submit', class: 'primary', text: 'Join' }));

  function submit(event) {
    event.preventDefault();
    const data = new FormData(form);
    const chosen = data.get('session');
    const wayValue = data.get('way');
    const problems = [];
    if (!chosen) problems.push('Choose a session.');
    if (!String(data.get('name')).trim()) problems.push('Enter your name.');
    if (!data.get('stakeholder')) problems.push('Choose your stakeholder group, or “Prefer not to say”.');
    const count = Number(data.get('headcount'));
    if (wayValue === 'hub' && (!String(data.get('hub_name')).trim() || !(count >= 1 && count <= 10000))) {
      problems.push('Give the hub a name and a headcount from 1 to 10,000.');
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
