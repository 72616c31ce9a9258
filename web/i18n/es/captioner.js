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
`;
