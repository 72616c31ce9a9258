// English: errors and why a connection closed (fetched when one is first shown).
export const review = 'source text';
export default `
[error]
bad_json The server could not read a message from this page. Reload the page.
binary_frame The server could not read a message from this page. Reload the page.
unknown_type The server does not know that command. Reload the page.
invalid_field The server did not accept a value in that. Check it and try again.
too_large That text is too long.
not_joined You have not joined yet: wait a moment and try again.
already_joined You have already joined this session.
forbidden You are not allowed to do that.
session_ended The session has ended.
session_not_live The session is not live yet.
queue_closed The queue is closed for now.
already_in_queue Your hand is already up.
already_voted You already upvoted this question.
chat_locked Chat is locked by the moderator.
slow_mode Slow mode is on: wait a little before writing again.
slow_mode_wait Slow mode is on: you can write again {wait}.
banned A moderator removed you from this session.
invalid_token The invite link is not valid: it may have expired, or be for another session.
not_found That no longer exists.
rate_limited Too fast: wait a moment and try again.
capacity It is full: the queue, the session or the server.
poll_closed This poll is closed: its result is final.
turn_limit You have had your turns in this session. The moderator may allow you one more.
unavailable The session is not available right now. Try again in a moment.
storage_full The server's storage is full: nothing new can be kept until the organisers free space. What was confirmed before is safe.
internal Something went wrong on the server. It was not done.
conflict That was done already, or it exists already.
offline You are offline.
report_download The report could not be downloaded.
[closed]
removed A moderator removed you from this session.
banned A moderator removed you from this session; you cannot join again.
reason Disconnected: {reason}
invite_failed Your invite link did not work. You joined as a participant.
display_link The display link did not work. Ask the organiser for a new one.
invite_revoked The organiser revoked your invite link. You are now a participant.
display_revoked The organiser revoked this display's link. Ask the organiser for a new one.
`;
