// Español: los paneles del moderador (cola, personas en línea, equidad, control de la sesión).
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[queue]
title Cola de intervenciones
empty Nadie espera.
not_asked No se preguntó
add_title Añadir un orador en la sala
name Nombre
add Añadir a la cola
open Cola abierta
settings Ajustes de la cola
lower_every Bajar todas las manos
grant Dar la palabra
up Subir
down Bajar
lower_one Retirar
entry Turno {n}
room_name Sala: {name}
raised mano levantada {when}
held desconectado, lugar guardado
[pollpanel]
title Votaciones a mano alzada y encuestas
start Nueva votación a mano alzada o encuesta
[modq]
premoderate Aprobar las preguntas antes de mostrarlas
approve Aprobar
answering Respondiendo ahora
answered Respondida
dismiss Descartar
reason Motivo (opcional)
reason_for Motivo para descartar: {what}
[roster]
title Personas en línea
staff Equipo
participants Participantes
none No hay participantes en línea.
participant Participante
captioner Subtitulador
moderator Moderador
participant_role participante
captioner_role subtitulador
moderator_role moderador
display pantalla de sala
display_name Pantalla de sala
role_of Rol de {name}
remove Retirar
remove_confirm Pulsa otra vez para retirar a {name}
remove_label Retirar a {name}
ban Vetar
ban_confirm Pulsa otra vez para vetar a {name}
ban_label Retirar y vetar a {name}
hub nodo de {count}
hub_unconfirmed nodo que declara {count}, cuenta como 1 hasta que se confirme
hub_confirm Confirmar {count}
hub_confirm_label Confirmar {count} para {name}
count {count} en línea: equipo {staff}, {participants}
participant_count.one {count} participante
participant_count.many {count} de participantes
participant_count.other {count} participantes
[equity]
title Equidad: sala y en línea
caption Sala y en línea comparadas
figure Indicador
people Participantes
hands Manos levantadas
turns Intervenciones
minutes Minutos de intervención
wait Espera mediana (s)
waiting Aún esperan
asked Preguntas hechas
answered Preguntas respondidas
updated Actualizado a las {time}
[controls]
title Control de la sesión
chat_open Abierto a todos
chat_slow Modo lento
chat_locked Solo moderadores
slow_seconds Segundos entre mensajes en modo lento
announcement Aviso
pin Fijar
unpin Quitar
display Abrir la pantalla de sala
display_hint (en este ordenador; para otro, pide al organizador un enlace de pantalla)
report Descargar el informe de equidad (CSV)
end Terminar la sesión
end_confirm Pulsa otra vez para terminar la sesión para todos
`;
