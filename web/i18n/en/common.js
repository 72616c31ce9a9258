// English, the source text: what every view shows (the session's header,
// the protocol's codes, times, and the panels every role has). One message
// a line, "key text", under [namespace] lines; {name} is a placeholder,
// filled in by the code; key.one, key.other… are a message's forms by
// number (the language's Intl.PluralRules categories for {count}).
export const review = 'source text';
export default `
[common]
ordinal.one {n}st
ordinal.two {n}nd
ordinal.few {n}rd
ordinal.other {n}th
skip Skip to main content
language Language
dismiss Dismiss
name {name}
you_name {name} (you)
speaker {name} ({mode})
action_on {action}: {what}
clock {m}:{s}
online_room Online
onsite In the room
remote Online
group Stakeholder group
region Regional group
settings Display settings
[connection]
connecting Connecting…
open Connected
reconnecting Connection lost. Reconnecting {wait}. What you type is kept and sent when back.
[header]
doc_title {title} · hybridhub
ended This session has ended
live_news The session is live.
ended_news The session has ended.
presence {count} taking part: {onsite} in the room, {remote} online
announcement Announcement: {text}
[role]
participant You are now a participant of this session.
captioner You are now a captioner of this session.
moderator You are now a moderator of this session.
[group]
government Government
private_sector Private sector
civil_society Civil society
technical_community Technical community
intergovernmental Intergovernmental organizations
academia Academia
other Other
unspecified Prefer not to say
[region]
african African States
asia_pacific Asia-Pacific States
eastern_european Eastern European States
latin_american_caribbean Latin American and Caribbean States
western_european_others Western European and other States
unspecified Prefer not to say
[mode]
onsite in the room
remote online
[state]
scheduled Scheduled
live Live
ended Ended
[times]
span {day}, {start}–{end}
span_hours {start}–{end}
span_days {day}, {start} – {endDay}, {end}
day_time {day}, {time}
in_zone {span} in {zone}
and_yours {here} ({yours} your time)
yours_only {span} your time ({zone})
at at {time}
on_at on {day} at {time}
not_started Not started: it was planned for {when}
starts Starts {at} in {zone}
starts_both Starts {at} in {zone} ({yours} your time)
starts_yours Starts {at} your time ({zone})
[floor]
label The floor
time_left_label Speaking time left
left {time} left
time_up Time is up
your_time_up Your speaking time is up.
end_turn End this turn
done I am done speaking
open_meeting Open the meeting
go_to_mic Go to the microphone in the room.
unmute Unmute in the meeting:
unmute_said Unmute in the meeting, with the Open the meeting link on this page. {instructions}
over The session has ended
nobody Nobody has the floor
yours You have the floor
yours_said You have the floor. {todo}
has_floor {name} ({mode}) has the floor
turn_ended The turn has ended
waiting {count} waiting to speak.
[kinds]
speak Speak
reply Reply to the speaker
question Question
point_of_order Point of order
with_priority {kind} (priority)
[captions]
title Captions
language Caption language
lines Caption lines
scrollable Captions, scrollable
jump Jump to live captions
pause Pause
resume Resume
new_lines.one {count} new line
new_lines.other {count} new lines
not_live Captions start when the session is live.
empty Captions appear here when the captioner starts writing.
[chat]
badge.moderator Moderator
badge.captioner Captioner
title Chat
messages Chat messages
input Chat message
unsent Messages not sent yet
empty No messages yet.
keys Enter sends. Shift+Enter starts a new line.
submit Send
remove Delete
remove_confirm Press again to delete
remove_label Delete the message from {name}: {text}
said Chat, {name}: {text}
ended The session has ended; chat is read-only.
locked Chat is locked: only moderators can write.
slow.one Slow mode: one message every {count} second.
slow.other Slow mode: one message every {count} seconds.
[questions]
title Questions
by_votes Most votes
newest Newest
sort Sort
closed Answered and dismissed questions
fold Answered and dismissed ({count})
none No questions yet.
none_open No open questions.
pending Waiting for a moderator
approved Open
answering Being answered now
answered Answered
dismissed Dismissed
meta {name} ({mode}) · {votes} · {status}
meta_mine You ({mode}) · {votes} · {status}
votes.one {count} vote
votes.other {count} votes
reason Reason: {reason}
no_reason none given
already_voted You already upvoted this question.
[unsent]
waiting Not sent yet: it will be sent when you are back online.
sending Sending…
failed Not sent: {reason}
slow_over Not sent in slow mode. You can send it now: Retry.
retry Retry
discard Discard
[links]
new_tab (opens in a new tab)
[transcript]
title Transcript:
text Text
`;
