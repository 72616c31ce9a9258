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
speakers Who said it
speakers_hint Each line is said by whoever had the floor when it began. Correct a line whose speaker is wrong.
no_lines No finished lines yet.
now Lines begun now are said by {who}.
now_chair Nobody has the floor: lines begun now are said by the chair, {name}.
now_nobody Nobody has the floor: lines begun now name no speaker.
chair_named {name} (chair)
unknown Speaker not known
change Change speaker
change_of Change speaker: {text}
said_by Said by
someone_else Someone else…
name Name
mode Taking part
mode_unsaid Not said
need_name Give the speaker’s name.
save Save
cancel Cancel
`;
