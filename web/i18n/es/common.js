// Español: lo que muestra cada vista (encabezado, códigos del protocolo,
// horas y los paneles comunes a todos los roles).
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[common]
ordinal.other {n}.º
skip Ir al contenido principal
language Idioma
dismiss Cerrar
name {name}
you_name {name} (tú)
speaker {name} ({mode})
action_on {action}: {what}
clock {m}:{s}
online_room En línea
onsite En la sala
remote En línea
group Grupo de partes interesadas
region Grupo regional
settings Ajustes de pantalla
[connection]
connecting Conectando…
open Conectado
reconnecting Se perdió la conexión. Reconectando {wait}. Lo que escribas se guarda y se envía al volver.
[header]
doc_title {title} · hybridhub
ended Esta sesión ha terminado
live_news La sesión ha comenzado.
ended_news La sesión ha terminado.
presence.one {count} participante: {onsite} en la sala, {remote} en línea
presence.many {count} de participantes: {onsite} en la sala, {remote} en línea
presence.other {count} participantes: {onsite} en la sala, {remote} en línea
announcement Aviso: {text}
[role]
participant Ahora eres participante de esta sesión.
captioner Ahora eres subtitulador de esta sesión.
moderator Ahora eres moderador de esta sesión.
[group]
government Gobierno
private_sector Sector privado
civil_society Sociedad civil
technical_community Comunidad técnica
intergovernmental Organizaciones intergubernamentales
academia Comunidad académica
other Otro
unspecified Prefiero no decirlo
[region]
african Grupo de los Estados de África
asia_pacific Grupo de los Estados de Asia y el Pacífico
eastern_european Grupo de los Estados de Europa Oriental
latin_american_caribbean Grupo de los Estados de América Latina y el Caribe
western_european_others Grupo de los Estados de Europa Occidental y otros Estados
unspecified Prefiero no decirlo
[mode]
onsite en la sala
remote en línea
[state]
scheduled Programada
live En directo
ended Terminada
[times]
span {day}, {start}–{end}
span_hours {start}–{end}
span_days {day}, {start} – {endDay}, {end}
day_time {day}, {time}
in_zone {span} ({zone})
and_yours {here} ({yours} en tu hora)
yours_only {span} en tu hora ({zone})
at a las {time}
on_at el {day} a las {time}
not_started No comenzó: estaba prevista el {when}
starts Comienza {at} ({zone})
starts_both Comienza {at} ({zone}; {yours} en tu hora)
starts_yours Comienza {at} en tu hora ({zone})
[floor]
label La palabra
time_left_label Tiempo de intervención restante
left Quedan {time}
time_up Se acabó el tiempo
your_time_up Se acabó tu tiempo de intervención.
end_turn Terminar esta intervención
done He terminado
open_meeting Abrir la reunión
go_to_mic Ve al micrófono de la sala.
unmute Activa tu micrófono en la reunión:
unmute_said Activa tu micrófono en la reunión, con el enlace Abrir la reunión de esta página. {instructions}
over La sesión ha terminado
nobody Nadie tiene la palabra
yours Tienes la palabra
yours_said Tienes la palabra. {todo}
has_floor {name} ({mode}) tiene la palabra
turn_ended La intervención ha terminado
waiting.one {count} persona espera la palabra.
waiting.many {count} de personas esperan la palabra.
waiting.other {count} personas esperan la palabra.
[kinds]
speak Intervenir
reply Responder al orador
question Pregunta
point_of_order Cuestión de orden
with_priority {kind} (prioridad)
[captions]
title Subtítulos
language Idioma de los subtítulos
lines Líneas de subtítulos
scrollable Subtítulos, desplazables
jump Volver a los subtítulos en directo
pause Pausa
resume Reanudar
new_lines.one {count} línea nueva
new_lines.many {count} de líneas nuevas
new_lines.other {count} líneas nuevas
not_live Los subtítulos comienzan cuando la sesión está en directo.
empty Los subtítulos aparecen aquí cuando el subtitulador empieza a escribir.
[chat]
badge.moderator Moderador
badge.captioner Subtitulador
title Chat
messages Mensajes del chat
input Mensaje
unsent Mensajes aún no enviados
empty Todavía no hay mensajes.
keys Intro envía. Mayús+Intro empieza una línea nueva.
submit Enviar
remove Eliminar
remove_confirm Pulsa otra vez para eliminar
remove_label Eliminar el mensaje de {name}: {text}
said Chat, {name}: {text}
ended La sesión ha terminado; el chat es de solo lectura.
locked El chat está bloqueado: solo pueden escribir los moderadores.
slow.one Modo lento: un mensaje por segundo.
slow.many Modo lento: un mensaje cada {count} de segundos.
slow.other Modo lento: un mensaje cada {count} segundos.
[questions]
title Preguntas
by_votes Más votadas
newest Más recientes
sort Ordenar
closed Preguntas respondidas y descartadas
fold Respondidas y descartadas ({count})
none Todavía no hay preguntas.
none_open No hay preguntas abiertas.
pending Esperando a un moderador
approved Abierta
answering Respondiéndose ahora
answered Respondida
dismissed Descartada
meta {name} ({mode}) · {votes} · {status}
meta_mine Tú ({mode}) · {votes} · {status}
votes.one {count} voto
votes.many {count} de votos
votes.other {count} votos
reason Motivo: {reason}
no_reason no indicado
already_voted Ya votaste esta pregunta.
[unsent]
waiting Aún no enviado: se enviará cuando vuelvas a estar en línea.
sending Enviando…
failed No enviado: {reason}
slow_over No enviado en modo lento. Ya puedes enviarlo: Reintentar.
retry Reintentar
discard Descartar
[links]
new_tab (se abre en una pestaña nueva)
[transcript]
title Transcripción:
text Texto
`;
