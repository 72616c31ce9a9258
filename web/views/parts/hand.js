// The participant's hand: raise or lower it, and where it stands
// ("you are 3rd in the queue"), including a place held over a reconnect,
// and how one speaks once given the floor: online, in the session's
// meeting, with its instructions; in the room, at the microphone.
import { h, setText, announce, panel } from '../../lib/dom.js';
import { yourPosition } from '../../lib/session-model.js';
import { ordinal } from '../../lib/labels.js';
import { meetingOf } from './links.js';

export function handPanel(context) {
  const { model } = context;
  const button = h('button', { type: 'button', class: 'primary hand-button', id: 'hand-button', onclick: toggle });
  const status = h('p', { class: 'hand-status', id: 'hand-status' });
  const hint = h('p', { class: 'hint', text: 'Hands online and in the room wait in one queue. When the moderator gives you the floor, this page says so.' });
  const how = h('p', { class: 'hand-how', id: 'hand-how' });
  const instructions = h('p', { class: 'hand-instructions' });
  const element = panel('hand', 'Ask for the floor', button, status, hint, how, instructions);
  let lastStatus = null;
  let wasUp = false;

  function toggle() {
    const up = model.yourEntry !== null;
    context.command({ type: up ? 'hand.lower' : 'hand.raise' }).catch(() => {});
  }

  return {
    element,
    update(changed) {
      if (!changed.includes('all') && !changed.includes('floor') && !changed.includes('session')) return;
      const up = model.yourEntry !== null;
      const ended = model.session.state === 'ended';
      const position = yourPosition(model);
      const waiting = model.floor.order.length;
      setText(button, up ? 'Lower my hand' : 'Raise my hand');
      button.setAttribute('aria-pressed', up ? 'true' : 'false');
      button.disabled = ended || (!up && !model.floor.open);
      hint.hidden = ended;
      const meeting = meetingOf(model);
      const told = meeting ? model.session.links.instructions : null;
      setText(how, model.me.mode === 'onsite' ? 'When you are given the floor, go to the microphone in the room.'
        : meeting ? 'When you are given the floor, you speak in the meeting (“Speak in the meeting” opens it).' : '');
      how.hidden = ended || !how.textContent;
      setText(instructions, told || '');
      instructions.hidden = ended || !told;
      let text;
      if (ended) text = 'The session has ended: hands can no longer be raised.';
      else if (up && position) {
        text = `You are ${ordinal(position)} in the queue`;
        if (model.yourEntryHeld) text += ' (your place is held while you reconnect)';
        else if (model.yourEntryRestored) text += ' (your place was kept while you were offline)';
      } else if (!model.floor.open) text = 'The queue is closed for now.';
      else text = waiting ? `${waiting} waiting to speak.` : 'Nobody is waiting to speak.';
      setText(status, text);
      if (lastStatus !== null && text !== lastStatus && (up || wasUp)) announce(wasUp && !up ? `Your hand is down. ${text}` : text);
      lastStatus = text;
      wasUp = up;
    },
  };
}
