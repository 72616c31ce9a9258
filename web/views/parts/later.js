// A part whose code, words and style are fetched when first needed (a poll
// arrives, a panel is opened), so a view starts light. Until the part is
// here, what changed is kept, and handed to it on arrival; `arrived(part)`
// is then called, for what the part changes around it.
export function later(load, arrived = () => {}) {
  let part = null;
  let loading = null;
  const missed = new Set();
  return {
    get part() { return part; },
    /** Fetches the part (once); `load()` resolves to it, built. */
    start() {
      loading ||= load().then((made) => {
        part = made;
        part.update([...missed]);
        arrived(part);
        return part;
      });
      return loading;
    },
    update(changed) {
      if (part) part.update(changed);
      else for (const name of changed) missed.add(name);
    },
  };
}

/**
 * The unsent list of one command type, its code fetched when a text is
 * first held back (offline, or refused). Until then it is an empty box.
 */
export function laterUnsent(context, commandType, label) {
  const box = document.createElement('div');
  let list = null;
  let loading = null;
  return {
    element: box,
    render() {
      if (list) return list.render();
      if (!context.client.outbox.some((item) => item.command.type === commandType)) return;
      loading ||= import('./unsent.js').then(({ unsentList }) => {
        list = unsentList(context, commandType, label);
        box.append(list.element);
      });
      loading.then(() => list.render());
    },
  };
}
