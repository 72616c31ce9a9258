// What a raised hand asks for (to speak, reply, ask a question, or a point
// of order), in the reader's words. Apart from labels.js because only the
// hand, the room display and the chair's queue marks need it.
import { t } from './i18n.js';

// A hand without a kind asks to speak.
const KINDS = { speak: 'kinds.speak', reply: 'kinds.reply', question: 'kinds.question', point_of_order: 'kinds.point_of_order' };

/** `[value, label]` pairs of the kinds, for a `<select>`. */
export const kindOptions = () => Object.entries(KINDS).map(([kind, key]) => [kind, t(key)]);

/** A hand's kind in words, "(priority)" added when it goes ahead of the others. */
export function kindLabel(entry) {
  const kind = t(KINDS[entry.kind] || KINDS.speak);
  return entry.priority ? t('kinds.with_priority', { kind }) : kind;
}

