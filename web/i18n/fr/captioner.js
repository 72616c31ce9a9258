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
speakers Qui l’a dit
speakers_hint Chaque ligne est attribuée à qui avait la parole quand elle a commencé. Corrigez une ligne dont l’orateur est faux.
no_lines Aucune ligne terminée pour l’instant.
now Les lignes commencées maintenant sont attribuées à {who}.
now_chair Personne n’a la parole : les lignes commencées maintenant sont attribuées à la présidence, {name}.
now_nobody Personne n’a la parole : les lignes commencées maintenant ne nomment aucun orateur.
chair_named {name} (présidence)
unknown Orateur inconnu
change Changer d’orateur
change_of Changer d’orateur : {text}
said_by Dit par
someone_else Quelqu’un d’autre…
name Nom
mode Participation
mode_unsaid Non précisé
need_name Indiquez le nom de l’orateur.
save Enregistrer
cancel Annuler
`;
