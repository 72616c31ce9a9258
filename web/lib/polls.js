// Shows of hands and polls as the client reads them from the session model:
// which one to show, whether its results may be seen, a person's answer and
// a hub's count as the server takes them. Plain data, no DOM, no words (the
// words are in the `polls` part of the catalog), so Node tests it.

/** How people attend, as a tally counts them apart. */
export const POLL_MODES = ['onsite', 'remote', 'hub'];

/** Every poll the viewer knows of, newest first. */
export const pollsNewestFirst = (model) => [...model.polls.values()].sort((a, b) => b.poll.id - a.poll.id);

/** The open poll (one at a time), or null. */
export const openPoll = (model) => pollsNewestFirst(model).find((item) => item.poll.status === 'open') || null;

/** The poll to show first: the open one, else the latest. */
export const latestPoll = (model) => openPoll(model) || pollsNewestFirst(model)[0] || null;

/** Whether everyone may see the results now (live, or held back and published). */
export const resultsPublic = (poll) => poll.results_shown === 'live' || poll.published;

/** The option indices of a person's own answer (`your_counts`: 1 per option chosen). */
export const chosenOf = (item) => (item.your_counts || []).flatMap((count, index) => (count > 0 ? [index] : []));

/** A person's answer as counts, from the options chosen. */
export const countsOf = (poll, chosen) => poll.options.map((option, index) => (chosen.includes(index) ? 1 : 0));

/**
 * What is wrong with a hub's count, or null: every count a whole number
 * from 0, adding up to at most the headcount in a single choice, each at
 * most the headcount in a multiple choice (one person may choose several).
 */
export function hubCountProblem(poll, counts, headcount) {
  if (counts.length !== poll.options.length || !counts.every((count) => Number.isInteger(count) && count >= 0)) return 'whole';
  if (poll.max_choices <= 1) return counts.reduce((sum, count) => sum + count, 0) > headcount ? 'sum' : null;
  return counts.some((count) => count > headcount) ? 'each' : null;
}

/** A share of `whole` in percent, for a bar's width; 0 when there is no whole. */
export const percent = (part, whole) => (whole > 0 ? Math.min(100, (part / whole) * 100) : 0);
