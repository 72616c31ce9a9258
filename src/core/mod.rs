//! The session core: the pure, synchronous rules of one session.
//!
//! Nothing in this module awaits, touches a socket, reads a clock or draws a
//! random number. Time comes in as an argument (`now`), identifiers derive
//! from counters kept in the state, and secrets arrive already generated.
//! The same commands applied to the same state therefore always give the same
//! events, which is what cluster mode's replicated command log relies on.
//!
//! The entry point is [`apply`]: it takes the state, one [`Command`], the
//! [`Actor`] that sent it and `now`, and returns the durable [`Event`]s and
//! storage [`Record`]s it produced, or a [`Rejection`].

mod applied;
mod apply;
mod attributes;
mod balance;
#[cfg(test)]
mod caption_speaker_tests;
#[cfg(test)]
mod caption_tests;
mod captions;
mod chat;
mod command;
#[cfg(test)]
mod display_tests;
mod event;
mod event_report;
mod evolve;
mod floor;
#[cfg(test)]
mod floor_tests;
mod ids;
#[cfg(test)]
mod invite_tests;
mod invites;
mod live;
mod moderation;
pub(crate) mod names;
#[cfg(test)]
mod node_down_tests;
mod polls;
#[cfg(test)]
mod polls_tests;
mod presence;
mod questions;
mod rejection;
mod report;
mod rules;
#[cfg(test)]
pub(crate) mod sequence_strategies;
#[cfg(test)]
mod sequence_tests;
mod session_info;
#[cfg(test)]
mod session_tests;
mod snapshot;
mod state;
#[cfg(test)]
pub(crate) mod test_support;
pub mod time;
mod written_text;

pub use applied::{Applied, Record};
pub use apply::apply;
pub use attributes::{Hub, Mode, Region, Role, Stakeholder};
pub use captions::{
    check_push_text, check_session_is_live, resolve_language, resolve_tracks, split_post_body,
    CaptionPartial, CaptionSpeaker, CaptionWriter, Captions, CAPTION_HISTORY_IN_WELCOME,
    CAPTION_IDLE_CLOSE_MILLIS, CAPTION_LINE_MAX_CHARS, CAPTION_SEQ_MAX_JUMP,
    CAPTION_SEQ_RETRY_WINDOW,
};
pub use chat::CHAT_MAX_CHARS;
pub(crate) use command::present_or_null;
pub use command::{Actor, Command, JoinRequest, PollSpec, QuestionAction, SessionChanges};
pub use event::{Event, EventAudience, EventBody};
pub use event_report::{build_event_report, event_report_csv, EventReport, SessionRecords};
pub use evolve::evolve;
pub use floor::{
    Floor, HandKind, LowerReason, QueueEntry, QueuePolicy, QueueSettings, Spoken, Turn,
    DEFAULT_HOLD_GRACE_SECONDS, HAND_TOPIC_MAX_CHARS, HOLD_GRACE_MAX_SECONDS, MAX_TURNS_LIMIT,
    QUEUE_MAX_ENTRIES, SPEAKING_LIMIT_MAX_SECONDS,
};
pub use ids::{ConnectionId, InviteId, ParticipantId, SecretDigest, Sender, Seq};
pub use invites::{InviteView, Invites, INVITE_LABEL_MAX_CHARS};
pub use live::{live_summary, HubLive, SessionLive, TrackHealth, CAPTION_SILENT_AFTER_MILLIS};
pub use moderation::{
    ChatMode, ChatSettings, Moderation, ANNOUNCEMENT_MAX_CHARS, SLOW_MODE_MAX_SECONDS,
};
pub use polls::{
    HubTally, PollBreakdown, PollCounter, PollKind, PollResultsShown, PollStatus, PollTally,
    PollView, PollVoter, Polls, POLLS_PER_SESSION, POLL_CHAIR_COUNT_MAX, POLL_MAX_OPTIONS,
    POLL_MIN_OPTIONS, POLL_OPTION_MAX_CHARS, POLL_TITLE_MAX_CHARS, SHOW_OF_HANDS_OPTIONS,
};
pub use presence::{PresenceChanges, PresenceCounts, RosterEntry};
pub use questions::{
    QuestionStatus, QuestionView, Questions, DISMISS_REASON_MAX_CHARS,
    QUESTIONS_OPEN_PER_PARTICIPANT_MAX, QUESTION_MAX_CHARS,
};
pub use rejection::{Rejection, RejectionCode};
pub use report::{build_report, report_csv, AttendanceSpan, Report};
pub use rules::captions::SpeakerCorrection;
pub use rules::report::may_see_report;
pub use rules::session::goes_live_by_itself;
pub use rules::NAME_MAX_CHARS;
pub use session_info::{
    is_known_time_zone, SessionInfo, SessionLinks, SessionState, SessionValidationError,
    SESSION_ID_MAX_CHARS,
};
pub use snapshot::{decode_snapshot, encode_snapshot, SnapshotError, SNAPSHOT_FORMAT};
pub use state::{Participant, State};
pub use time::Millis;
pub use written_text::{WRITTEN_BYTES_PER_PARTICIPANT_MAX, WRITTEN_BYTES_PER_SESSION_MAX};
