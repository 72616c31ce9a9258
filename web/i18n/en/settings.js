// English: the display settings (fetched when they are first opened).
export const review = 'source text';
export default `
[prefs]
theme Theme
light Light
dark Dark
contrast High contrast
size Caption size
normal Normal
large Large
larger Larger
largest Largest
spacing Caption line spacing
tight Tight
wide Wide
wider Wider
rows Caption lines shown
rows_all All
position Captions-only: captions at
bottom Bottom
top Top
captions_only Captions only
`;
