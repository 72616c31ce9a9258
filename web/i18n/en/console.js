// English: the organisers' console (/admin).
export const review = 'source text';
export default `
[console]
doc_title Organisers' console · hybridhub
title Organisers' console
sign_in_intro Sign in with the admin token the server printed when it first started (or HYBRIDHUB_ADMIN_TOKEN). The browser keeps a sign-in for 12 hours, not the token.
token Admin token
sign_in Sign in
signing_in Signing in…
sign_out Sign out
signed_out You have signed out.
live_heading Sessions now
live_waiting Waiting for the live feed…
live_lost The live feed was interrupted. Reconnecting…
silent_alert Captions silent for over a minute: {list}
silent_item {title} ({lang})
col_session Session
col_state State
col_room Room
col_in_room In the room
col_online Online
col_hubs Hubs
col_hands Hands
col_questions Questions
col_floor Floor
col_captions Captions
col_actions Actions
hub_item {name}: {count}
nobody_floor —
track_writing {lang}: writing
track_ago {lang}: {seconds} s ago
track_none {lang}: no line yet
track_silent {lang}: silent {seconds} s
track_silent_never {lang}: silent
captioners.one {count} captioner connected
captioners.other {count} captioners connected
no_captioner No captioner connected
manage Manage
manage_label Manage {title}
table_scroll Sessions, scrollable
no_sessions No sessions yet. Create one below.
new_heading New session
field_id Id (letters, digits and dashes, in links)
field_title Title
field_room Room
field_starts Starts
field_ends Ends
field_languages Caption languages
languages_hint Language codes separated by commas, the floor language first: en, fr, es
field_state Start as
create Create session
created Session {title} created.
edit_heading Session: {title}
save Save changes
saved Saved.
make_live Make live
end End session
confirm_end End {title}? This cannot be undone.
close Close
invites_heading Invites
invite_role Role
role_moderator Moderator
role_captioner Captioner
role_display Room display
invite_label Label (for you, e.g. CART team A)
mint Make an invite
minted Invite made. Copy its link and send it to the person.
col_label Label
col_role Role
col_expires Expires
col_last_used Last used
col_status Status
never Never
active Active
revoked Revoked
copy Copy link
copied Link copied.
qr Show QR code
hide_qr Hide QR code
qr_alt QR code of the link for {label}
revoke Revoke
confirm_revoke Revoke this invite? Whoever holds it loses the role at once.
revoked_done Invite revoked.
no_invites No invites yet.
onsite_heading Join from your phone
onsite_hint Put this on the screen in the room: it opens the join page with "in the room" chosen.
onsite_alt QR code of the onsite link for {title}
figures_heading The event's figures
figures_refresh Refresh
csv Download the figures (CSV)
figures_total.one {count} person took part (counted once)
figures_total.other {count} people took part (each counted once)
chart_mode By mode
chart_group By stakeholder group
chart_region By UN regional group
mode_hub Remote hub
col_figure Figure
col_people People
sessions_table Per session
col_peak Peak
col_unique Unique
col_turns Turns
col_asked Questions asked
col_answered Questions answered
hubs_table Hubs
col_headcount Headcount
col_sessions Sessions
import_heading Import a schedule
import_file Schedule file
import_hint A .json, .ics (iCalendar) or .csv file. You see every row before anything is made; only the good rows are imported, all together.
import_preview Preview
import_unknown_type Choose a .json, .ics or .csv file.
import_summary Rows: {rows}. Can be imported: {good}. Refused: {bad}.
import_none Nothing can be imported from this file.
import_caption Preview of {file}
import_scroll Preview of the schedule, scrollable
col_row Row
col_id Id
col_title Title
col_starts When
col_result Result
import_ok Will be created
import_refused Refused: {reason}
import_confirm Import the good rows ({count})
import_cancel Cancel
imported Sessions imported: {count}.
delete Delete session
confirm_delete Delete {title}? It has never been live, so it goes with its invites, as if never made.
deleted Session {title} deleted.
`;
