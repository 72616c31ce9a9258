// A poll's results as bars, one per answer and one for the people present
// who did not answer, each split by how people attend (in the room, online,
// in remote hubs) with its numbers in words beside it, so a screen reader
// hears what the bars show; the chair's count of hands in the room apart.
// For moderators, tables by stakeholder group and by regional group too.
// Shared by the participant's poll card, the moderator's polls and the room
// display; the words are the catalog's `polls` part.
import { h, setText, syncList } from '../../lib/dom.js';
import { POLL_MODES, percent } from '../../lib/polls.js';
import { stakeholderLabel, regionLabel, STAKEHOLDER_CODES, REGION_CODES } from '../../lib/labels.js';
import { t, bdi, clean, number } from '../../lib/i18n.js';

const SHOW_OF_HANDS = { raise_hand: 'polls.raise_hand', do_not_raise_hand: 'polls.do_not_raise_hand' };
const MODE_WORDS = { onsite: 'polls.in_room', remote: 'polls.online', hub: 'polls.in_hubs' };

/** "Show of hands" or "Poll". */
export const kindText = (poll) => t(poll.kind === 'show_of_hands' ? 'polls.show_of_hands' : 'polls.poll');

/** An answer as a node: a show of hands' in the reader's words, a poll's option as user text. */
export function optionNode(poll, index) {
  const option = poll.options[index];
  return poll.kind === 'show_of_hands' ? document.createTextNode(t(SHOW_OF_HANDS[option] || option)) : bdi(option);
}

/** The same as a string (for announcements and labels). */
export const optionText = (poll, index) => (poll.kind === 'show_of_hands' ? t(SHOW_OF_HANDS[poll.options[index]]) : clean(poll.options[index]));

/** "20 in the room · 6 online · 20 in remote hubs": the modes that count. */
function modesText(breakdown) {
  return POLL_MODES.filter((mode) => breakdown.by_mode[mode]).map((mode) => t(MODE_WORDS[mode], { count: breakdown.by_mode[mode] })).join(' · ');
}

/** The results' element, and `render(poll, tally)`; `full` adds the tables by group and region. */
export function pollResults({ full = false } = {}) {
  const bars = h('ol', { class: 'poll-bars' });
  const summary = h('p', { class: 'poll-summary' });
  const tables = full ? h('div', { class: 'poll-tables' }) : null;
  const element = h('div', { class: 'poll-results' }, bars, summary,
    full ? h('details', { class: 'fold poll-breakdown' }, h('summary', { text: t('polls.breakdown') }), tables) : null);

  function createRow() {
    const track = h('span', { class: 'poll-track', 'aria-hidden': 'true' }, ...POLL_MODES.map((mode) => h('span', { class: 'poll-segment', 'data-mode': mode })));
    return h('li', { class: 'poll-row' },
      h('p', { class: 'poll-row-head' }, h('span', { class: 'poll-option' }), ' ', h('span', { class: 'poll-count' })),
      track, h('p', { class: 'poll-modes' }), h('p', { class: 'poll-chair' }));
  }

  function render(poll, tally) {
    const rows = tally.options.map((breakdown, index) => ({ key: index, breakdown, chair: tally.chair?.[index] }));
    rows.push({ key: 'missing', breakdown: tally.not_answered });
    syncList(bars, rows, (row) => row.key, createRow, (row, { key, breakdown, chair }) => {
      row.dataset.missing = key === 'missing' ? 'true' : 'false';
      const label = row.querySelector('.poll-option');
      if (key === 'missing') setText(label, t('polls.not_answered'));
      else if (label.dataset.signature !== poll.options[key]) {
        label.dataset.signature = poll.options[key];
        label.replaceChildren(optionNode(poll, key));
      }
      setText(row.querySelector('.poll-count'), number(breakdown.total));
      POLL_MODES.forEach((mode, index) => {
        row.querySelector('.poll-track').children[index].style.width = `${percent(breakdown.by_mode[mode] || 0, tally.present)}%`;
      });
      setText(row.querySelector('.poll-modes'), modesText(breakdown));
      const chairLine = row.querySelector('.poll-chair');
      chairLine.hidden = chair === undefined;
      setText(chairLine, chair === undefined ? '' : t('polls.chair', { count: chair }));
    });
    setText(summary, t('polls.summary', { answered: tally.answered, present: tally.present }));
    if (tables) tables.replaceChildren(breakdownTable(poll, tally, 'by_stakeholder', STAKEHOLDER_CODES, stakeholderLabel, t('polls.by_group')),
      breakdownTable(poll, tally, 'by_region', REGION_CODES, regionLabel, t('polls.by_region')));
  }

  return { element, render };
}

/** A table of one breakdown: a row per group (those with anyone in it), a column per answer and one for not answered. */
function breakdownTable(poll, tally, field, codes, label, caption) {
  const columns = [...tally.options, tally.not_answered];
  const used = codes.filter((code) => columns.some((column) => column[field][code]));
  const head = h('tr', {}, h('th', { scope: 'col', text: caption }),
    ...poll.options.map((option, index) => h('th', { scope: 'col' }, optionNode(poll, index))),
    h('th', { scope: 'col', text: t('polls.not_answered') }));
  const rows = used.map((code) => h('tr', {}, h('th', { scope: 'row', text: label(code) }),
    ...columns.map((column) => h('td', { text: number(column[field][code] || 0) }))));
  // A wide table scrolls inside its own box on a phone; the box can take focus, so a keyboard scrolls it too.
  return h('div', { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-label': caption },
    h('table', { class: 'poll-table' }, h('thead', {}, head), h('tbody', {}, rows)));
}
