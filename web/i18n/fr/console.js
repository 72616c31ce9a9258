// Français : la console des organisateurs (/admin).
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[console]
doc_title Console des organisateurs · hybridhub
title Console des organisateurs
sign_in_intro Connectez-vous avec le jeton d'administration affiché par le serveur à son premier démarrage (ou HYBRIDHUB_ADMIN_TOKEN). Le navigateur garde une connexion de 12 heures, pas le jeton.
token Jeton d'administration
sign_in Se connecter
signing_in Connexion…
sign_out Se déconnecter
signed_out Vous êtes déconnecté.
live_heading Les sessions en ce moment
live_waiting En attente du flux en direct…
live_lost Le flux en direct a été interrompu. Reconnexion…
silent_alert Sous-titres muets depuis plus d'une minute : {list}
silent_item {title} ({lang})
col_session Session
col_state État
col_room Salle
col_in_room Dans la salle
col_online En ligne
col_hubs Pôles
col_hands Mains
col_questions Questions
col_floor Parole
col_captions Sous-titres
col_actions Commandes
hub_item {name} : {count}
nobody_floor —
track_writing {lang} : en cours d'écriture
track_ago {lang} : il y a {seconds} s
track_none {lang} : aucune ligne encore
track_silent {lang} : muet depuis {seconds} s
track_silent_never {lang} : muet
captioners.one {count} sous-titreur connecté
captioners.many {count} sous-titreurs connectés
captioners.other {count} sous-titreurs connectés
no_captioner Aucun sous-titreur connecté
manage Gérer
manage_label Gérer {title}
table_scroll Sessions, défilement horizontal
no_sessions Aucune session pour l'instant. Créez-en une ci-dessous.
new_heading Nouvelle session
field_id Identifiant (lettres, chiffres et tirets, dans les liens)
field_title Titre
field_room Salle
field_starts Début
field_ends Fin
field_languages Langues des sous-titres
languages_hint Codes de langue séparés par des virgules, la langue de la salle d'abord : fr, en, es
field_state Créer comme
create Créer la session
created Session {title} créée.
edit_heading Session : {title}
save Enregistrer
saved Enregistré.
make_live Mettre en direct
end Terminer la session
confirm_end Terminer {title} ? C'est définitif.
close Fermer
invites_heading Invitations
invite_role Rôle
role_moderator Modérateur
role_captioner Sous-titreur
role_display Écran de salle
invite_label Libellé (pour vous, p. ex. équipe CART A)
mint Créer une invitation
minted Invitation créée. Copiez son lien et envoyez-le à la personne.
col_label Libellé
col_role Rôle
col_expires Expire
col_last_used Dernière utilisation
col_status Statut
never Jamais
active En vigueur
revoked Révoquée
copy Copier le lien
copied Lien copié.
qr Afficher le code QR
hide_qr Masquer le code QR
qr_alt Code QR du lien pour {label}
revoke Révoquer
confirm_revoke Révoquer cette invitation ? Son détenteur perd le rôle immédiatement.
revoked_done Invitation révoquée.
no_invites Aucune invitation pour l'instant.
onsite_heading Rejoindre depuis votre téléphone
onsite_hint Affichez ceci à l'écran dans la salle : il ouvre la page d'accès avec « dans la salle » choisi.
onsite_alt Code QR du lien sur place pour {title}
figures_heading Les chiffres de l'événement
figures_refresh Actualiser
csv Télécharger les chiffres (CSV)
figures_total.one {count} personne a participé (chacune comptée une fois)
figures_total.many {count} personnes ont participé (chacune comptée une fois)
figures_total.other {count} personnes ont participé (chacune comptée une fois)
chart_mode Par mode
chart_group Par groupe de parties prenantes
chart_region Par groupe régional de l'ONU
mode_hub Pôle à distance
col_figure Catégorie
col_people Personnes
sessions_table Par session
col_peak Pic
col_unique Uniques
col_turns Tours de parole
col_asked Questions posées
col_answered Questions répondues
hubs_table Pôles
col_headcount Effectif
col_sessions Séances
import_heading Importer un programme
import_file Fichier du programme
import_hint Un fichier .json, .ics (iCalendar) ou .csv. Chaque ligne est affichée avant que rien ne soit créé ; seules les bonnes lignes sont importées, toutes ensemble.
import_preview Aperçu
import_unknown_type Choisissez un fichier .json, .ics ou .csv.
import_summary Lignes : {rows}. Importables : {good}. Refusées : {bad}.
import_none Rien ne peut être importé de ce fichier.
import_caption Aperçu de {file}
import_scroll Aperçu du programme, défilant
col_row Ligne
col_id Identifiant
col_title Titre
col_starts Quand
col_result Résultat
import_ok Sera créée
import_refused Refusée : {reason}
import_confirm Importer les bonnes lignes ({count})
import_cancel Annuler
imported Séances importées : {count}.
delete Supprimer la séance
confirm_delete Supprimer {title} ? Elle n'a jamais été en direct : elle disparaît avec ses invitations, comme si elle n'avait jamais été créée.
deleted Séance {title} supprimée.
`;
