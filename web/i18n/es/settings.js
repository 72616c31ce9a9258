// Español: ajustes de pantalla.
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[prefs]
theme Tema
light Claro
dark Oscuro
contrast Alto contraste
size Tamaño de los subtítulos
normal Normal
large Grande
larger Más grande
largest Muy grande
spacing Interlineado de los subtítulos
tight Estrecho
wide Amplio
wider Muy amplio
rows Líneas de subtítulos visibles
rows_all Todas
position Solo subtítulos: posición
bottom Abajo
top Arriba
captions_only Solo subtítulos
`;
