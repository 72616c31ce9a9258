// English: the join page.
export const review = 'source text';
export default `
[join]
title Join a session
doc_title Join a session · hybridhub
invite_moderator This invite link makes you a moderator of the session.
invite_captioner This invite link makes you a captioner of the session.
invite_display This invite link is for a room display of the session.
load_failed Could not load the sessions. Check your connection and reload.
shared On a shared computer?
shared_hint This browser remembers your name, your choices and your invite links. Forget them when you leave.
forget Forget me on this device
forgotten Forgotten. Reload the page to start afresh.
live_now Live now
later Later
session Session
no_sessions No sessions yet.
name Your name
name_hint Shown to others in chat and in the speaking queue.
how How are you taking part?
onsite_hint You are at the venue.
remote Online, on my own
remote_hint From your own device, anywhere.
hub Online, as a remote hub
hub_hint One screen for a group of people together.
hub_name Name of the hub
hub_example For example: Nairobi remote hub
headcount How many people are with you
choose_group Choose a group…
group_hint Required. Counted in who took part. Moderators see it beside a raised hand, to balance the floor; other participants never do. “{unspecified}” is a fine answer.
region_hint The UN regional group of the country you come from.
join Join
need_session Choose a session.
need_name Enter your name.
need_group Choose your stakeholder group, or “{unspecified}”.
need_hub Give the hub a name and a headcount from {min} to {max}.
`;
