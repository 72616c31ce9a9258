// The organisers' console (/admin): sign in once with the admin token (the
// server answers with an HttpOnly cookie, so no script ever keeps the
// token), then every session live from GET /api/event/live, sessions made,
// imported from a schedule file, changed and deleted, invites minted and
// revoked, and the event's figures.
import { h, field, select, panel, syncList, setText, announce } from '../lib/dom.js';
import { t, fill, bdi, isolate, languageMenu, number } from '../lib/i18n.js';
import { api, ApiError, COLUMN } from './parts/console-api.js';
import { showInvites } from './parts/console-invites.js';
import { showFigures } from './parts/console-figures.js';
import { showScheduleImport } from './parts/console-schedule.js';

export async function showConsole(root) {
  document.title = t('console.doc_title');
  const signedIn = await api('GET', '/api/admin/sign-in').then(() => true, () => false);
  if (signedIn) showSignedIn(root);
  else showSignIn(root);
}

function page(root, ...children) {
  const main = h('main', { id: 'main', class: 'console', tabindex: '-1' },
    h('div', { class: 'console-top' }, h('h1', { text: t('console.title') }), h('div', { class: 'tools' }, languageMenu(), ...children.splice(0, 1).flat())),
    ...children);
  root.replaceChildren(main);
  return main;
}

function showSignIn(root, notice = null) {
  const token = h('input', { id: 'console-token', type: 'password', autocomplete: 'current-password', required: true });
  const problem = h('p', { class: 'error', role: 'alert' });
  const submit = h('button', { class: 'primary', type: 'submit', text: t('console.sign_in') });
  const form = h('form', { class: 'console-sign-in panel', onsubmit: async (event) => {
    event.preventDefault();
    submit.disabled = true;
    setText(submit, t('console.signing_in'));
    try {
      await api('POST', '/api/admin/sign-in', { token: token.value });
      token.value = '';
      showSignedIn(root);
    } catch (error) {
      setText(problem, error.message);
      submit.disabled = false;
      setText(submit, t('console.sign_in'));
      token.focus();
    }
  } }, h('p', { text: t('console.sign_in_intro') }), field(t('console.token'), token), problem, submit);
  page(root, [], notice ? h('p', { class: 'notice', role: 'status', text: notice }) : null, form);
  token.focus();
}

function showSignedIn(root) {
  const signOut = h('button', { type: 'button', text: t('console.sign_out'), onclick: async () => {
    feed.close();
    await api('POST', '/api/admin/sign-out').catch(() => {});
    showSignIn(root, t('console.signed_out'));
  } });
  const live = livePanel();
  const detail = h('div', { id: 'console-detail' });
  const creating = newSessionPanel();
  const importing = showScheduleImport();
  const figures = showFigures();
  page(root, [signOut], live.element, detail, creating, importing, figures);
  const choose = (session) => showSession(detail, session, live);
  live.onManage = choose;
  const feed = new EventSource('/api/event/live');
  feed.addEventListener('sessions', (event) => live.update(JSON.parse(event.data).sessions));
  feed.onerror = () => {
    setText(live.status, t('console.live_lost'));
    // A feed refused for an expired sign-in does not come back: sign in again.
    api('GET', '/api/admin/sign-in').catch((error) => {
      if (error instanceof ApiError && error.status === 401) { feed.close(); showSignIn(root, error.message); }
    });
  };
}

/** The live table, the silent-caption alert above it. */
function livePanel() {
  const status = h('p', { class: 'hint', role: 'status', text: t('console.live_waiting') });
  const alert = h('div', { class: 'silent-alert', role: 'alert', hidden: true });
  const columns = ['session', 'state', 'room', 'in_room', 'online', 'hubs', 'hands', 'questions', 'floor', 'captions', 'actions'];
  const body = h('tbody');
  const table = h('table', { class: 'live-table' },
    h('caption', { class: 'visually-hidden', text: t('console.live_heading') }),
    h('thead', {}, h('tr', {}, columns.map((column) => h('th', { scope: 'col', text: t(COLUMN[column]) })))), body);
  const empty = h('p', { class: 'hint', text: t('console.no_sessions'), hidden: true });
  const scroll = h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('console.table_scroll') }, table);
  const live = {
    status, onManage: () => {},
    element: panel('console-live', t('console.live_heading'), status, alert, scroll, empty),
    sessions: [],
    update(sessions) {
      live.sessions = sessions;
      status.textContent = '';
      empty.hidden = sessions.length > 0;
      // One item per session, its silent languages together: "Plenary (fr, es)".
      const silent = sessions.map((session) => [session, session.captions.filter((track) => track.silent).map((track) => track.lang)])
        .filter(([, langs]) => langs.length).map(([session, langs]) => t('console.silent_item', { title: isolate(session.title), lang: langs.join(', ') }));
      alert.hidden = silent.length === 0;
      setText(alert, silent.length ? t('console.silent_alert', { list: silent.join(', ') }) : '');
      syncList(body, sessions, (session) => session.id, (session) => sessionRow(session, live), updateRow);
      live.onChange?.(sessions);
    },
  };
  return live;
}

