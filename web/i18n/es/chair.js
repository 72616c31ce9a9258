// Español: lo que solo necesita el moderador más allá de la primera vista (se carga con la primera mano levantada o la primera votación, al abrir los ajustes de la cola o las votaciones, cuando alguien ha hablado, o mientras la sesión no ha empezado): ajustes y marcas de la cola, la conducción de las votaciones, el equilibrio del tiempo de palabra y el aviso de sesión no iniciada.
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[chair]
order Orden
alternate Alternar sala y en línea
fifo Por orden de llegada
least_spoken Primero quien menos ha hablado
replies Las respuestas van justo después del turno actual
limit Tiempo de intervención
no_limit Sin límite
minutes.one {count} minuto
minutes.many {count} de minutos
minutes.other {count} minutos
max_turns Turnos por persona
turns.one {count} turno
turns.many {count} de turnos
turns.other {count} turnos
allow_hint A quien se rechazó por el límite de turnos se le puede permitir uno más.
allow_who Participante
choose Elige…
allow Permitir un turno más
allowed {name} puede tomar un turno más.
first Primera intervención
spoken.one habló una vez ({time})
spoken.many habló {count} de veces ({time})
spoken.other habló {count} veces ({time})
kind_of Tipo de solicitud: {name}
refuse Rechazar la prioridad
new Nueva votación a mano alzada o encuesta
kind Tipo
title Título o pregunta
options Opciones (de 2 a 10)
option Opción {n}
add_option Añadir una opción
remove_option Quitar
remove_option_n Quitar la opción {n}
choices Opciones por persona
single Una
up_to Hasta {n}
anonymous Anónima: nadie, ni los moderadores, ve quién eligió qué
results Resultados
live Se muestran en directo según llegan las respuestas
held Se reservan hasta que yo los publique
open_hands Abrir la votación a mano alzada
open_poll Abrir la encuesta
need_title Escribe un título o una pregunta.
need_options Rellena al menos dos opciones distintas.
current Abierta ahora: {kind}
no_tally El recuento aparece en un momento.
voters Quién eligió qué
no_voters Nadie ha respondido todavía.
count_title Manos contadas en la sala
count_hint Para las personas en la sala sin dispositivo. Se muestra aparte y nunca se suma a las respuestas contadas.
count_save Guardar el recuento
close Cerrar
publish Publicar los resultados
past Antes en esta sesión
none Todavía no hay votaciones ni encuestas en esta sesión.
anonymous_short Anónima
named_short Nominal
live_short resultados en directo
held_short resultados reservados
published_short resultados publicados
closed_at cerrada a las {time}
[balance]
title Equilibrio: tiempo de palabra y asistencia
gini Equilibrio entre los grupos de partes interesadas: {g} (0: cada uno habló en proporción a su número; hacia 1: un grupo ocupó el tiempo)
gini_none Equilibrio entre los grupos de partes interesadas: todavía no (nadie ha hablado, o hay menos de dos grupos)
ratio_hint Parte del tiempo de palabra sobre parte de las personas: 1 es proporcional, por debajo de 1 menos, por encima más.
ratio {group} {ratio}
by_mode Según cómo participan: {list}
by_group Por grupo de partes interesadas: {list}
by_region Por grupo regional: {list}
[notlive]
label Sesión no iniciada
title Esta sesión no ha comenzado.
until Mientras tanto funcionan el chat, las preguntas y las manos levantadas; los subtítulos comienzan cuando esté en directo.
start Comenzar ahora
start_confirm Pulsa otra vez para comenzar la sesión para todos
passed Su hora prevista ya pasó, así que no comenzará sola.
auto Comenzará sola {at} ({zone}).
auto_both Comenzará sola {at} ({zone}; {yours} en tu hora).
auto_yours Comenzará sola {at} en tu hora ({zone}).
`;
