// Who has the floor, with the time left; a new speaker is announced.
import { h, setText, announce, everySecondWhileShown } from '../../lib/dom.js';
import { secondsLeft } from '../../lib/session-model.js';
import { speakerLabel, clock } from '../../lib/labels.js';

export function floorBanner(context, { moderatorCanEnd = false } = {}) {
  const { model } = context;
  const who = h('p', { class: 'floor-who' });
  const timer = h('p', { class: 'floor-timer', role: 'timer', 'aria-label': 'Speaking time left' });
  const endButton = h('button', { type: 'button', hidden: true, text: 'End this turn', onclick: () => context.command({ type: 'floor.end' }).catch(() => {}) });
  const element = h('section', { class: 'floor-banner', 'aria-label': 'The floor' }, who, timer, endButton);
  let lastSpeakerEntry = null;

  let toldTimeIsUp = null;
  function tick() {
    const left = secondsLeft(model);
    timer.hidden = left === null;
    if (left === null) return;
    setText(timer, left > 0 ? `${clock(left)} left` : 'Time is up');
    timer.dataset.over = left <= 0 ? 'true' : 'false';
    // The speaker hears it once per turn when the time runs out.
    const speaker = model.floor.speaker;
    if (left <= 0 && speaker && speaker.participant === model.me.id && toldTimeIsUp !== speaker.entry) {
      toldTimeIsUp = speaker.entry;
      announce('Your speaking time is up.', { assertive: true });
    }
  }
  everySecondWhileShown(element, tick);

  return {
    element,
    update(changed) {
      if (!changed.includes('all') && !changed.includes('floor') && !changed.includes('speaker') && !changed.includes('session')) return;
      const speaker = model.floor.speaker;
      const mine = speaker && speaker.participant === model.me.id;
      const idle = model.session.state === 'ended' ? 'The session has ended' : 'Nobody has the floor';
      setText(who, speaker ? (mine ? 'You have the floor' : `${speakerLabel(speaker)} has the floor`) : idle);
      element.dataset.active = speaker ? 'true' : 'false';
      element.dataset.mine = mine ? 'true' : 'false';
      endButton.hidden = !(speaker && (mine || (moderatorCanEnd && model.me.role === 'moderator')));
      setText(endButton, mine ? 'I am done speaking' : 'End this turn');
      const entry = speaker ? speaker.entry : null;
      if (!changed.includes('all') && entry !== lastSpeakerEntry) {
        announce(speaker ? `${mine ? 'You have' : `${speakerLabel(speaker)} has`} the floor` : 'The turn has ended');
      }
      lastSpeakerEntry = entry;
      tick();
    },
  };
}
