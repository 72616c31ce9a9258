// Español: las votaciones a mano alzada y las encuestas, para todos los que ven una (se carga con la primera; la pantalla de sala la carga al iniciar).
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[polls]
show_of_hands Votación a mano alzada
poll Encuesta
raise_hand Levantar la mano
do_not_raise_hand No levantar la mano
open Abierta
closed Cerrada
final Resultado final
in_room {count} en la sala
online {count} en línea
in_hubs {count} en nodos remotos
not_answered Presentes sin responder
chair Contado en la sala por el moderador: {count}
summary Respondieron {answered} de {present} presentes
breakdown Por grupo de partes interesadas y grupo regional
by_group Grupo de partes interesadas
by_region Grupo regional
held_back Los resultados se muestran cuando el moderador los publica.
choose_one Elige una respuesta.
choose_up_to Elige hasta {n} respuestas.
choose_first Elige primero una respuesta.
send Enviar mi respuesta
change Cambiar mi respuesta
yours_open Tu respuesta: {answer}. Puedes cambiarla mientras esté abierta.
yours Tu respuesta: {answer}.
hub_ask.one ¿Cuántas personas de tu nodo (de {count}) eligieron cada respuesta? En total, {count} como máximo.
hub_ask.many ¿Cuántas personas de tu nodo (de {count}) eligieron cada respuesta? En total, {count} como máximo.
hub_ask.other ¿Cuántas personas de tu nodo (de {count}) eligieron cada respuesta? En total, {count} como máximo.
hub_ask_each.one ¿Cuántas personas de tu nodo (de {count}) eligieron cada respuesta? Cada número, {count} como máximo.
hub_ask_each.many ¿Cuántas personas de tu nodo (de {count}) eligieron cada respuesta? Cada número, {count} como máximo.
hub_ask_each.other ¿Cuántas personas de tu nodo (de {count}) eligieron cada respuesta? Cada número, {count} como máximo.
hub_sum Los números suman más de {count}, las personas del nodo.
hub_each Un número supera {count}, las personas del nodo.
hub_whole Escribe números enteros, 0 o más.
hub_send Enviar el recuento del nodo
count_of {answer}: {count}
hub_sent Enviado: {counts}. Puedes cambiarlo mientras esté abierta.
opened_news {kind} abierta: {title}
closed_news {kind} cerrada: {title}
published_news Resultados publicados: {title}
answer_here Responde desde tu teléfono o tu computadora, en la página de esta sesión.
answer_held Responde desde tu teléfono o tu computadora, en la página de esta sesión. Los resultados se muestran cuando el moderador los publica.
`;
