// Français : les votes à main levée et les sondages, pour tous ceux qui en voient un (chargé avec le premier ; l'écran de salle le charge au démarrage).
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[polls]
show_of_hands Vote à main levée
poll Sondage
raise_hand Lever la main
do_not_raise_hand Ne pas lever la main
open Ouvert
closed Clos
final Résultat final
in_room {count} dans la salle
online {count} en ligne
in_hubs {count} dans les pôles à distance
not_answered Présents sans réponse
chair Compté dans la salle par le modérateur : {count}
summary {answered} sur {present} présents ont répondu
breakdown Par groupe de parties prenantes et groupe régional
by_group Groupe de parties prenantes
by_region Groupe régional
held_back Les résultats s'affichent quand le modérateur les publie.
choose_one Choisissez une réponse.
choose_up_to Choisissez jusqu'à {n} réponses.
choose_first Choisissez d'abord une réponse.
send Envoyer ma réponse
change Modifier ma réponse
yours_open Votre réponse : {answer}. Vous pouvez la modifier tant que c'est ouvert.
yours Votre réponse : {answer}.
hub_ask.one Combien de personnes de votre pôle (sur {count}) ont choisi chaque réponse ? Au total, {count} au plus.
hub_ask.many Combien de personnes de votre pôle (sur {count}) ont choisi chaque réponse ? Au total, {count} au plus.
hub_ask.other Combien de personnes de votre pôle (sur {count}) ont choisi chaque réponse ? Au total, {count} au plus.
hub_ask_each.one Combien de personnes de votre pôle (sur {count}) ont choisi chaque réponse ? Chaque nombre, {count} au plus.
hub_ask_each.many Combien de personnes de votre pôle (sur {count}) ont choisi chaque réponse ? Chaque nombre, {count} au plus.
hub_ask_each.other Combien de personnes de votre pôle (sur {count}) ont choisi chaque réponse ? Chaque nombre, {count} au plus.
hub_sum Les nombres dépassent {count} au total, l'effectif du pôle.
hub_each Un nombre dépasse {count}, l'effectif du pôle.
hub_whole Saisissez des nombres entiers, 0 ou plus.
hub_send Envoyer le décompte du pôle
count_of {answer} : {count}
hub_sent Envoyé : {counts}. Vous pouvez le modifier tant que c'est ouvert.
opened_news {kind} ouvert : {title}
closed_news {kind} clos : {title}
published_news Résultats publiés : {title}
answer_here Répondez sur votre téléphone ou votre ordinateur, sur la page de cette session.
answer_held Répondez sur votre téléphone ou votre ordinateur, sur la page de cette session. Les résultats s'affichent quand le modérateur les publie.
`;
