// Français : l'écran de salle, pour un projecteur.
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[display]
doc_title {title} · écran de salle
questions Questions des participants
speaking À la parole : {name} ({mode})
open La parole est libre
nobody Personne n'attend la parole
next Ensuite : {first}
next_more Ensuite : {first} ({count} en attente)
next_two Ensuite : {first}, puis {second}
next_two_more Ensuite : {first}, puis {second} ({count} en attente)
votes_answering {votes} · réponse en cours
reconnecting Reconnexion…
`;
