// Français : ce dont seul le modérateur a besoin au-delà de la première vue (chargé à la première main levée ou au premier sondage, quand les réglages de la file ou les sondages sont ouverts, dès que quelqu’un a parlé, ou tant que la séance n’a pas commencé) : réglages et marques de la file, conduite des sondages, équilibre du temps de parole, bandeau de séance non commencée.
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[chair]
order Ordre
alternate Alterner salle et en ligne
fifo Premier arrivé, premier servi
least_spoken Qui a le moins parlé d'abord
replies Les réponses passent juste après le tour en cours
limit Temps de parole
no_limit Sans limite
minutes.one {count} minute
minutes.many {count} de minutes
minutes.other {count} minutes
max_turns Tours par personne
turns.one {count} tour
turns.many {count} de tours
turns.other {count} tours
allow_hint Une personne refusée pour la limite de tours peut en obtenir un de plus.
allow_who Participant
choose Choisir…
allow Accorder un tour de plus
allowed {name} peut prendre un tour de plus.
first Première intervention
spoken.one a parlé une fois ({time})
spoken.many a parlé {count} de fois ({time})
spoken.other a parlé {count} fois ({time})
kind_of Type de demande : {name}
refuse Refuser la priorité
new Nouveau vote à main levée ou sondage
kind Type
title Titre ou question
options Réponses proposées (de 2 à 10)
option Réponse {n}
add_option Ajouter une réponse
remove_option Retirer
remove_option_n Retirer la réponse {n}
choices Choix par personne
single Un seul
up_to Jusqu'à {n}
anonymous Anonyme : personne, modérateurs compris, ne voit qui a choisi quoi
results Résultats
live Affichés en direct au fil des réponses
held Retenus jusqu'à ce que je les publie
open_hands Ouvrir le vote à main levée
open_poll Ouvrir le sondage
need_title Donnez un titre ou une question.
need_options Remplissez au moins deux réponses différentes.
current Ouvert : {kind}
no_tally Le décompte s'affiche dans un instant.
voters Qui a choisi quoi
no_voters Personne n'a encore répondu.
count_title Mains comptées dans la salle
count_hint Pour les personnes dans la salle sans appareil. Affiché à part, jamais ajouté aux réponses comptées.
count_save Enregistrer le décompte
close Clore
publish Publier les résultats
past Plus tôt dans cette session
none Aucun vote à main levée ni sondage dans cette session pour l'instant.
anonymous_short Anonyme
named_short Nominatif
live_short résultats en direct
held_short résultats retenus
published_short résultats publiés
closed_at clos à {time}
[balance]
title Équilibre : temps de parole et présence
gini Équilibre entre les groupes de parties prenantes : {g} (0 : chacun a parlé en proportion de son nombre ; vers 1 : un groupe a pris tout le temps)
gini_none Équilibre entre les groupes de parties prenantes : pas encore (personne n’a parlé, ou moins de deux groupes sont présents)
ratio_hint Part du temps de parole sur part des personnes : 1 est proportionné, moins de 1 moins, plus de 1 davantage.
ratio {group} {ratio}
by_mode Selon la participation : {list}
by_group Par groupe de parties prenantes : {list}
by_region Par groupe régional : {list}
[notlive]
label Session pas commencée
title Cette session n'a pas commencé.
until D'ici là, la discussion, les questions et les mains levées fonctionnent ; les sous-titres commencent quand elle est en direct.
start Commencer maintenant
start_confirm Appuyez encore pour commencer la session pour tous
passed L'heure prévue est passée : elle ne commencera pas d'elle-même.
auto Elle commence d'elle-même {at} ({zone}).
auto_both Elle commence d'elle-même {at} ({zone} ; {yours} chez vous).
auto_yours Elle commence d'elle-même {at}, heure locale ({zone}).
`;
