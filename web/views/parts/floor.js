// Who has the floor, with the time left; a new speaker is announced. The
// one given the floor is told what to do: online, unmute in the session's
// meeting (a link, and its instructions); in the room, go to the
// microphone. Before the session is live, it says when it starts.
import { h, setText, announce, everySecondWhileShown } from '../../lib/dom.js';
import { secondsLeft } from '../../lib/session-model.js';
import { speaker as speakerParams, clock } from '../../lib/labels.js';
import { startsText } from '../../lib/times.js';
import { outsideLink, setHref, meetingOf } from './links.js';
import { t, fill, clean } from '../../lib/i18n.js';

export function floorBanner(context, { moderatorCanEnd = false } = {}) {
  const { model } = context;
  const who = h('p', { class: 'floor-who' });
  const timer = h('p', { class: 'floor-timer', role: 'timer', 'aria-label': t('floor.time_left_label') });
  const endButton = h('button', { type: 'button', hidden: true, text: t('floor.end_turn'), onclick: () => context.command({ type: 'floor.end' }).catch(() => {}) });
  const meeting = outsideLink(t('floor.open_meeting'), { class: 'button-link', id: 'floor-meeting-link' });
  const todo = h('p', { class: 'floor-todo' });
  const instructions = h('p', { class: 'floor-instructions', dir: 'auto' });
  const action = h('div', { class: 'floor-action', hidden: true }, h('div', { class: 'floor-todo-line' }, todo, meeting), instructions);
  const element = h('section', { class: 'floor-banner', 'aria-label': t('floor.label') }, who, timer, action, endButton);
  let lastSpeakerEntry = null;

  let toldTimeIsUp = null;
  function tick() {
    const left = secondsLeft(model);
    timer.hidden = left === null;
    if (left === null) return;
    setText(timer, left > 0 ? t('floor.left', { time: clock(left) }) : t('floor.time_up'));
    timer.dataset.over = left <= 0 ? 'true' : 'false';
    // The speaker hears it once per turn when the time runs out.
    const speaker = model.floor.speaker;
    if (left <= 0 && speaker && speaker.participant === model.me.id && toldTimeIsUp !== speaker.entry) {
      toldTimeIsUp = speaker.entry;
      announce(t('floor.your_time_up'), { assertive: true });
    }
  }
  everySecondWhileShown(element, tick);

  /** Shows what the speaker does now; returns it as a sentence, or null. */
  function whatToDo() {
    const link = meetingOf(model);
    const text = clean(model.session.links?.instructions || '');
    const said = model.me.mode === 'onsite' ? t('floor.go_to_mic') : link ? t('floor.unmute') : null;
    action.hidden = !said;
    if (!said) return null;
    setText(todo, said);
    setHref(meeting, link);
    setText(instructions, link ? text : '');
    instructions.hidden = !link || !text;
    return link ? t('floor.unmute_said', { instructions: text }) : said;
  }

  return {
    element,
    update(changed) {
      if (!changed.includes('all') && !changed.includes('floor') && !changed.includes('speaker') && !changed.includes('session')) return;
      const speaker = model.floor.speaker;
      const mine = speaker && speaker.participant === model.me.id;
      const state = model.session.state;
      // Moderators have the not-live banner; others learn here when it starts.
      const waiting = state === 'scheduled' && model.me.role !== 'moderator';
      const idle = state === 'ended' ? t('floor.over') : waiting ? startsText(model.session) : t('floor.nobody');
      if (speaker && !mine) fill(who, 'floor.has_floor', speakerParams(speaker));
      else setText(who, mine ? t('floor.yours') : idle);
      const told = mine ? whatToDo() : null;
      element.dataset.active = speaker ? 'true' : 'false';
      element.dataset.notStarted = waiting && !speaker ? 'true' : 'false';
      element.dataset.mine = mine ? 'true' : 'false';
      if (!mine) action.hidden = true;
      endButton.hidden = !(speaker && (mine || (moderatorCanEnd && model.me.role === 'moderator')));
      setText(endButton, mine ? t('floor.done') : t('floor.end_turn'));
      const entry = speaker ? speaker.entry : null;
      if (!changed.includes('all') && entry !== lastSpeakerEntry) {
        if (told) announce(t('floor.yours_said', { todo: told }), { assertive: true });
        else announce(speaker ? (mine ? t('floor.yours') : t('floor.has_floor', speakerParams(speaker))) : t('floor.turn_ended'));
      }
      lastSpeakerEntry = entry;
      tick();
    },
  };
}
