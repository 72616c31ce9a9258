// Texts this tab has not got through yet: waiting for the connection, being
// sent, or refused (with the reason, and Retry and Discard). Nothing typed
// disappears without the user deciding so.
import { h, setText, syncList } from '../../lib/dom.js';
import { slowModeSeconds } from '../../lib/labels.js';
import { problemText } from './header.js';

export function unsentList(context, commandType, label) {
  const { client } = context;
  const list = h('ol', { class: 'unsent-list', 'aria-label': label });

  // A slow-mode refusal holds only for its wait: then it says so, once.
  let timer = null;
  function waitLeft(item) {
    const error = item.error || {};
    const seconds = error.code === 'slow_mode' ? slowModeSeconds(error) : null;
    return seconds && error.at ? error.at + seconds * 1000 - Date.now() : null;
  }

  function stateText(item) {
    const left = item.state === 'failed' ? waitLeft(item) : null;
    if (left !== null && left <= 0) return 'Not sent in slow mode. You can send it now: Retry.';
    if (item.state === 'failed') return `Not sent: ${problemText(item.error || {})}`;
    if (item.state === 'sending') return 'Sending…';
    return 'Not sent yet: it will be sent when you are back online.';
  }

  function create(item) {
    const discard = h('button', { type: 'button', class: 'small', text: 'Discard', onclick: () => client.discard(item.key) });
    const retry = h('button', { type: 'button', class: 'small', text: 'Retry', onclick: () => {
      // Retry hides itself while sending: keep focus on the item's Discard.
      discard.focus();
      client.retry(item.key).catch(() => {});
    } });
    const element = h('li', { class: 'unsent' }, h('p', { class: 'unsent-text' }), h('p', { class: 'unsent-state' }), h('div', { class: 'unsent-actions' }, retry, discard));
    element.retryButton = retry;
    return element;
  }

  function update(element, item) {
    const text = item.command.text;
    setText(element.querySelector('.unsent-text'), text);
    setText(element.querySelector('.unsent-state'), stateText(item));
    element.dataset.state = item.state;
    element.retryButton.hidden = item.state !== 'failed';
    const excerpt = text.length > 40 ? `${text.slice(0, 40)}…` : text;
    element.retryButton.setAttribute('aria-label', `Retry: ${excerpt}`);
    element.querySelector('.unsent-actions button:last-child').setAttribute('aria-label', `Discard: ${excerpt}`);
  }

  return {
    element: list,
    render() {
      const items = client.outbox.filter((item) => item.command.type === commandType);
      syncList(list, items, (item) => item.key, create, update);
      const waits = items.map(waitLeft).filter((left) => left !== null && left > 0);
      clearTimeout(timer);
      if (waits.length) timer = setTimeout(() => this.render(), Math.min(...waits) + 50);
    },
  };
}
