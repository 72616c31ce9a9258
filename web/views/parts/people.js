// The participant's "People": how many take part (in the room, online, in
// remote hubs; staff, moderators and captioners at work, are said apart),
// the viewer's own entry, when the session is, and the transcript.
// Participants see counts, never the roster.
import { h, setText, panel } from '../../lib/dom.js';
import { modeLabel, stakeholderLabel, regionLabel } from '../../lib/labels.js';
import { sessionTimes } from '../../lib/times.js';
import { transcriptLinks } from './transcripts.js';

export function peoplePanel(context) {
  const { model } = context;
  const figure = (label) => {
    const value = h('dd', { class: 'figure-value' });
    return [h('div', { class: 'figure' }, h('dt', { text: label }), value), value];
  };
  const [total, totalValue] = figure('Taking part');
  const [onsite, onsiteValue] = figure('In the room');
  const [remote, remoteValue] = figure('Online');
  const [hubs, hubsValue] = figure('Remote hubs');
  const staff = h('p', { class: 'hint', id: 'people-staff', hidden: true });
  const you = h('p', { class: 'you', id: 'people-you' });
  const when = h('p', { class: 'you', id: 'people-when' });
  const transcripts = transcriptLinks(context.sessionId);
  const element = panel('people', 'People',
    h('dl', { class: 'figures' }, total, onsite, remote, hubs), staff,
    h('h3', { text: 'You' }), you,
    h('h3', { text: 'When' }), when,
    transcripts.element);

  function render() {
    const presence = model.presence;
    if (presence) {
      setText(totalValue, String(presence.attendees));
      setText(onsiteValue, String(presence.by_mode.onsite));
      setText(remoteValue, String(presence.by_mode.remote));
      // A hub counts as its headcount; the people with hubs are the
      // attendees beyond one per device.
      const withHubs = presence.attendees - presence.participants + presence.hubs;
      setText(hubsValue, presence.hubs ? `${presence.hubs} (${withHubs} people)` : '0');
      const atWork = presence.staff || 0;
      staff.hidden = !atWork;
      setText(staff, atWork === 1 ? '1 staff member (a moderator or captioner) is here too, not counted above.'
        : `${atWork} staff (moderators and captioners) are here too, not counted above.`);
    }
    setText(when, sessionTimes(model.session));
    const me = model.me;
    const hub = me.hub ? ` · remote hub “${me.hub.name}” of ${me.hub.headcount}` : '';
    setText(you, `${me.name} · ${modeLabel(me.mode)} · ${stakeholderLabel(me.stakeholder)} · ${regionLabel(me.region)}${hub}`);
    transcripts.setLanguage(model.captionTracks[0] || null);
  }

  return {
    element,
    update(changed) {
      if (['all', 'presence', 'captions', 'role', 'session'].some((part) => changed.includes(part))) render();
    },
  };
}
