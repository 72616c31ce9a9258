// Chat: the messages (a live log), what this device has not sent yet, and
// the composer. Enter sends; Shift+Enter starts a new line. A message typed
// offline waits, marked as not sent, and goes out on reconnect.
import { h, setText, syncList, panel, announce } from '../../lib/dom.js';
import { confirmButton } from './confirm.js';
import { unsentList } from './unsent.js';
import { FOLLOW_SLACK_PX } from './captions.js';

export function chatPanel(context, { moderator = false } = {}) {
  const { model } = context;
  const list = h('ol', { class: 'chat-list', 'aria-label': 'Chat messages' });
  const unsent = unsentList(context, 'chat.send', 'Messages not sent yet');
  const empty = h('p', { class: 'chat-empty', text: 'No messages yet.' });
  // The log role makes new messages announced politely.
  const scroller = h('div', { class: 'chat-scroll', role: 'log', tabindex: '0', 'aria-label': 'Chat messages' }, empty, list, h('div', { 'aria-live': 'polite' }, unsent.element));
  const input = h('textarea', { id: 'chat-input', rows: 2, maxlength: 2000, 'aria-label': 'Chat message', 'aria-describedby': 'chat-rules' });
  const rules = h('p', { class: 'hint', id: 'chat-rules', text: 'Enter sends. Shift+Enter starts a new line.' });
  const sendButton = h('button', { type: 'submit', text: 'Send' });
  const form = h('form', { class: 'composer', onsubmit: (event) => { event.preventDefault(); send(); } }, input, sendButton);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send();
    }
  });
  const element = panel('chat', 'Chat', scroller, form, rules);

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
    const text = h('p', { class: 'chat-text' });
    const item = h('li', { class: 'chat-message' }, h('div', { class: 'chat-meta' }, who, ' ', time), text);
    if (moderator) {
      const excerpt = message.text.length > 40 ? `${message.text.slice(0, 40)}…` : message.text;
      item.append(confirmButton('Delete', 'Press again to delete', () => {
        context.command({ type: 'chat.delete', message: message.seq }).catch(() => {});
      }, { class: 'small', 'aria-label': `Delete the message from ${message.from.name}: ${excerpt}` }));
    }
    return item;
  }

  function updateMessage(item, message) {
    setText(item.querySelector('.chat-from'), message.from.id === model.me.id ? `${message.from.name} (you)` : message.from.name);
    const time = item.querySelector('time');
    time.dateTime = message.ts;
    setText(time, new Date(message.ts).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }));
    setText(item.querySelector('.chat-text'), message.text);
  }

  // A hidden log says nothing: while the chat is out of view (behind a tab)
  // new messages from others are said through the page's polite region.
  let shown = true;
  let lastSeq = null;
  function announceHidden() {
    for (const message of model.chat) {
      if (lastSeq !== null && message.seq > lastSeq && !shown && message.from.id !== model.me.id) announce(`Chat, ${message.from.name}: ${message.text}`);
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
    const note = ended ? 'The session has ended; chat is read-only.'
      : settings.mode === 'locked' ? 'Chat is locked: only moderators can write.'
        : settings.mode === 'slow' ? `Slow mode: one message every ${settings.slow_seconds || 30} s.` : 'Enter sends. Shift+Enter starts a new line.';
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
