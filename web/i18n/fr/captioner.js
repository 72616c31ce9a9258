// Français : le panneau du sous-titreur.
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[captioner]
title Écrire les sous-titres
track Piste que vous écrivez
line Ligne de sous-titres
help La frappe s'affiche en direct. Entrée termine la ligne. Échap la retire.
unsent Lignes terminées pas encore envoyées
preview Ce que voient les participants
`;
