// Français : les panneaux du modérateur (file, présents, équité, contrôle de la session).
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[queue]
title File des orateurs
empty Personne n'attend.
not_asked Non demandé
add_title Ajouter un orateur dans la salle
name Nom
add Ajouter à la file
open File ouverte
settings Réglages de la file
lower_every Baisser toutes les mains
grant Donner la parole
up Monter
down Descendre
lower_one Baisser
entry Entrée {n}
room_name Salle : {name}
raised main levée {when}
held déconnecté, place gardée
[pollpanel]
title Sondages et votes à main levée
start Nouveau vote à main levée ou sondage
[modq]
premoderate Approuver les questions avant de les afficher
approve Approuver
answering Réponse en cours
answered Répondue
dismiss Écarter
reason Motif (facultatif)
reason_for Motif pour écarter : {what}
[roster]
title Personnes en ligne
staff Équipe
participants Participants
none Aucun participant en ligne.
participant Participant
captioner Sous-titreur
moderator Modérateur
participant_role participant
captioner_role sous-titreur
moderator_role modérateur
display écran de salle
display_name Écran de salle
role_of Rôle de {name}
remove Retirer
remove_confirm Appuyez encore pour retirer {name}
remove_label Retirer {name}
ban Bannir
ban_confirm Appuyez encore pour bannir {name}
ban_label Retirer et bannir {name}
hub pôle de {count}
hub_unconfirmed pôle déclarant {count}, compté 1 jusqu’à confirmation
hub_confirm Confirmer {count}
hub_confirm_label Confirmer {count} pour {name}
count {count} en ligne : équipe {staff}, {participants}
participant_count.one {count} participant
participant_count.many {count} de participants
participant_count.other {count} participants
[equity]
title Équité : salle et en ligne
caption Salle et en ligne comparées
figure Indicateur
people Participants
hands Mains levées
turns Prises de parole
minutes Minutes de parole
wait Attente médiane (s)
waiting En attente
asked Questions posées
answered Questions répondues
updated Mis à jour à {time}
[controls]
title Contrôle de la session
chat_open Ouverte à tous
chat_slow Mode lent
chat_locked Modérateurs seulement
slow_seconds Secondes entre deux messages en mode lent
announcement Annonce
pin Épingler
unpin Désépingler
display Ouvrir l'écran de salle
display_hint (sur cet ordinateur ; pour un autre, demandez un lien d'écran à l'organisateur)
report Télécharger le rapport d'équité (CSV)
end Terminer la session
end_confirm Appuyez encore pour terminer la session pour tous
`;
