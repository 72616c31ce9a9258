// A session's invites in the console: listed with label, role, expiry and
// last use; minted, copied, shown as a QR code, revoked.
import { h, field, select, syncList, setText, announce } from '../../lib/dom.js';
import { t, isolate, locale } from '../../lib/i18n.js';
import { api, COLUMN } from './console-api.js';

const ROLES = ['moderator', 'captioner', 'display'];
const roleLabel = (role) => t({ moderator: 'console.role_moderator', captioner: 'console.role_captioner', display: 'console.role_display' }[role]);
const when = (rfc3339) => (rfc3339 ? new Date(rfc3339).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' }) : t('console.never'));

export function showInvites(session) {
  const base = `/api/sessions/${session.id}/invites`;
  const problem = h('p', { class: 'error', role: 'alert' });
  const body = h('tbody');
  const empty = h('p', { class: 'hint', text: t('console.no_invites') });
  const columns = ['label', 'role', 'expires', 'last_used', 'status', 'actions'];
  const table = h('table', { class: 'invite-table' },
    h('caption', { class: 'visually-hidden', text: t('console.invites_heading') }),
    h('thead', {}, h('tr', {}, columns.map((column) => h('th', { scope: 'col', text: t(COLUMN[column]) })))), body);
  const refresh = async () => {
    try {
      const invites = await api('GET', base);
      empty.hidden = invites.length > 0;
      table.hidden = invites.length === 0;
      syncList(body, invites.slice().reverse(), (invite) => invite.id, inviteRow, updateInvite);
    } catch (error) {
      setText(problem, error.message);
    }
  };
  function inviteRow(invite) {
    const link = h('input', { readonly: true, class: 'invite-link', value: invite.url, 'aria-label': t('console.copy') });
    const qr = h('img', { class: 'qr', hidden: true, width: '160', height: '160', alt: t('console.qr_alt', { label: isolate(invite.label || roleLabel(invite.role)) }) });
    const qrButton = h('button', { type: 'button', class: 'small', text: t('console.qr'), 'aria-expanded': 'false', onclick: () => {
      if (!qr.src) qr.src = `${base}/${invite.id}/qr.svg`;
      qr.hidden = !qr.hidden;
      qrButton.setAttribute('aria-expanded', String(!qr.hidden));
      setText(qrButton, t(qr.hidden ? 'console.qr' : 'console.hide_qr'));
    } });
    const copy = h('button', { type: 'button', class: 'small', text: t('console.copy'), onclick: async () => {
      link.select();
      await navigator.clipboard?.writeText(link.value).catch(() => {});
      announce(t('console.copied'));
    } });
    const revoke = h('button', { type: 'button', class: 'small danger', text: t('console.revoke'), onclick: async () => {
      if (!confirm(t('console.confirm_revoke'))) return;
      try {
        await api('DELETE', `${base}/${invite.id}`);
        announce(t('console.revoked_done'));
      } catch (error) {
        setText(problem, error.message);
      }
      refresh();
    } });
    const row = h('tr', {}, h('td', { 'data-column': 'label' }), h('td', { 'data-column': 'role' }), h('td'), h('td'), h('td', { 'data-column': 'status' }),
      h('td', { class: 'invite-actions' }, h('div', { class: 'button-row' }, copy, qrButton, revoke), link, qr));
    row.revoke = revoke;
    return row;
  }
  function updateInvite(row, invite) {
    const [label, role, expires, lastUsed, status] = row.cells;
    setText(label, invite.label || '—');
    setText(role, roleLabel(invite.role));
    setText(expires, when(invite.expires_at));
    setText(lastUsed, when(invite.last_used_at));
    setText(status, invite.revoked_at ? t('console.revoked') : t('console.active'));
    row.revoke.hidden = Boolean(invite.revoked_at);
    row.classList.toggle('revoked', Boolean(invite.revoked_at));
  }
  const role = select({ id: 'invite-role' }, ROLES.map((name) => [name, roleLabel(name)]), 'moderator');
  const label = h('input', { id: 'invite-label', maxlength: '80' });
  const mint = h('form', { class: 'inline-form', onsubmit: async (event) => {
    event.preventDefault();
    setText(problem, '');
    try {
      await api('POST', base, { role: role.value, ...(label.value.trim() ? { label: label.value.trim() } : {}) });
      label.value = '';
      announce(t('console.minted'));
      await refresh();
    } catch (error) {
      setText(problem, error.message);
    }
  } }, field(t('console.invite_role'), role), field(t('console.invite_label'), label), h('button', { class: 'primary', type: 'submit', text: t('console.mint') }));
  refresh();
  return h('div', { class: 'invites' }, h('h3', { text: t('console.invites_heading') }), mint, problem, empty,
    h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('console.invites_heading') }, table));
}
