// Lists the event's sessions. All text goes in with textContent, never as HTML.
const list = document.getElementById('sessions');
const response = await fetch('/api/sessions');
const sessions = await response.json();
list.replaceChildren(...sessions.map((session) => {
  const item = document.createElement('li');
  const state = document.createElement('span');
  state.className = 'state';
  state.textContent = `${session.state}: `;
  item.append(state, `${session.title} (${session.room}) — /ws/sessions/${session.id}`);
  return item;
}));
