// The participant's hand: raise or lower it, and where it stands
// ("you are 3rd in the queue"), including a place held over a reconnect,
// and how one speaks once given the floor: online, in the session's
// meeting, with its instructions; in the room, at the microphone.
import { h, setText, announce, panel } from '../../lib/dom.js';
import { yourPosition } from '../../lib/session-model.js';
import { meetingOf } from './links.js';
import { t, ordinal, clean } from '../../lib/i18n.js';

export function handPanel(context) {
  const { model } = context;
  const button = h('button', { type: 'button', class: 'primary hand-button', id: 'hand-button', onclick: toggle });
  const status = h('p', { class: 'hand-status', id: 'hand-status' });
  const hint = h('p', { class: 'hint', text: t('hand.hint') });
  const how = h('p', { class: 'hand-how', id: 'hand-how' });
  const instructions = h('p', { class: 'hand-instructions', dir: 'auto' });
  const element = panel('hand', t('hand.title'), button, status, hint, how, instructions);
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
      setText(button, up ? t('hand.lower_mine') : t('hand.raise_mine'));
      button.setAttribute('aria-pressed', up ? 'true' : 'false');
      button.disabled = ended || (!up && !model.floor.open);
      hint.hidden = ended;
      const meeting = meetingOf(model);
      const told = meeting ? model.session.links.instructions : null;
      setText(how, model.me.mode === 'onsite' ? t('hand.how_room')
        : meeting ? t('hand.how_meeting', { link: t('where.speak') }) : '');
      how.hidden = ended || !how.textContent;
      setText(instructions, clean(told || ''));
      instructions.hidden = ended || !told;
      let text;
      if (ended) text = t('hand.ended');
      else if (up && position) {
        const key = model.yourEntryHeld ? 'hand.place_held' : model.yourEntryRestored ? 'hand.place_kept' : 'hand.place';
        text = t(key, { position: ordinal(position) });
      } else if (!model.floor.open) text = t('hand.closed');
      else text = waiting ? t('floor.waiting', { count: waiting }) : t('hand.nobody');
      setText(status, text);
      if (lastStatus !== null && text !== lastStatus && (up || wasUp)) announce(wasUp && !up ? t('hand.down', { status: text }) : text);
      lastStatus = text;
      wasUp = up;
    },
  };
}
