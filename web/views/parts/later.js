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
