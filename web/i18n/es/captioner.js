// Español: el panel del subtitulador.
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[captioner]
title Escribir subtítulos
track Pista que escribes
line Línea de subtítulos
help Lo que escribes se ve en directo. Intro termina la línea. Esc la retira.
unsent Líneas terminadas aún no enviadas
preview Lo que ven los participantes
speakers Quién lo dijo
speakers_hint Cada línea se atribuye a quien tenía la palabra cuando empezó. Corrija una línea cuyo orador sea erróneo.
no_lines Aún no hay líneas terminadas.
now Las líneas que empiezan ahora se atribuyen a {who}.
now_chair Nadie tiene la palabra: las líneas que empiezan ahora se atribuyen a la presidencia, {name}.
now_nobody Nadie tiene la palabra: las líneas que empiezan ahora no nombran orador.
chair_named {name} (presidencia)
unknown Orador desconocido
change Cambiar orador
change_of Cambiar orador: {text}
said_by Dicho por
someone_else Otra persona…
name Nombre
mode Participación
mode_unsaid Sin indicar
need_name Indique el nombre del orador.
save Guardar
cancel Cancelar
`;
