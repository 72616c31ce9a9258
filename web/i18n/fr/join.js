// Français : la page pour rejoindre une session.
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[join]
title Rejoindre une session
doc_title Rejoindre une session · hybridhub
invite_moderator Ce lien d'invitation fait de vous un modérateur de la session.
invite_captioner Ce lien d'invitation fait de vous un sous-titreur de la session.
invite_display Ce lien d'invitation est destiné à un écran de salle de la session.
load_failed Impossible de charger les sessions. Vérifiez votre connexion et rechargez la page.
shared Sur un ordinateur partagé ?
shared_hint Ce navigateur retient votre nom, vos choix et vos liens d'invitation. Effacez-les en partant.
forget M'oublier sur cet appareil
forgotten C'est oublié. Rechargez la page pour repartir de zéro.
live_now En direct
later Plus tard
session Session
no_sessions Aucune session pour l'instant.
name Votre nom
name_hint Visible par les autres dans la discussion et dans la file des orateurs.
how Comment participez-vous ?
onsite_hint Vous êtes sur place.
remote En ligne, seul
remote_hint Depuis votre appareil, où que vous soyez.
hub En ligne, comme pôle à distance
hub_hint Un écran pour un groupe de personnes réunies.
hub_name Nom du pôle
hub_example Par exemple : pôle à distance de Nairobi
headcount Combien de personnes sont avec vous
choose_group Choisissez un groupe…
group_hint Obligatoire. Compté dans la participation. Les modérateurs le voient à côté d'une main levée, pour équilibrer les prises de parole ; les autres participants jamais. « {unspecified} » est une bonne réponse.
region_hint Le groupe régional de l'ONU de votre pays.
join Rejoindre
need_session Choisissez une session.
need_name Saisissez votre nom.
need_group Choisissez votre groupe de parties prenantes, ou « {unspecified} ».
need_hub Donnez au pôle un nom et un nombre de personnes de {min} à {max}.
`;
