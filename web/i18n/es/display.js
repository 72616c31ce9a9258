// Español: la pantalla de sala, para un proyector.
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[display]
doc_title {title} · pantalla de sala
questions Preguntas de los participantes
speaking Tiene la palabra: {name} ({mode})
open La palabra está libre
nobody Nadie espera la palabra
next Después: {first}
next_more Después: {first} ({count} esperan)
next_two Después: {first} y luego {second}
next_two_more Después: {first} y luego {second} ({count} esperan)
votes_answering {votes} · respondiéndose
reconnecting Reconectando…
`;
