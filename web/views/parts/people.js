// The participant's "People": how many take part (in the room, online, in
// remote hubs; staff, moderators and captioners at work, are said apart),
// the viewer's own entry, when the session is, and the transcript.
// Participants see counts, never the roster.
import { h, setText, panel } from '../../lib/dom.js';
import { modeLabel, stakeholderLabel, regionLabel } from '../../lib/labels.js';
import { sessionTimes } from '../../lib/times.js';
import { transcriptLinks } from './transcripts.js';
import { t, fill, bdi, number } from '../../lib/i18n.js';

export function peoplePanel(context) {
  const { model } = context;
  const figure = (label) => {
    const value = h('dd', { class: 'figure-value' });
    return [h('div', { class: 'figure' }, h('dt', { text: label }), value), value];
  };
  const [total, totalValue] = figure(t('people.taking_part'));
  const [onsite, onsiteValue] = figure(t('common.onsite'));
  const [remote, remoteValue] = figure(t('common.remote'));
  const [hubs, hubsValue] = figure(t('people.hubs'));
  const staff = h('p', { class: 'hint', id: 'people-staff', hidden: true });
  const you = h('p', { class: 'you', id: 'people-you' });
  const when = h('p', { class: 'you', id: 'people-when' });
  const transcripts = transcriptLinks(context.sessionId);
  const element = panel('people', t('people.title'),
    h('dl', { class: 'figures' }, total, onsite, remote, hubs), staff,
    h('h3', { text: t('people.you') }), you,
    h('h3', { text: t('people.when') }), when,
    transcripts.element);

  function render() {
    const presence = model.presence;
    if (presence) {
      setText(totalValue, number(presence.attendees));
      setText(onsiteValue, number(presence.by_mode.onsite));
      setText(remoteValue, number(presence.by_mode.remote));
      // A hub counts as its headcount; the people with hubs are the
      // attendees beyond one per device.
      const withHubs = presence.attendees - presence.participants + presence.hubs;
      setText(hubsValue, presence.hubs ? t('people.hub_count', { hubs: presence.hubs, count: withHubs }) : number(0));
      const atWork = presence.staff || 0;
      staff.hidden = !atWork;
      setText(staff, t('people.staff', { count: atWork }));
    }
    setText(when, sessionTimes(model.session));
    const me = model.me;
    const details = { name: bdi(me.name), mode: modeLabel(me.mode), group: stakeholderLabel(me.stakeholder), region: regionLabel(me.region) };
    if (me.hub) fill(you, 'people.me_hub', { ...details, hub: bdi(me.hub.name), count: me.hub.headcount });
    else fill(you, 'people.me', details);
    transcripts.setLanguage(model.captionTracks[0] || null);
  }

  return {
    element,
    update(changed) {
      if (['all', 'presence', 'captions', 'role', 'session'].some((part) => changed.includes(part))) render();
    },
  };
}