const CELL_COLUMNS = ['state', 'room', 'in_room', 'online', 'hubs', 'hands', 'questions', 'floor', 'captions'];

function sessionRow(session, live) {
  const cells = Object.fromEntries(CELL_COLUMNS.map((column) => [column, h('td', { 'data-label': t(COLUMN[column]), 'data-column': column })]));
  const title = h('th', { scope: 'row', class: 'session-cell' });
  const manage = h('button', { type: 'button', class: 'small', text: t('console.manage'), onclick: () => live.onManage(live.sessions.find((item) => item.id === row.dataset.key)) });
  const row = h('tr', {}, title, ...Object.values(cells), h('td', {}, manage));
  row.columns = cells;
  row.titleCell = title;
  row.manage = manage;
  return row;
}

function updateRow(row, session) {
  const cells = row.columns;
  fill(row.titleCell, 'common.name', { name: bdi(session.title) });
  row.manage.setAttribute('aria-label', t('console.manage_label', { title: isolate(session.title) }));
  const state = h('span', { class: 'state-badge', 'data-session-state': session.state, text: t(`state.${session.state}`) });
  if (cells.state.textContent !== state.textContent) cells.state.replaceChildren(state);
  setText(cells.room, session.room);
  setText(cells.in_room, number(session.in_room));
  setText(cells.online, number(session.online));
  setText(cells.hubs, session.hubs.map((hub) => t('console.hub_item', { name: isolate(hub.name), count: hub.headcount })).join(', ') || '0');
  setText(cells.hands, number(session.hands));
  setText(cells.questions, number(session.open_questions));
  setText(cells.floor, session.floor ? isolate(session.floor) : t('console.nobody_floor'));
  const tracks = session.captions.map((track) => h('li', { class: track.silent ? 'track silent' : 'track', text: trackText(track) }));
  // Who writes matters while the session is live; before and after, the tracks say enough.
  const captioners = session.captioners ? t('console.captioners', { count: session.captioners }) : t('console.no_captioner');
  const captions = h('div', {}, h('ul', { class: 'tracks' }, tracks), session.state === 'live' ? h('span', { class: 'hint', text: captioners }) : null);
  if (cells.captions.textContent !== captions.textContent) cells.captions.replaceChildren(captions);
  row.classList.toggle('has-silent', session.captions.some((track) => track.silent));
}

function trackText(track) {
  const lang = track.lang.toUpperCase();
  if (track.silent) return track.seconds_since_final === undefined ? t('console.track_silent_never', { lang }) : t('console.track_silent', { lang, seconds: track.seconds_since_final });
  if (track.writing) return t('console.track_writing', { lang });
  if (track.seconds_since_final === undefined) return t('console.track_none', { lang });
  return t('console.track_ago', { lang, seconds: track.seconds_since_final });
}

/** A `datetime-local` value as RFC 3339 (the browser's zone), or undefined when empty. */
const toRfc3339 = (value) => (value ? new Date(value).toISOString() : undefined);
const toLocalInput = (rfc3339) => {
  const date = new Date(rfc3339);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const languagesOf = (text) => text.split(/[\s,]+/).filter(Boolean);

function newSessionPanel() {
  const inputs = {
    id: h('input', { id: 'new-id', required: true, pattern: '[a-z0-9][a-z0-9\\-]{0,63}', autocomplete: 'off' }),
    title: h('input', { id: 'new-title', required: true, maxlength: '200' }),
    room: h('input', { id: 'new-room', maxlength: '100' }),
    starts: h('input', { id: 'new-starts', type: 'datetime-local' }),
    ends: h('input', { id: 'new-ends', type: 'datetime-local' }),
    languages: h('input', { id: 'new-languages', value: 'en' }),
    state: select({ id: 'new-state' }, ['scheduled', 'live'].map((state) => [state, t(`state.${state}`)]), 'scheduled'),
  };
  const problem = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'console-form', onsubmit: async (event) => {
    event.preventDefault();
    setText(problem, '');
    try {
      const session = await api('POST', '/api/sessions', {
        id: inputs.id.value.trim(), title: inputs.title.value.trim(), room: inputs.room.value.trim(),
        starts_at: toRfc3339(inputs.starts.value), ends_at: toRfc3339(inputs.ends.value),
        languages: languagesOf(inputs.languages.value), state: inputs.state.value,
      });
      announce(t('console.created', { title: isolate(session.title) }));
      form.reset();
    } catch (error) {
      setText(problem, error.message);
    }
  } },
  h('div', { class: 'form-grid' },
    field(t('console.field_id'), inputs.id), field(t('console.field_title'), inputs.title),
    field(t('console.field_room'), inputs.room), field(t('console.field_state'), inputs.state),
    field(t('console.field_starts'), inputs.starts), field(t('console.field_ends'), inputs.ends),
    field(t('console.field_languages'), inputs.languages, t('console.languages_hint'))),
  problem, h('button', { class: 'primary', type: 'submit', text: t('console.create') }));
  return panel('console-new', t('console.new_heading'), form);
}

