// Français : les panneaux du participant (la main, Participants, les onglets sur téléphone).
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[hand]
title Demander la parole
hint Les mains levées en ligne et dans la salle attendent dans une seule file. Quand le modérateur vous donne la parole, cette page vous le dit.
raise_mine Lever la main
lower_mine Baisser la main
how_room Quand on vous donne la parole, allez au micro dans la salle.
how_meeting Quand on vous donne la parole, vous parlez dans la réunion (« {link} » l'ouvre).
ended La session est terminée : on ne peut plus lever la main.
place Vous êtes {position} dans la file
place_held Vous êtes {position} dans la file (votre place est gardée pendant la reconnexion)
place_kept Vous êtes {position} dans la file (votre place a été gardée pendant votre absence)
nobody Personne n'attend la parole.
down Votre main est baissée. {status}
closed La file d'attente est fermée pour le moment.
what Motif
topic Sujet (facultatif)
mine Votre demande : {kind}
mine_topic Votre demande : {kind} · {topic}
allowed Le modérateur vous accorde un tour de plus : vous pouvez lever la main à nouveau.
[people]
title Personnes
taking_part Participants
hubs Pôles à distance
hub_count.one {hubs} ({count} personne)
hub_count.many {hubs} ({count} de personnes)
hub_count.other {hubs} ({count} personnes)
staff.one {count} membre de l'équipe (modérateur ou sous-titreur) est aussi là, non compté ci-dessus.
staff.many {count} de membres de l'équipe (modérateurs et sous-titreurs) sont aussi là, non comptés ci-dessus.
staff.other {count} membres de l'équipe (modérateurs et sous-titreurs) sont aussi là, non comptés ci-dessus.
you Vous
when Quand
me {name} · {mode} · {group} · {region}
me_hub {name} · {mode} · {group} · {region} · pôle à distance « {hub} » de {count}
[ask]
yours Votre question
ask Poser
upvotable Les autres peuvent voter pour votre question.
premoderated Un modérateur approuve les questions avant que les autres les voient.
ended La session est terminée : les questions sont closes.
unsent Questions pas encore envoyées
upvote Voter
upvoted Voté
[where]
nav Écouter, regarder et parler
watch Regarder et écouter
speak Parler dans la réunion
[tabs]
label Participer
hand Main
spoken , {spoken}
new_messages.one {count} nouveau message
new_messages.many {count} de nouveaux messages
new_messages.other {count} nouveaux messages
new_questions.one {count} nouvelle question
new_questions.many {count} de nouvelles questions
new_questions.other {count} nouvelles questions
hand_up votre main est levée, {position} dans la file
`;
