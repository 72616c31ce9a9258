// English: the captioner's writing panel.
export const review = 'source text';
export default `
[captioner]
title Write captions
track Track you write
line Caption line
help Typing is shown live. Enter finishes the line. Escape withdraws it.
unsent Finished lines not sent yet
preview What participants see
`;
