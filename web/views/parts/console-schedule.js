// The console's schedule import: choose a JSON, iCalendar or CSV file, see
// every row with what it would create or why it cannot, then import the
// good rows all together. The server reads the file both times; the
// import carries the preview's digest, so it creates exactly what was shown
// or nothing.
import { h, field, panel, setText, announce } from '../../lib/dom.js';
import { t, bdi, isolate } from '../../lib/i18n.js';
import { sessionTimes } from '../../lib/times.js';
import { api, COLUMN } from './console-api.js';

// The Content-Type that names each kind of file to the server.
const TYPE_OF_EXTENSION = { json: 'application/json', ics: 'text/calendar', csv: 'text/csv' };

export function showScheduleImport() {
  const file = h('input', { id: 'import-file', type: 'file', accept: '.json,.ics,.csv,application/json,text/calendar,text/csv', required: true });
  const problem = h('p', { class: 'error', role: 'alert' });
  const result = h('div', { class: 'import-result' });
  const submit = h('button', { class: 'primary', type: 'submit', text: t('console.import_preview') });
  const form = h('form', { class: 'console-form', onsubmit: async (event) => {
    event.preventDefault();
    setText(problem, '');
    result.replaceChildren();
    const chosen = file.files[0];
    const contentType = TYPE_OF_EXTENSION[chosen?.name.split('.').pop().toLowerCase()];
    if (!contentType) {
      setText(problem, t('console.import_unknown_type'));
      return;
    }
    submit.disabled = true;
    try {
      const preview = await api('POST', '/api/schedule/preview', chosen, contentType);
      showPreview(result, preview, chosen, contentType, () => { form.reset(); result.replaceChildren(); });
    } catch (error) {
      setText(problem, error.message);
    } finally {
      submit.disabled = false;
    }
  } },
  field(t('console.import_file'), file, t('console.import_hint')), problem, submit);
  return panel('console-import', t('console.import_heading'), form, result);
}

const PREVIEW_COLUMNS = ['row', 'id', 'title', 'starts', 'room', 'result'];

function showPreview(container, preview, file, contentType, done) {
  const summary = t('console.import_summary', { rows: preview.rows.length, good: preview.importable, bad: preview.refused });
  const body = h('tbody', {}, preview.rows.map(previewRow));
  const table = h('table', { class: 'preview-table' },
    h('caption', { text: t('console.import_caption', { file: isolate(file.name) }) }),
    h('thead', {}, h('tr', {}, PREVIEW_COLUMNS.map((column) => h('th', { scope: 'col', text: t(COLUMN[column]) })))), body);
  const scroll = h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('console.import_scroll') }, table);
  const problem = h('p', { class: 'error', role: 'alert' });
  const confirmImport = h('button', { type: 'button', class: 'primary', text: t('console.import_confirm', { count: preview.importable }), onclick: async () => {
    setText(problem, '');
    confirmImport.disabled = true;
    try {
      const answer = await api('POST', `/api/schedule/import?preview=${encodeURIComponent(preview.preview)}`, file, contentType);
      done();
      announce(t('console.imported', { count: answer.imported.length }));
    } catch (error) {
      setText(problem, error.message);
      confirmImport.disabled = false;
    }
  } });
  confirmImport.hidden = preview.importable === 0;
  const cancel = h('button', { type: 'button', text: t('console.import_cancel'), onclick: done });
  container.replaceChildren(
    h('p', { class: 'import-summary', role: 'status', text: preview.importable ? summary : `${summary} ${t('console.import_none')}` }),
    scroll, problem, h('div', { class: 'button-row' }, confirmImport, cancel));
}

function previewRow(row) {
  const session = row.session;
  const cell = (column, ...children) => h('td', { 'data-label': t(COLUMN[column]), 'data-column': column }, ...children);
  const result = session
    ? h('span', { class: 'import-ok', text: t('console.import_ok') })
    : h('span', { class: 'import-refused', text: t('console.import_refused', { reason: row.error }) });
  return h('tr', { class: session ? 'good' : 'refused' },
    h('th', { scope: 'row', 'data-label': t(COLUMN.row), text: String(row.row) }),
    cell('id', row.id ? bdi(row.id) : '—'),
    cell('title', row.title ? bdi(row.title) : '—'),
    cell('starts', session ? sessionTimes(session) : '—'),
    cell('room', session?.room ? bdi(session.room) : '—'),
    cell('result', result));
}
