// Says to screen readers when a show of hands or poll opens, closes, and
// has its results published. A welcome (a reload, a reconnection) is
// history: taken in without a word.
import { announce } from '../../lib/dom.js';
import { kindText } from './poll-results.js';
import { t, isolate } from '../../lib/i18n.js';

export function pollNews(model) {
  const known = new Map();
  let first = true;
  return (changed) => {
    // The first call draws what the part missed while its code came: a poll
    // opened live then is news, one from a welcome is not.
    const quiet = changed.includes('all') && !first;
    for (const item of model.polls.values()) {
      const { poll } = item;
      const before = known.get(poll.id);
      known.set(poll.id, poll);
      if (quiet) continue;
      const title = isolate(poll.title);
      if (!before && poll.status === 'open' && !(first && item.fromWelcome)) announce(t('polls.opened_news', { kind: kindText(poll), title }));
      if (before?.status === 'open' && poll.status === 'closed') announce(t('polls.closed_news', { kind: kindText(poll), title }));
      if (before && !before.published && poll.published) announce(t('polls.published_news', { title }));
    }
    first = false;
  };
}
