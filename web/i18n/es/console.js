// Español: la consola de los organizadores (/admin).
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[console]
doc_title Consola de los organizadores · hybridhub
title Consola de los organizadores
sign_in_intro Inicie sesión con el token de administración que el servidor mostró al arrancar por primera vez (o HYBRIDHUB_ADMIN_TOKEN). El navegador guarda una sesión de 12 horas, no el token.
token Token de administración
sign_in Iniciar sesión
signing_in Iniciando sesión…
sign_out Cerrar sesión
signed_out Ha cerrado la sesión.
live_heading Las sesiones ahora
live_waiting Esperando la transmisión en directo…
live_lost La transmisión en directo se interrumpió. Reconectando…
silent_alert Subtítulos en silencio desde hace más de un minuto: {list}
silent_item {title} ({lang})
col_session Sesión
col_state Estado
col_room Sala
col_in_room En la sala
col_online En línea
col_hubs Centros
col_hands Manos
col_questions Preguntas
col_floor Palabra
col_captions Subtítulos
col_actions Acciones
hub_item {name}: {count}
nobody_floor —
track_writing {lang}: escribiendo
track_ago {lang}: hace {seconds} s
track_none {lang}: aún sin líneas
track_silent {lang}: en silencio {seconds} s
track_silent_never {lang}: en silencio
captioners.one {count} subtitulador conectado
captioners.many {count} subtituladores conectados
captioners.other {count} subtituladores conectados
no_captioner Ningún subtitulador conectado
manage Gestionar
manage_label Gestionar {title}
table_scroll Sesiones, desplazable
no_sessions Aún no hay sesiones. Cree una abajo.
new_heading Nueva sesión
field_id Identificador (letras, cifras y guiones, en los enlaces)
field_title Título
field_room Sala
field_starts Empieza
field_ends Termina
field_languages Idiomas de los subtítulos
languages_hint Códigos de idioma separados por comas, primero el idioma de la sala: es, en, fr
field_state Crear como
create Crear la sesión
created Sesión {title} creada.
edit_heading Sesión: {title}
save Guardar cambios
saved Guardado.
make_live Poner en directo
end Terminar la sesión
confirm_end ¿Terminar {title}? No se puede deshacer.
close Cerrar
invites_heading Invitaciones
invite_role Función
role_moderator Moderador
role_captioner Subtitulador
role_display Pantalla de sala
invite_label Etiqueta (para usted, p. ej. equipo CART A)
mint Crear una invitación
minted Invitación creada. Copie su enlace y envíelo a la persona.
col_label Etiqueta
col_role Función
col_expires Caduca
col_last_used Último uso
col_status Situación
never Nunca
active Vigente
revoked Revocada
copy Copiar el enlace
copied Enlace copiado.
qr Mostrar el código QR
hide_qr Ocultar el código QR
qr_alt Código QR del enlace para {label}
revoke Revocar
confirm_revoke ¿Revocar esta invitación? Quien la tenga pierde la función al instante.
revoked_done Invitación revocada.
no_invites Aún no hay invitaciones.
onsite_heading Únase desde su teléfono
onsite_hint Muéstrelo en la pantalla de la sala: abre la página de acceso con «en la sala» elegido.
onsite_alt Código QR del enlace presencial para {title}
figures_heading Las cifras del evento
figures_refresh Actualizar
csv Descargar las cifras (CSV)
figures_total.one {count} persona participó (contada una vez)
figures_total.many {count} personas participaron (cada una contada una vez)
figures_total.other {count} personas participaron (cada una contada una vez)
chart_mode Por modalidad
chart_group Por grupo de partes interesadas
chart_region Por grupo regional de la ONU
mode_hub Centro remoto
col_figure Categoría
col_people Personas
sessions_table Por sesión
col_peak Máximo
col_unique Únicas
col_turns Turnos
col_asked Preguntas hechas
col_answered Preguntas respondidas
hubs_table Centros
col_headcount Asistentes
col_sessions Sesiones
import_heading Importar un programa
import_file Archivo del programa
import_hint Un archivo .json, .ics (iCalendar) o .csv. Verá cada fila antes de que se cree nada; solo se importan las filas correctas, todas juntas.
import_preview Vista previa
import_unknown_type Elija un archivo .json, .ics o .csv.
import_summary Filas: {rows}. Se pueden importar: {good}. Rechazadas: {bad}.
import_none No se puede importar nada de este archivo.
import_caption Vista previa de {file}
import_scroll Vista previa del programa, desplazable
col_row Fila
col_id Identificador
col_title Título
col_starts Cuándo
col_result Resultado
import_ok Se creará
import_refused Rechazada: {reason}
import_confirm Importar las filas correctas ({count})
import_cancel Cancelar
imported Sesiones importadas: {count}.
delete Eliminar la sesión
confirm_delete ¿Eliminar {title}? Nunca ha estado en directo, así que desaparece con sus invitaciones, como si nunca se hubiera creado.
deleted Sesión {title} eliminada.
`;
