// Session controls for moderators: chat mode, the pinned announcement,
// links (room display, report), and ending the session.
import { h, panel, select, field } from '../../lib/dom.js';
import { loadToken, inviteRole } from '../../lib/storage.js';
import { confirmButton } from './confirm.js';
import { transcriptLinks } from './transcripts.js';
import { t } from '../../lib/i18n.js';

export function controlsPanel(context) {
  const { model, sessionId } = context;
  const run = (command) => context.command(command).catch(() => {});
  const mode = select({ id: 'chat-mode' }, [['open', t('controls.chat_open')], ['slow', t('controls.chat_slow')], ['locked', t('controls.chat_locked')]], 'open');
  const slowSeconds = h('input', { id: 'chat-slow-seconds', type: 'number', min: 1, max: 600, value: '30', inputmode: 'numeric' });
  const applyChat = () => run(mode.value === 'slow'
    ? { type: 'chat.configure', mode: 'slow', slow_seconds: Number(slowSeconds.value) || 30 }
    : { type: 'chat.configure', mode: mode.value });
  mode.addEventListener('change', applyChat);
  slowSeconds.addEventListener('change', () => { if (mode.value === 'slow') applyChat(); });

  const announcement = h('input', { id: 'announcement-text', maxlength: 500, dir: 'auto' });
  const pinForm = h('form', { class: 'inline-form', onsubmit: (event) => {
    event.preventDefault();
    const text = announcement.value.trim();
    if (text) run({ type: 'announcement.pin', text });
  } }, field(t('controls.announcement'), announcement),
  h('button', { type: 'submit', text: t('controls.pin') }),
  h('button', { type: 'button', text: t('controls.unpin'), onclick: () => run({ type: 'announcement.pin', text: null }) }));

  const transcripts = transcriptLinks(sessionId);
  const links = h('ul', { class: 'links' },
    h('li', {}, h('a', { href: `/s/${sessionId}/display`, target: '_blank', rel: 'noopener', text: t('controls.display') }),
      h('span', { class: 'hint', text: ` ${t('controls.display_hint')}` })),
    // The report's HTTP route takes a moderator's invite; a moderator
    // promoted in the session has none, and gets the figures live instead.
    inviteRole(loadToken(sessionId) || '') === 'moderator'
      ? h('li', {}, h('button', { type: 'button', class: 'link', text: t('controls.report'), onclick: downloadReport }))
      : null,
    h('li', {}, transcripts.element));

  // The invite goes in a header, never in a URL that logs or history keep.
  async function downloadReport() {
    const response = await fetch(`/api/sessions/${sessionId}/report?format=csv`, { headers: { authorization: `Bearer ${loadToken(sessionId)}` } });
    if (!response.ok) return context.problem({ code: 'report_download' });
    const url = URL.createObjectURL(await response.blob());
    const link = h('a', { href: url, download: `${sessionId}-equity-report.csv` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  const element = panel('controls', t('controls.title'),
    h('div', { class: 'inline-form' }, field(t('chat.title'), mode), field(t('controls.slow_seconds'), slowSeconds)),
    pinForm, links,
    confirmButton(t('controls.end'), t('controls.end_confirm'), () => run({ type: 'session.end' }), { class: 'danger' }));

  return {
    element,
    update(changed) {
      if (changed.includes('all') || changed.includes('chat-settings')) {
        mode.value = model.chatSettings.mode;
        if (model.chatSettings.slow_seconds) slowSeconds.value = String(model.chatSettings.slow_seconds);
      }
    },
  };
}
