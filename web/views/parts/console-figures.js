// The event's figures in the console: bar charts drawn as inline SVG, each
// with the same numbers in a table for screen readers, and the CSV link.
import { h, panel, setText } from '../../lib/dom.js';
import { t, number, isolate } from '../../lib/i18n.js';
import { api, COLUMN } from './console-api.js';

const SVG = 'http://www.w3.org/2000/svg';
const svg = (tag, attributes = {}, ...children) => {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  element.append(...children);
  return element;
};

/** A horizontal bar chart of `[label, count]` rows, hidden from screen readers (the table says it). */
function barChart(rows) {
  const most = Math.max(1, ...rows.map(([, count]) => count));
  const rowHeight = 26;
  const chart = svg('svg', { class: 'bar-chart', viewBox: `0 0 360 ${rows.length * rowHeight}`, 'aria-hidden': 'true', focusable: 'false', preserveAspectRatio: 'xMinYMin meet' });
  rows.forEach(([label, count], index) => {
    const y = index * rowHeight;
    chart.append(
      // Long names are cut here; the table beside has them whole.
      svg('text', { x: 0, y: y + 17, class: 'bar-label' }, label.length > 26 ? `${label.slice(0, 25)}…` : label),
      svg('rect', { x: 190, y: y + 5, width: Math.max(count ? 2 : 0, (count / most) * 130), height: 16, rx: 3, class: 'bar' }),
      svg('text', { x: 196 + (count / most) * 130, y: y + 18, class: 'bar-value' }, number(count)));
  });
  return chart;
}

function figureTable(caption, rows) {
  return h('table', { class: 'figure-table' }, h('caption', { class: 'visually-hidden', text: caption }),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: t('console.col_figure') }), h('th', { scope: 'col', text: t('console.col_people') }))),
    h('tbody', {}, rows.map(([label, count]) => h('tr', {}, h('th', { scope: 'row', text: label }), h('td', { text: number(count) })))));
}

function chartBlock(title, rows) {
  return h('figure', { class: 'chart' }, h('figcaption', { text: title }), barChart(rows), figureTable(title, rows));
}

function sessionsTable(sessions) {
  const columns = ['session', 'peak', 'unique', 'hands', 'turns', 'asked', 'answered'];
  return h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('console.sessions_table') },
    h('table', { class: 'figure-table' }, h('caption', { text: t('console.sessions_table') }),
      h('thead', {}, h('tr', {}, columns.map((column) => h('th', { scope: 'col', text: t(COLUMN[column]) })))),
      h('tbody', {}, sessions.map((row) => h('tr', {}, h('th', { scope: 'row', text: isolate(row.title) }),
        [row.peak, row.unique, row.hands, row.turns, row.questions_asked, row.questions_answered].map((value) => h('td', { text: number(value) })))))));
}

function hubsTable(hubs) {
  return h('table', { class: 'figure-table' }, h('caption', { text: t('console.hubs_table') }),
    h('thead', {}, h('tr', {}, ['session', 'headcount', 'sessions'].map((column) => h('th', { scope: 'col', text: t(column === 'session' ? COLUMN.hubs : COLUMN[column]) })))),
    h('tbody', {}, hubs.map((hub) => h('tr', {}, h('th', { scope: 'row', text: isolate(hub.name) }), h('td', { text: number(hub.headcount) }), h('td', { text: number(hub.sessions) })))));
}

export function showFigures() {
  const content = h('div', { class: 'figures' });
  const problem = h('p', { class: 'error', role: 'alert' });
  const load = async () => {
    try {
      const report = await api('GET', '/api/event/report');
      const people = report.participants;
      const modes = [['onsite', t('common.onsite')], ['remote', t('common.remote')], ['hub', t('console.mode_hub')]];
      content.replaceChildren(
        h('p', { class: 'figures-total', text: t('console.figures_total', { count: people.total }) }),
        h('div', { class: 'charts' },
          chartBlock(t('console.chart_mode'), modes.map(([key, label]) => [label, people.by_mode[key] ?? 0])),
          chartBlock(t('console.chart_group'), Object.entries(people.by_stakeholder).map(([key, count]) => [t(`group.${key}`), count])),
          chartBlock(t('console.chart_region'), Object.entries(people.by_region).map(([key, count]) => [t(`region.${key}`), count]))),
        ...(report.hubs.length ? [hubsTable(report.hubs)] : []),
        sessionsTable(report.sessions));
      setText(problem, '');
    } catch (error) {
      setText(problem, error.message);
    }
  };
  const refresh = h('button', { type: 'button', text: t('console.figures_refresh'), onclick: load });
  const csv = h('a', { class: 'button-link', href: '/api/event/report?format=csv', download: 'event-figures.csv', text: t('console.csv') });
  load();
  return panel('console-figures', t('console.figures_heading'), h('div', { class: 'button-row' }, refresh, csv), problem, content);
}
