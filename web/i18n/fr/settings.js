// Français : réglages d'affichage.
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[prefs]
theme Thème
light Clair
dark Sombre
contrast Contraste élevé
size Taille des sous-titres
normal Normale
large Grande
larger Plus grande
largest Très grande
spacing Interligne des sous-titres
tight Serré
wide Large
wider Très large
rows Lignes de sous-titres affichées
rows_all Toutes
position Sous-titres seuls : position
bottom En bas
top En haut
captions_only Sous-titres seuls
`;
