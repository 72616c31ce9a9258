// Français : ce que montre chaque vue (en-tête, codes du protocole, heures,
// panneaux communs à tous les rôles).
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[common]
ordinal.one {n}er
ordinal.other {n}e
skip Aller au contenu principal
language Langue
dismiss Fermer
name {name}
you_name {name} (vous)
speaker {name} ({mode})
action_on {action} : {what}
clock {m}:{s}
online_room En ligne
onsite Dans la salle
remote En ligne
group Groupe de parties prenantes
region Groupe régional
settings Réglages d'affichage
[connection]
connecting Connexion…
open Connecté
reconnecting Connexion perdue. Nouvelle tentative {wait}. Ce que vous tapez est gardé et envoyé au retour.
[header]
doc_title {title} · hybridhub
ended Cette session est terminée
live_news La session a commencé.
ended_news La session est terminée.
presence.one {count} participant : {onsite} dans la salle, {remote} en ligne
presence.many {count} de participants : {onsite} dans la salle, {remote} en ligne
presence.other {count} participants : {onsite} dans la salle, {remote} en ligne
announcement Annonce : {text}
[role]
participant Vous êtes maintenant participant à cette session.
captioner Vous êtes maintenant sous-titreur de cette session.
moderator Vous êtes maintenant modérateur de cette session.
[group]
government Gouvernement
private_sector Secteur privé
civil_society Société civile
technical_community Communauté technique
intergovernmental Organisations intergouvernementales
academia Milieu universitaire
other Autre
unspecified Je préfère ne pas répondre
[region]
african Groupe des États d'Afrique
asia_pacific Groupe des États d'Asie et du Pacifique
eastern_european Groupe des États d'Europe orientale
latin_american_caribbean Groupe des États d'Amérique latine et des Caraïbes
western_european_others Groupe des États d'Europe occidentale et autres États
unspecified Je préfère ne pas répondre
[mode]
onsite dans la salle
remote en ligne
[state]
scheduled Prévue
live En direct
ended Terminée
[times]
span {day}, {start}–{end}
span_hours {start}–{end}
span_days {day}, {start} – {endDay}, {end}
day_time {day}, {time}
in_zone {span} ({zone})
and_yours {here} ({yours} chez vous)
yours_only {span}, heure locale ({zone})
at à {time}
on_at le {day} à {time}
not_started Pas commencée : elle était prévue le {when}
starts Début {at} ({zone})
starts_both Début {at} ({zone} ; {yours} chez vous)
starts_yours Début {at}, heure locale ({zone})
[floor]
label La parole
time_left_label Temps de parole restant
left Reste {time}
time_up Temps écoulé
your_time_up Votre temps de parole est écoulé.
end_turn Terminer cette intervention
done J'ai fini
open_meeting Ouvrir la réunion
go_to_mic Allez au micro dans la salle.
unmute Activez votre micro dans la réunion :
unmute_said Activez votre micro dans la réunion, avec le lien Ouvrir la réunion sur cette page. {instructions}
over La session est terminée
nobody Personne n'a la parole
yours Vous avez la parole
yours_said Vous avez la parole. {todo}
has_floor {name} ({mode}) a la parole
turn_ended L'intervention est terminée
waiting.one {count} personne attend la parole.
waiting.many {count} de personnes attendent la parole.
waiting.other {count} personnes attendent la parole.
[kinds]
speak Prendre la parole
reply Répondre à l'orateur
question Poser une question
point_of_order Motion d'ordre
with_priority {kind} (prioritaire)
[captions]
title Sous-titres
language Langue des sous-titres
lines Lignes de sous-titres
scrollable Sous-titres, défilants
jump Revenir aux sous-titres en direct
pause Pause
resume Reprendre
new_lines.one {count} nouvelle ligne
new_lines.many {count} de nouvelles lignes
new_lines.other {count} nouvelles lignes
not_live Les sous-titres commencent quand la session est en direct.
empty Les sous-titres s'affichent ici dès que le sous-titreur écrit.
[chat]
badge.moderator Modérateur
badge.captioner Sous-titreur
title Discussion
messages Messages de la discussion
input Message
unsent Messages pas encore envoyés
empty Aucun message pour l'instant.
keys Entrée envoie. Maj+Entrée passe à la ligne.
submit Envoyer
remove Supprimer
remove_confirm Appuyez encore pour supprimer
remove_label Supprimer le message de {name} : {text}
said Discussion, {name} : {text}
ended La session est terminée ; la discussion est en lecture seule.
locked La discussion est verrouillée : seuls les modérateurs peuvent écrire.
slow.one Mode lent : un message par seconde.
slow.many Mode lent : un message toutes les {count} de secondes.
slow.other Mode lent : un message toutes les {count} secondes.
[questions]
title Questions
by_votes Plus de votes
newest Plus récentes
sort Trier
closed Questions traitées et écartées
fold Traitées et écartées ({count})
none Aucune question pour l'instant.
none_open Aucune question ouverte.
pending En attente d'un modérateur
approved Ouverte
answering Réponse en cours
answered Répondue
dismissed Écartée
meta {name} ({mode}) · {votes} · {status}
meta_mine Vous ({mode}) · {votes} · {status}
votes.one {count} vote
votes.many {count} de votes
votes.other {count} votes
reason Motif : {reason}
no_reason aucun
already_voted Vous avez déjà voté pour cette question.
[unsent]
waiting Pas encore envoyé : il le sera à votre retour en ligne.
sending Envoi…
failed Non envoyé : {reason}
slow_over Non envoyé en mode lent. Vous pouvez l'envoyer maintenant : Réessayer.
retry Réessayer
discard Abandonner
[links]
new_tab (s'ouvre dans un nouvel onglet)
[transcript]
title Transcription :
text Texte
`;
