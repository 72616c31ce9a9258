// The participant's hand: raise or lower it, saying what for (to speak,
// reply, ask, or a point of order) with an optional topic; where it stands
// ("you are 3rd in the queue"), including a place held over a reconnect,
// and what the chair made of the request; and how one speaks once given
// the floor: online, in the session's meeting, with its instructions; in
// the room, at the microphone.
import { h, setText, announce, panel, field, select } from '../../lib/dom.js';
import { yourPosition } from '../../lib/session-model.js';
import { kindOptions, kindLabel } from '../../lib/kinds.js';
import { meetingOf } from './links.js';
import { t, fill, bdi, ordinal, clean } from '../../lib/i18n.js';

export function handPanel(context) {
  const { model } = context;
  const button = h('button', { type: 'button', class: 'primary hand-button', id: 'hand-button', onclick: toggle });
  const kind = select({ id: 'hand-kind' }, kindOptions(), 'speak');
  const topic = h('input', { id: 'hand-topic', maxlength: 140, dir: 'auto', autocomplete: 'off' });
  const what = h('div', { class: 'hand-what' }, field(t('hand.what'), kind), field(t('hand.topic'), topic));
  const status = h('p', { class: 'hand-status', id: 'hand-status' });
  const mine = h('p', { class: 'hand-mine', id: 'hand-mine' });
  const hint = h('p', { class: 'hint', text: t('hand.hint') });
  const how = h('p', { class: 'hand-how', id: 'hand-how' });
  const instructions = h('p', { class: 'hand-instructions', dir: 'auto' });
  const element = panel('hand', t('hand.title'), what, button, status, mine, hint, how, instructions);
  let lastStatus = null;
  let wasUp = false;
  let lastKind = null;

  function toggle() {
    if (model.yourEntry !== null) return context.command({ type: 'hand.lower' }).catch(() => {});
    // A plain hand sends nothing more, as clients before kinds did.
    const command = { type: 'hand.raise' };
    if (kind.value !== 'speak') command.kind = kind.value;
    if (topic.value.trim()) command.topic = topic.value.trim();
    context.command(command).then(() => { kind.value = 'speak'; topic.value = ''; }, () => {});
  }

  return {
    element,
    update(changed) {
      if (changed.includes('turn-allowed')) announce(t('hand.allowed'));
      if (!changed.includes('all') && !changed.includes('floor') && !changed.includes('session')) return;
      const up = model.yourEntry !== null;
      const ended = model.session.state === 'ended';
      const position = yourPosition(model);
      const waiting = model.floor.order.length;
      setText(button, up ? t('hand.lower_mine') : t('hand.raise_mine'));
      button.setAttribute('aria-pressed', up ? 'true' : 'false');
      button.disabled = ended || (!up && !model.floor.open);
      what.hidden = up || ended;
      // What the request is, as the chair sees it (the chair may change its kind).
      const entry = up ? model.entries.get(model.yourEntry) : null;
      mine.hidden = !entry;
      if (entry) fill(mine, entry.topic ? 'hand.mine_topic' : 'hand.mine', { kind: kindLabel(entry), topic: bdi(entry.topic || '') });
      const kindNow = entry ? `${entry.kind}${entry.priority}` : null;
      if (lastKind && kindNow && kindNow !== lastKind) announce(mine.textContent);
      lastKind = kindNow;
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
