// English: the moderator's panels (the queue, people online, equity, session controls).
export const review = 'source text';
export default `
[queue]
title Speaking queue
empty Nobody is waiting.
not_asked Not asked
add_title Add a speaker in the room
name Name
add Add to queue
open Queue open
settings Queue settings
lower_every Lower all hands
grant Give floor
up Up
down Down
lower_one Lower
entry Entry {n}
room_name Room: {name}
raised hand raised {when}
held disconnected, place held
[pollpanel]
title Polls and shows of hands
start New show of hands or poll
[modq]
premoderate Approve questions before they are shown
approve Approve
answering Answering now
answered Answered
dismiss Dismiss
reason Reason (optional)
reason_for Reason for dismissing: {what}
[roster]
title People online
staff Staff
participants Participants
none No participants online.
participant Participant
captioner Captioner
moderator Moderator
participant_role participant
captioner_role captioner
moderator_role moderator
display room display
display_name Room display
role_of Role of {name}
remove Remove
remove_confirm Press again to remove {name}
remove_label Remove {name}
ban Ban
ban_confirm Press again to ban {name}
ban_label Remove and ban {name}
hub hub of {count}
hub_unconfirmed hub, claims {count}, counted as 1 until confirmed
hub_confirm Confirm {count}
hub_confirm_label Confirm {count} for {name}
count {count} online: {staff} staff, {participants}
participant_count.one {count} participant
participant_count.other {count} participants
[equity]
title Equity: room and online
caption Room and online compared
figure Figure
people People taking part
hands Hands raised
turns Given the floor
minutes Minutes speaking
wait Median wait (s)
waiting Still waiting
asked Questions asked
answered Questions answered
updated Updated {time}
[controls]
title Session controls
chat_open Open to all
chat_slow Slow mode
chat_locked Moderators only
slow_seconds Seconds between messages in slow mode
announcement Announcement
pin Pin
unpin Unpin
display Open the room display
display_hint (on this computer; for another, ask the organiser for a display link)
report Download the equity report (CSV)
end End the session
end_confirm Press again to end the session for everyone
`;
