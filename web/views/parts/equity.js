// The live equity figures: room against online, as paired bars with their
// numbers, read at a glance and by a screen reader alike (it is a table);
// below them, once someone has spoken, the balance (equity-balance.js).
// The report is asked for as soon as the connection can send (when the view
// starts, and after every reconnection), when the floor or the questions
// change, and every 15 s.
import { h, panel, setText } from '../../lib/dom.js';
import { t, number, locale, loadMessages } from '../../lib/i18n.js';

const REFRESH_EVERY_MS = 15_000;
const AFTER_CHANGE_MS = 1_500;

const ROWS = [
  ['equity.people', (report, mode) => report.attendance.unique.by_mode[mode]],
  ['equity.hands', (report, mode) => report.hands[mode].raised],
  ['equity.turns', (report, mode) => report.turns.turns.by_mode[mode]],
  ['equity.minutes', (report, mode) => Math.round((report.turns.speaking_seconds.by_mode[mode] || 0) / 6) / 10],
  ['equity.wait', (report, mode) => Math.round(report.wait[mode].median_seconds || 0)],
  ['equity.waiting', (report, mode) => report.hands[mode].waiting],
  ['equity.asked', (report, mode) => report.questions[mode].asked],
  ['equity.answered', (report, mode) => report.questions[mode].answered],
];

export function equityPanel(context) {
  const body = h('tbody');
  const updated = h('p', { class: 'hint', 'aria-live': 'off' });
  const table = h('table', { class: 'equity' },
    h('caption', { class: 'visually-hidden', text: t('equity.caption') }),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: t('equity.figure') }), h('th', { scope: 'col', text: t('common.onsite') }), h('th', { scope: 'col', text: t('common.remote') }))),
    body);
  const element = panel('equity', t('equity.title'), table, updated);
  let balance = null;
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
    return h('td', {}, h('span', { class: 'bar-track', 'aria-hidden': 'true' }, bar), h('span', { class: 'bar-value', text: number(value) }));
  }

  function render(report) {
    body.replaceChildren(...ROWS.map(([label, figure]) => {
      const onsite = figure(report, 'onsite');
      const remote = figure(report, 'remote');
      const largest = Math.max(onsite, remote);
      return h('tr', {}, h('th', { scope: 'row', text: t(label) }), cell(onsite, largest, 'onsite'), cell(remote, largest, 'remote'));
    }));
    renderBalance(report);
    setText(updated, t('equity.updated', { time: new Date(report.generated_at).toLocaleTimeString(locale()) }));
  }

  // The balance comes with its code and words once someone has spoken:
  // until then there is no balance to show.
  function renderBalance(report) {
    if (!report.balance || !report.turns.speaking_seconds.total) return;
    balance ||= Promise.all([import('./equity-balance.js'), loadMessages('chair')]).then(([module]) => {
      const part = module.balancePart();
      table.after(part.element);
      return part;
    });
    balance.then((part) => part.render(report.balance));
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
