// English: shows of hands and polls, for everyone who sees one (fetched with
// the first poll; the room display fetches it at start).
export const review = 'source text';
export default `
[polls]
show_of_hands Show of hands
poll Poll
raise_hand Raise hand
do_not_raise_hand Do not raise hand
open Open
closed Closed
final Final result
in_room {count} in the room
online {count} online
in_hubs {count} in remote hubs
not_answered Present, not answered
chair Counted in the room by the moderator: {count}
summary {answered} of {present} present answered
breakdown By stakeholder group and regional group
by_group Stakeholder group
by_region Regional group
held_back The results are shown when the moderator publishes them.
choose_one Choose one.
choose_up_to Choose up to {n}.
choose_first Choose an answer first.
send Send my answer
change Change my answer
yours_open Your answer: {answer}. You can change it while it is open.
yours Your answer: {answer}.
hub_ask.one How many of your {count} person chose each answer? In all at most {count}.
hub_ask.other How many of your {count} people chose each answer? In all at most {count}.
hub_ask_each.one How many of your {count} person chose each answer? Each at most {count}.
hub_ask_each.other How many of your {count} people chose each answer? Each at most {count}.
hub_sum The counts add up to more than {count}, the hub’s headcount.
hub_each A count is more than {count}, the hub’s headcount.
hub_whole Enter whole numbers, 0 or more.
hub_send Send the hub’s count
count_of {count} {answer}
hub_sent Sent: {counts}. You can change it while it is open.
opened_news {kind} open: {title}
closed_news {kind} closed: {title}
published_news Results published: {title}
answer_here Answer on your phone or computer, on this session’s page.
answer_held Answer on your phone or computer, on this session’s page. The results are shown when the moderator publishes them.
`;
