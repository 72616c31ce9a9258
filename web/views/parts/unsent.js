// Texts this tab has not got through yet: waiting for the connection, being
// sent, or refused (with the reason, and Retry and Discard). Nothing typed
// disappears without the user deciding so.
import { h, setText, syncList } from '../../lib/dom.js';
import { slowModeSeconds, problemText, whenErrors } from '../../lib/labels.js';
import { t, clean, hasMessages } from '../../lib/i18n.js';

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
    if (left !== null && left <= 0) return t('unsent.slow_over');
    if (item.state === 'failed') return t('unsent.failed', { reason: problemText(item.error || {}) });
    if (item.state === 'sending') return t('unsent.sending');
    return t('unsent.waiting');
  }

  function create(item) {
    const discard = h('button', { type: 'button', class: 'small', text: t('unsent.discard'), onclick: () => client.discard(item.key) });
    const retry = h('button', { type: 'button', class: 'small', text: t('unsent.retry'), onclick: () => {
      // Retry hides itself while sending: keep focus on the item's Discard.
      discard.focus();
      client.retry(item.key).catch(() => {});
    } });
    const element = h('li', { class: 'unsent' }, h('p', { class: 'unsent-text', dir: 'auto' }), h('p', { class: 'unsent-state' }), h('div', { class: 'unsent-actions' }, retry, discard));
    element.retryButton = retry;
    return element;
  }

  function update(element, item) {
    const text = item.command.text;
    setText(element.querySelector('.unsent-text'), clean(text));
    setText(element.querySelector('.unsent-state'), stateText(item));
    element.dataset.state = item.state;
    element.retryButton.hidden = item.state !== 'failed';
    const what = clean(text.length > 40 ? `${text.slice(0, 40)}…` : text);
    element.retryButton.setAttribute('aria-label', t('common.action_on', { action: t('unsent.retry'), what }));
    element.querySelector('.unsent-actions button:last-child').setAttribute('aria-label', t('common.action_on', { action: t('unsent.discard'), what }));
  }

  return {
    element: list,
    render() {
      const items = client.outbox.filter((item) => item.command.type === commandType);
      // A refusal is said in the errors' words, fetched when first needed.
      if (items.some((item) => item.state === 'failed') && !hasMessages('errors')) return whenErrors(() => this.render());
      syncList(list, items, (item) => item.key, create, update);
      const waits = items.map(waitLeft).filter((left) => left !== null && left > 0);
      clearTimeout(timer);
      if (waits.length) timer = setTimeout(() => this.render(), Math.min(...waits) + 50);
    },
  };
}
