// The participant's "People": how many take part (in the room, online, in
// remote hubs), the viewer's own entry, and the transcript. Participants see
// counts, never the roster.
import { h, setText, panel } from '../../lib/dom.js';
import { modeLabel, stakeholderLabel, regionLabel } from '../../lib/labels.js';
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
  const you = h('p', { class: 'you', id: 'people-you' });
  const transcripts = transcriptLinks(context.sessionId);
  const element = panel('people', 'People',
    h('dl', { class: 'figures' }, total, onsite, remote, hubs),
    h('h3', { text: 'You' }), you,
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
    }
    const me = model.me;
    const hub = me.hub ? ` · remote hub “${me.hub.name}” of ${me.hub.headcount}` : '';
    setText(you, `${me.name} · ${modeLabel(me.mode)} · ${stakeholderLabel(me.stakeholder)} · ${regionLabel(me.region)}${hub}`);
    transcripts.setLanguage(model.captionTracks[0] || null);
  }

  return {
    element,
    update(changed) {
      if (changed.includes('all') || changed.includes('presence') || changed.includes('captions') || changed.includes('role')) render();
    },
  };
}
