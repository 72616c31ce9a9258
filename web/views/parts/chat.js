// Chat: the messages (a live log), what this device has not sent yet, and
// the composer. Enter sends; Shift+Enter starts a new line. A message typed
// offline waits, marked as not sent, and goes out on reconnect.
import { h, setText, syncList, panel, announce } from '../../lib/dom.js';
import { confirmButton } from './confirm.js';
import { unsentList } from './unsent.js';
import { FOLLOW_SLACK_PX } from './captions.js';
import { t, fill, bdi, clean, locale } from '../../lib/i18n.js';

export function chatPanel(context, { moderator = false } = {}) {
  const { model } = context;
  const list = h('ol', { class: 'chat-list', 'aria-label': t('chat.messages') });
  const unsent = unsentList(context, 'chat.send', t('chat.unsent'));
  const empty = h('p', { class: 'chat-empty', text: t('chat.empty') });
  // The log role makes new messages announced politely.
  const scroller = h('div', { class: 'chat-scroll', role: 'log', tabindex: '0', 'aria-label': t('chat.messages') }, empty, list, h('div', { 'aria-live': 'polite' }, unsent.element));
  const input = h('textarea', { id: 'chat-input', rows: 2, maxlength: 2000, 'aria-label': t('chat.input'), 'aria-describedby': 'chat-rules', dir: 'auto' });
  const rules = h('p', { class: 'hint', id: 'chat-rules', text: t('chat.keys') });
  const sendButton = h('button', { type: 'submit', text: t('chat.submit') });
  const form = h('form', { class: 'composer', onsubmit: (event) => { event.preventDefault(); send(); } }, input, sendButton);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send();
    }
  });
  const element = panel('chat', t('chat.title'), scroller, form, rules);

  function send() {
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    // Refused or offline, the text stays in the unsent list below the chat.
    context.command({ type: 'chat.send', text }).catch(() => {});
  }

  function createMessage(message) {
    const who = h('span', { class: 'chat-from' });
    const time = h('time', { class: 'chat-time' });
    // A message is user text: its own direction, isolated.
    const text = h('p', { class: 'chat-text', dir: 'auto' });
    // Staff carry a badge from the server, which no participant's name can
    // imitate.
    const badgeKey = { moderator: 'chat.badge.moderator', captioner: 'chat.badge.captioner' }[message.from.role];
    const badge = badgeKey ? h('span', { class: 'staff-badge', text: t(badgeKey) }) : null;
    const meta = h('div', { class: 'chat-meta' }, who, ' ');
    if (badge) meta.append(badge, ' ');
    meta.append(time);
    const item = h('li', { class: 'chat-message' }, meta, text);
    if (moderator) {
      const excerpt = message.text.length > 40 ? `${message.text.slice(0, 40)}…` : message.text;
      item.append(confirmButton(t('chat.remove'), t('chat.remove_confirm'), () => {
        context.command({ type: 'chat.delete', message: message.seq }).catch(() => {});
      }, { class: 'small', 'aria-label': t('chat.remove_label', { name: clean(message.from.name), text: clean(excerpt) }) }));
    }
    return item;
  }

  function updateMessage(item, message) {
    // The name in a <bdi>: a right-to-left name, or one with bidi controls,
    // cannot move the time beside it.
    fill(item.querySelector('.chat-from'), message.from.id === model.me.id ? 'common.you_name' : 'common.name', { name: bdi(message.from.name) });
    const time = item.querySelector('time');
    time.dateTime = message.ts;
    setText(time, new Date(message.ts).toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit' }));
    setText(item.querySelector('.chat-text'), clean(message.text));
  }

  // A hidden log says nothing: while the chat is out of view (behind a tab)
  // new messages from others are said through the page's polite region.
  let shown = true;
  let lastSeq = null;
  function announceHidden() {
    for (const message of model.chat) {
      if (lastSeq !== null && message.seq > lastSeq && !shown && message.from.id !== model.me.id) announce(t('chat.said', { name: clean(message.from.name), text: clean(message.text) }));
    }
    if (model.chat.length) lastSeq = Math.max(lastSeq ?? 0, model.chat[model.chat.length - 1].seq);
    else if (lastSeq === null) lastSeq = 0;
  }

  function renderMessages() {
    announceHidden();
    const following = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < FOLLOW_SLACK_PX;
    syncList(list, model.chat, (message) => message.seq, createMessage, updateMessage);
    empty.hidden = model.chat.length > 0;
    if (following) scroller.scrollTop = scroller.scrollHeight;
  }

  function renderSettings() {
    const settings = model.chatSettings;
    const locked = settings.mode === 'locked' && !moderator;
    const ended = model.session.state === 'ended';
    input.disabled = locked || ended;
    sendButton.disabled = locked || ended;
    const note = ended ? t('chat.ended')
      : settings.mode === 'locked' ? t('chat.locked')
        : settings.mode === 'slow' ? t('chat.slow', { count: settings.slow_seconds || 30 }) : t('chat.keys');
    setText(rules, note);
  }

  return {
    element,
    shown(isShown) {
      const appears = isShown && !shown;
      shown = isShown;
      // Back in view, the chat shows its newest messages.
      if (appears) scroller.scrollTop = scroller.scrollHeight;
    },
    outbox: () => unsent.render(),
    update(changed) {
      const all = changed.includes('all');
      if (all || changed.includes('chat')) renderMessages();
      if (all || changed.includes('chat-settings') || changed.includes('session')) renderSettings();
      if (all) unsent.render();
    },
  };
}
