// Chat: the messages (a live log), what this device has not sent yet, and
// the composer. Enter sends; Shift+Enter starts a new line. A message typed
// offline waits, marked as not sent, and goes out on reconnect.
import { h, setText, syncList, panel } from '../../lib/dom.js';
import { confirmButton } from './confirm.js';

export function chatPanel(context, { moderator = false } = {}) {
  const { model, client } = context;
  const list = h('ol', { class: 'chat-list', 'aria-label': 'Chat messages' });
  const unsent = h('ol', { class: 'chat-unsent', 'aria-label': 'Messages not sent yet' });
  // The log role makes new messages announced politely.
  const empty = h('p', { class: 'chat-empty', text: 'No messages yet.' });
  const scroller = h('div', { class: 'chat-scroll', role: 'log', tabindex: '0', 'aria-label': 'Chat messages' }, empty, list, h('div', { 'aria-live': 'polite' }, unsent));
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
    context.command({ type: 'chat.send', text }).then(() => renderUnsent(), () => {
      // Refused (locked, slow mode, too long): give the text back.
      if (!input.value) input.value = text;
      renderUnsent();
    });
    renderUnsent();
  }

  function createMessage() {
    const who = h('span', { class: 'chat-from' });
    const time = h('time', { class: 'chat-time' });
    const text = h('p', { class: 'chat-text' });
    const item = h('li', { class: 'chat-message' }, h('div', { class: 'chat-meta' }, who, ' ', time), text);
    if (moderator) {
      item.append(confirmButton('Delete', 'Press again to delete', () => {
        context.command({ type: 'chat.delete', message: Number(item.dataset.key) }).catch(() => {});
      }, { class: 'small' }));
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

  function renderMessages() {
    const following = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 48;
    syncList(list, model.chat, (message) => message.seq, createMessage, updateMessage);
    empty.hidden = model.chat.length > 0;
    if (following) scroller.scrollTop = scroller.scrollHeight;
  }

  function renderUnsent() {
    const items = client.outbox.filter((item) => item.command.type === 'chat.send');
    syncList(unsent, items, (item) => item.key,
      (item) => h('li', { class: 'chat-message unsent' },
        h('p', { class: 'chat-text' }),
        h('p', { class: 'unsent-state' }),
        h('button', { type: 'button', class: 'small', text: 'Discard', onclick: () => { client.discard(item.key); renderUnsent(); } })),
      (element, item) => {
        setText(element.querySelector('.chat-text'), item.command.text);
        setText(element.querySelector('.unsent-state'), item.sent ? 'Sending…' : 'Not sent yet: it will be sent when you are back online.');
      });
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
    outbox: renderUnsent,
    update(changed) {
      const all = changed.includes('all');
      if (all || changed.includes('chat')) renderMessages();
      if (all || changed.includes('chat-settings') || changed.includes('session')) renderSettings();
      if (all) renderUnsent();
    },
  };
}