/** One session: change it, make it live or end it, its invites and onsite QR code. */
function showSession(container, session, live) {
  const title = h('input', { id: 'edit-title', value: session.title, required: true, maxlength: '200' });
  const room = h('input', { id: 'edit-room', value: session.room, maxlength: '100' });
  const starts = h('input', { id: 'edit-starts', type: 'datetime-local', value: toLocalInput(session.starts_at) });
  const ends = h('input', { id: 'edit-ends', type: 'datetime-local', value: toLocalInput(session.ends_at) });
  const problem = h('p', { class: 'error', role: 'alert' });
  const change = async (body, done) => {
    setText(problem, '');
    try {
      await api('PATCH', `/api/sessions/${session.id}`, body);
      announce(done);
    } catch (error) {
      setText(problem, error.message);
    }
  };
  const makeLive = h('button', { type: 'button', text: t('console.make_live'), onclick: () => change({ state: 'live' }, t('header.live_news')) });
  const end = h('button', { type: 'button', class: 'danger', text: t('console.end'), onclick: () => {
    if (confirm(t('console.confirm_end', { title: isolate(session.title) }))) change({ state: 'ended' }, t('header.ended_news'));
  } });
  // Only a session that never went live may go: one that did keeps its record.
  const remove = h('button', { type: 'button', class: 'danger', text: t('console.delete'), onclick: async () => {
    if (!confirm(t('console.confirm_delete', { title: isolate(session.title) }))) return;
    setText(problem, '');
    try {
      await api('DELETE', `/api/sessions/${session.id}`);
      container.replaceChildren();
      announce(t('console.deleted', { title: isolate(session.title) }));
    } catch (error) {
      setText(problem, error.message);
    }
  } });
  const close = h('button', { type: 'button', text: t('console.close'), onclick: () => container.replaceChildren() });
  const form = h('form', { class: 'console-form', onsubmit: (event) => {
    event.preventDefault();
    change({ title: title.value.trim(), room: room.value.trim(), starts_at: toRfc3339(starts.value), ends_at: toRfc3339(ends.value) }, t('console.saved'));
  } },
  h('div', { class: 'form-grid' }, field(t('console.field_title'), title), field(t('console.field_room'), room),
    field(t('console.field_starts'), starts), field(t('console.field_ends'), ends)),
  problem, h('div', { class: 'button-row' }, h('button', { class: 'primary', type: 'submit', text: t('console.save') }), makeLive, end, remove, close));
  const heading = t('console.edit_heading', { title: isolate(session.title) });
  const onsite = h('div', { class: 'onsite' },
    h('h3', { text: t('console.onsite_heading') }), h('p', { class: 'hint', text: t('console.onsite_hint') }),
    h('img', { class: 'qr', src: `/api/sessions/${session.id}/onsite-qr.svg`, alt: t('console.onsite_alt', { title: isolate(session.title) }), width: '160', height: '160' }));
  const detail = panel('console-session', heading, form, showInvites(session), onsite);
  container.replaceChildren(detail);
  const follow = (sessions) => {
    const now = sessions.find((item) => item.id === session.id);
    if (!now) return;
    makeLive.hidden = now.state !== 'scheduled';
    remove.hidden = now.state !== 'scheduled';
    end.hidden = now.state !== 'live';
  };
  follow(live.sessions);
  live.onChange = follow;
  detail.querySelector('h2').tabIndex = -1;
  detail.querySelector('h2').focus();
}
