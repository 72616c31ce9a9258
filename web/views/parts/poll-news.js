// Says to screen readers when a show of hands or poll opens, closes, and
// has its results published. A welcome (a reload, a reconnection) is
// history: taken in without a word.
import { announce } from '../../lib/dom.js';
import { kindText } from './poll-results.js';
import { t, isolate } from '../../lib/i18n.js';

export function pollNews(model) {
  const known = new Map();
  return (changed) => {
    const quiet = changed.includes('all');
    for (const { poll } of model.polls.values()) {
      const before = known.get(poll.id);
      known.set(poll.id, poll);
      if (quiet) continue;
      const title = isolate(poll.title);
      if (!before && poll.status === 'open') announce(t('polls.opened_news', { kind: kindText(poll), title }));
      if (before?.status === 'open' && poll.status === 'closed') announce(t('polls.closed_news', { kind: kindText(poll), title }));
      if (before && !before.published && poll.published) announce(t('polls.published_news', { title }));
    }
  };
}
