// Français : erreurs et motifs de déconnexion (chargés au premier besoin).
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[error]
bad_json Le serveur n'a pas pu lire un message de cette page. Rechargez la page.
binary_frame Le serveur n'a pas pu lire un message de cette page. Rechargez la page.
unknown_type Le serveur ne connaît pas cette commande. Rechargez la page.
invalid_field Le serveur n'a pas accepté une valeur. Vérifiez et réessayez.
too_large Ce texte est trop long.
not_joined Vous n'avez pas encore rejoint la session : attendez un instant et réessayez.
already_joined Vous avez déjà rejoint cette session.
forbidden Vous n'êtes pas autorisé à faire cela.
session_ended La session est terminée.
session_not_live La session n'a pas encore commencé.
queue_closed La file d'attente est fermée pour le moment.
already_in_queue Votre main est déjà levée.
already_voted Vous avez déjà voté pour cette question.
chat_locked La discussion est verrouillée par le modérateur.
slow_mode Le mode lent est activé : attendez un peu avant d'écrire à nouveau.
slow_mode_wait Le mode lent est activé : vous pourrez écrire à nouveau {wait}.
banned Un modérateur vous a retiré de cette session.
invalid_token Le lien d'invitation n'est pas valable : il a peut-être expiré, ou il est pour une autre session.
not_found Cela n'existe plus.
rate_limited Trop rapide : attendez un instant et réessayez.
capacity C'est complet : la file d'attente, la session ou le serveur.
poll_closed Ce sondage est clos : son résultat est définitif.
turn_limit Vous avez pris tous vos tours de parole dans cette session. Le modérateur peut vous en accorder un de plus.
unavailable La session n'est pas disponible pour le moment. Réessayez dans un instant.
storage_full Le stockage du serveur est plein : rien de nouveau ne peut être conservé tant que les organisateurs n'ont pas libéré de place. Ce qui a été confirmé avant est conservé.
internal Un problème est survenu sur le serveur. L'action n'a pas été faite.
conflict Cela a déjà été fait, ou existe déjà.
offline Vous êtes hors ligne.
report_download Le rapport n'a pas pu être téléchargé.
[closed]
removed Un modérateur vous a retiré de cette session.
banned Un modérateur vous a retiré de cette session ; vous ne pouvez plus la rejoindre.
reason Déconnecté : {reason}
invite_failed Votre lien d'invitation n'a pas fonctionné. Vous avez rejoint la session comme participant.
display_link Le lien de l'écran n'a pas fonctionné. Demandez-en un nouveau à l'organisateur.
invite_revoked L'organisateur a révoqué votre lien d'invitation. Vous êtes maintenant participant.
display_revoked L'organisateur a révoqué le lien de cet écran. Demandez-en un nouveau à l'organisateur.
`;
