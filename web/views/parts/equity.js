// The live equity figures: room against online, as paired bars with their
// numbers, read at a glance and by a screen reader alike (it is a table).
// The report is asked for as soon as the connection can send (when the view
// starts, and after every reconnection), when the floor or the questions
// change, and every 15 s.
import { h, panel, setText } from '../../lib/dom.js';

const REFRESH_EVERY_MS = 15_000;
const AFTER_CHANGE_MS = 1_500;

const ROWS = [
  ['People taking part', (report, mode) => report.attendance.unique.by_mode[mode]],
  ['Hands raised', (report, mode) => report.hands[mode].raised],
  ['Given the floor', (report, mode) => report.turns.turns.by_mode[mode]],
  ['Minutes speaking', (report, mode) => Math.round((report.turns.speaking_seconds.by_mode[mode] || 0) / 6) / 10],
  ['Median wait (s)', (report, mode) => Math.round(report.wait[mode].median_seconds || 0)],
  ['Still waiting', (report, mode) => report.hands[mode].waiting],
  ['Questions asked', (report, mode) => report.questions[mode].asked],
  ['Questions answered', (report, mode) => report.questions[mode].answered],
];

export function equityPanel(context) {
  const body = h('tbody');
  const updated = h('p', { class: 'hint', 'aria-live': 'off' });
  const table = h('table', { class: 'equity' },
    h('caption', { class: 'visually-hidden', text: 'Room and online compared' }),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Figure' }), h('th', { scope: 'col', text: 'In the room' }), h('th', { scope: 'col', text: 'Online' }))),
    body);
  const element = panel('equity', 'Equity: room and online', table, updated);
  let timer = null;

  function request() {
    clearTimeout(timer);
    // A view replaced after a role change stops asking.
    if (!element.isConnected && timer !== null) return;
    timer = setTimeout(request, REFRESH_EVERY_MS);
    // A background refresh: a failure (offline, say) is not the user's problem.
    context.client.command({ type: 'report.request' }).catch(() => {});
  }

  function cell(value, largest, mode) {
    const bar = h('span', { class: `bar bar-${mode}` });
    bar.style.width = `${largest ? Math.round((value / largest) * 100) : 0}%`;
    return h('td', {}, h('span', { class: 'bar-track', 'aria-hidden': 'true' }, bar), h('span', { class: 'bar-value', text: String(value) }));
  }

  function render(report) {
    body.replaceChildren(...ROWS.map(([label, figure]) => {
      const onsite = figure(report, 'onsite');
      const remote = figure(report, 'remote');
      const largest = Math.max(onsite, remote);
      return h('tr', {}, h('th', { scope: 'row', text: label }), cell(onsite, largest, 'onsite'), cell(remote, largest, 'remote'));
    }));
    setText(updated, `Updated ${new Date(report.generated_at).toLocaleTimeString()}`);
  }

  return {
    element,
    report: render,
    // A command sent while the welcome's missed events replay is refused as
    // offline, so the first request waits for the end of the replay.
    synced: request,
    update(changed) {
      if (changed.includes('all')) {
        if (context.client.isReady()) request();
      } else if (changed.includes('speaker') || changed.includes('questions')) {
        clearTimeout(timer);
        timer = setTimeout(request, AFTER_CHANGE_MS);
      }
    },
  };
}
