// English: the room display, for a projector.
export const review = 'source text';
export default `
[display]
doc_title {title} · room display
questions Questions from participants
speaking Speaking: {name} ({mode})
open The floor is open
nobody Nobody waiting to speak
next Next: {first}
next_more Next: {first} ({count} waiting)
next_two Next: {first}, then {second}
next_two_more Next: {first}, then {second} ({count} waiting)
votes_answering {votes} · being answered
reconnecting Reconnecting…
`;
