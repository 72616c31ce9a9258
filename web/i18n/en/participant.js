// English: the participant's own panels (the hand, People, the tabs on a phone).
export const review = 'source text';
export default `
[hand]
title Ask for the floor
hint Hands online and in the room wait in one queue. When the moderator gives you the floor, this page says so.
raise_mine Raise my hand
lower_mine Lower my hand
how_room When you are given the floor, go to the microphone in the room.
how_meeting When you are given the floor, you speak in the meeting (“{link}” opens it).
ended The session has ended: hands can no longer be raised.
place You are {position} in the queue
place_held You are {position} in the queue (your place is held while you reconnect)
place_kept You are {position} in the queue (your place was kept while you were offline)
nobody Nobody is waiting to speak.
down Your hand is down. {status}
closed The queue is closed for now.
what What for
topic Topic (optional)
mine Your request: {kind}
mine_topic Your request: {kind} · {topic}
allowed The moderator allowed you one more turn: you can raise your hand again.
[people]
title People
taking_part Taking part
hubs Remote hubs
hub_count.one {hubs} ({count} person)
hub_count.other {hubs} ({count} people)
staff.one {count} staff member (a moderator or captioner) is here too, not counted above.
staff.other {count} staff (moderators and captioners) are here too, not counted above.
you You
when When
me {name} · {mode} · {group} · {region}
me_hub {name} · {mode} · {group} · {region} · remote hub “{hub}” of {count}
[ask]
yours Your question
ask Ask
upvotable Others can upvote your question.
premoderated A moderator approves questions before others see them.
ended The session has ended: questions are closed.
unsent Questions not sent yet
upvote Upvote
upvoted Upvoted
[where]
nav Hear, watch and speak
watch Watch and listen
speak Speak in the meeting
[tabs]
label Take part
hand Hand
spoken , {spoken}
new_messages.one {count} new message
new_messages.other {count} new messages
new_questions.one {count} new question
new_questions.other {count} new questions
hand_up your hand is up, {position} in the queue
`;
