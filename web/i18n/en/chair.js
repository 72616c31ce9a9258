// English: what only the chair needs beyond the first view (fetched when a
// hand or a poll first arrives, when the queue's settings or the polls are
// opened, once someone has spoken, or while the session is not live yet):
// the queue's settings and marks, running polls, the balance of speaking
// time, and the not-live banner.
export const review = 'source text';
export default `
[chair]
order Order
alternate Alternate room and online
fifo First come, first served
least_spoken Who has spoken least first
replies Replies go right after the current turn
limit Speaking time
no_limit No limit
minutes.one {count} minute
minutes.other {count} minutes
max_turns Turns per person
turns.one {count} turn
turns.other {count} turns
allow_hint Someone refused for the turn limit may take one more turn.
allow_who Participant
choose Choose…
allow Allow one more turn
allowed {name} may take one more turn.
first First contribution
spoken.one spoke once ({time})
spoken.other spoke {count} times ({time})
kind_of Kind of request: {name}
refuse Refuse priority
new New show of hands or poll
kind Kind
title Title or question
options Options (2 to 10)
option Option {n}
add_option Add an option
remove_option Remove
remove_option_n Remove option {n}
choices Choices per person
single One
up_to Up to {n}
anonymous Anonymous: nobody, moderators included, sees who chose what
results Results
live Shown live as answers come in
held Held back until I publish them
open_hands Open the show of hands
open_poll Open the poll
need_title Give it a title or a question.
need_options Fill in at least two different options.
current Open now: {kind}
no_tally The count appears in a moment.
voters Who chose what
no_voters Nobody has answered yet.
count_title Hands counted in the room
count_hint For people in the room without a device. Shown apart, never added to the counted answers.
count_save Save the count
close Close
publish Publish the results
past Earlier in this session
none No show of hands or poll yet in this session.
anonymous_short Anonymous
named_short Named
live_short results live
held_short results held back
published_short results published
closed_at closed at {time}
[balance]
title Balance: speaking time against attendance
gini Balance across stakeholder groups: {g} (0: each spoke in proportion to its numbers; towards 1: one group took the time)
gini_none Balance across stakeholder groups: not yet (nobody has spoken, or fewer than two groups are here)
ratio_hint Share of the speaking time over share of the people: 1 is in proportion, below 1 less, above 1 more.
ratio {group} {ratio}
by_mode By how people take part: {list}
by_group By stakeholder group: {list}
by_region By regional group: {list}
[notlive]
label Session not started
title This session has not started.
until Until then chat, questions and raised hands work; captions start when it is live.
start Start now
start_confirm Press again to start the session for everyone
passed Its planned time has passed, so it will not go live by itself.
auto It goes live by itself {at} (in {zone}).
auto_both It goes live by itself {at} (in {zone}; {yours} your time).
auto_yours It goes live by itself {at} (your time, {zone}).
`;
