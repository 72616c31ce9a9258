// Español: errores y motivos de desconexión (se cargan cuando hacen falta).
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[error]
bad_json El servidor no pudo leer un mensaje de esta página. Vuelve a cargar la página.
binary_frame El servidor no pudo leer un mensaje de esta página. Vuelve a cargar la página.
unknown_type El servidor no conoce esa orden. Vuelve a cargar la página.
invalid_field El servidor no aceptó un valor. Revísalo e inténtalo de nuevo.
too_large Ese texto es demasiado largo.
not_joined Aún no te has unido: espera un momento e inténtalo de nuevo.
already_joined Ya te has unido a esta sesión.
forbidden No tienes permiso para hacer eso.
session_ended La sesión ha terminado.
session_not_live La sesión aún no ha comenzado.
queue_closed La cola está cerrada por ahora.
already_in_queue Ya tienes la mano levantada.
already_voted Ya votaste esta pregunta.
chat_locked El moderador ha bloqueado el chat.
slow_mode El modo lento está activado: espera un poco antes de volver a escribir.
slow_mode_wait El modo lento está activado: podrás volver a escribir {wait}.
banned Un moderador te ha retirado de esta sesión.
invalid_token El enlace de invitación no es válido: puede haber caducado o ser de otra sesión.
not_found Eso ya no existe.
rate_limited Demasiado rápido: espera un momento e inténtalo de nuevo.
capacity Está lleno: la cola, la sesión o el servidor.
poll_closed Esta votación está cerrada: su resultado es definitivo.
turn_limit Ya has tenido todos tus turnos en esta sesión. El moderador puede permitirte uno más.
unavailable La sesión no está disponible ahora. Inténtalo de nuevo en un momento.
storage_full El almacenamiento del servidor está lleno: no se puede guardar nada nuevo hasta que los organizadores liberen espacio. Lo confirmado antes está a salvo.
internal Algo falló en el servidor. No se hizo.
conflict Eso ya se hizo, o ya existe.
offline No tienes conexión.
report_download No se pudo descargar el informe.
[closed]
removed Un moderador te ha retirado de esta sesión.
banned Un moderador te ha retirado de esta sesión; no puedes volver a unirte.
reason Desconectado: {reason}
invite_failed Tu enlace de invitación no funcionó. Te has unido como participante.
display_link El enlace de la pantalla no funcionó. Pide uno nuevo al organizador.
invite_revoked El organizador revocó su enlace de invitación. Ahora es participante.
display_revoked El organizador revocó el enlace de esta pantalla. Pida uno nuevo al organizador.
`;
