// The rest of a welcome's lists. A welcome carries at most the newest
// questions and the first people of the roster; the rest comes in
// `snapshot.page` frames, each before the ack of the `snapshot.more` that
// asked for it (the client keeps the latest page as `lastPage`). The model
// merges each page as it arrives.

export async function loadRestOfSnapshot(client, snapshot) {
  const socket = client.socket;
  const lists = [
    { part: 'questions', items: snapshot.questions || [], total: snapshot.questions_total },
    { part: 'roster', items: snapshot.roster || [], total: snapshot.roster_total },
  ];
  for (const list of lists) {
    let items = list.items;
    let more = typeof list.total === 'number' && list.total > items.length && items.length > 0;
    while (more && client.socket === socket && client.isReady()) {
      const position = list.part === 'questions'
        ? { before: Math.min(...items.map((question) => question.id)) }
        : { after: items.map((person) => person.id).sort().at(-1) };
      client.lastPage = null;
      try {
        await client.request({ type: 'snapshot.more', part: list.part, ...position });
      } catch {
        return;
      }
      const page = client.lastPage;
      if (!page || page.part !== list.part || page.items.length === 0) return;
      items = page.items;
      more = page.more;
    }
  }
}
