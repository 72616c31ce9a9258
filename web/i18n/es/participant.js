// Español: los paneles del participante (la mano, Personas, las pestañas en el teléfono).
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[hand]
title Pedir la palabra
hint Las manos en línea y en la sala esperan en una sola cola. Cuando el moderador te dé la palabra, esta página te lo dirá.
raise_mine Levantar la mano
lower_mine Bajar la mano
how_room Cuando te den la palabra, ve al micrófono de la sala.
how_meeting Cuando te den la palabra, hablas en la reunión («{link}» la abre).
ended La sesión ha terminado: ya no se puede levantar la mano.
place Eres el {position} en la cola
place_held Eres el {position} en la cola (tu lugar se guarda mientras te reconectas)
place_kept Eres el {position} en la cola (tu lugar se guardó mientras estabas sin conexión)
nobody Nadie espera la palabra.
down Has bajado la mano. {status}
closed La cola está cerrada por ahora.
what Para qué
topic Tema (opcional)
mine Tu solicitud: {kind}
mine_topic Tu solicitud: {kind} · {topic}
allowed El moderador te permite un turno más: puedes volver a levantar la mano.
[people]
title Personas
taking_part Participantes
hubs Nodos remotos
hub_count.one {hubs} ({count} persona)
hub_count.many {hubs} ({count} de personas)
hub_count.other {hubs} ({count} personas)
staff.one También hay {count} miembro del equipo (moderador o subtitulador), no contado arriba.
staff.many También hay {count} de miembros del equipo (moderadores y subtituladores), no contados arriba.
staff.other También hay {count} miembros del equipo (moderadores y subtituladores), no contados arriba.
you Tú
when Cuándo
me {name} · {mode} · {group} · {region}
me_hub {name} · {mode} · {group} · {region} · nodo remoto «{hub}» de {count}
[ask]
yours Tu pregunta
ask Preguntar
upvotable Otros pueden votar tu pregunta.
premoderated Un moderador aprueba las preguntas antes de que las vean los demás.
ended La sesión ha terminado: las preguntas están cerradas.
unsent Preguntas aún no enviadas
upvote Votar
upvoted Votada
[where]
nav Escuchar, ver y hablar
watch Ver y escuchar
speak Hablar en la reunión
[tabs]
label Participar
hand Mano
spoken , {spoken}
new_messages.one {count} mensaje nuevo
new_messages.many {count} de mensajes nuevos
new_messages.other {count} mensajes nuevos
new_questions.one {count} pregunta nueva
new_questions.many {count} de preguntas nuevas
new_questions.other {count} preguntas nuevas
hand_up tienes la mano levantada, el {position} en la cola
`;
