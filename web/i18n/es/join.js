// Español: la página para unirse a una sesión.
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[join]
title Unirse a una sesión
doc_title Unirse a una sesión · hybridhub
invite_moderator Este enlace de invitación te hace moderador de la sesión.
invite_captioner Este enlace de invitación te hace subtitulador de la sesión.
invite_display Este enlace de invitación es para una pantalla de sala de la sesión.
load_failed No se pudieron cargar las sesiones. Revisa tu conexión y vuelve a cargar la página.
shared ¿En un ordenador compartido?
shared_hint Este navegador recuerda tu nombre, tus elecciones y tus enlaces de invitación. Bórralos al irte.
forget Olvidarme en este dispositivo
forgotten Olvidado. Vuelve a cargar la página para empezar de cero.
live_now En directo
later Más tarde
session Sesión
no_sessions Todavía no hay sesiones.
name Tu nombre
name_hint Lo ven los demás en el chat y en la cola de intervenciones.
how ¿Cómo participas?
onsite_hint Estás en el lugar del evento.
remote En línea, por mi cuenta
remote_hint Desde tu propio dispositivo, en cualquier lugar.
hub En línea, como nodo remoto
hub_hint Una pantalla para un grupo de personas reunidas.
hub_name Nombre del nodo
hub_example Por ejemplo: nodo remoto de Nairobi
headcount Cuántas personas están contigo
choose_group Elige un grupo…
group_hint Obligatorio. Se cuenta en quién participó. Los moderadores lo ven junto a una mano levantada, para equilibrar las intervenciones; los demás participantes nunca. «{unspecified}» es una buena respuesta.
region_hint El grupo regional de la ONU del país del que vienes.
join Unirse
need_session Elige una sesión.
need_name Escribe tu nombre.
need_group Elige tu grupo de partes interesadas, o «{unspecified}».
need_hub Da al nodo un nombre y un número de personas de {min} a {max}.
`;
