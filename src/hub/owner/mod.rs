//! A session's owner: the only code that touches its core state.
//!
//! It is split the way sans-IO protocol libraries are:
//!
//! - `machine`: the session machine, [`SessionMachine`]. It decides
//!   everything (which commands to apply and when, what to store, who hears
//!   what and in which order) and does no IO: `handle_*` take what arrived
//!   and `now`, [`SessionMachine::poll_output`] says what to do. Its parts
//!   each have a module: `ordering` (where commands get their order: at
//!   once on one node, the command log in a cluster), `rounds` (pipelined
//!   writes answered in order), `fanout` (who receives which frame),
//!   `resume` (the latest events for resuming clients) and `welcome`.
//! - `driver`: the async task around it. It selects the next input (the
//!   mailbox, a landed write, the timers, the command log), hands it to the
//!   machine, and performs the machine's outputs.
//! - `start`: where an owner starts from (the stored events, or in a
//!   cluster the snapshot and the log after it).
//!
//! Nothing in the machine's modules awaits or reads a clock; its tests
//! (`tests`) drive it by hand: a fake clock, writes released when the test
//! says, and a log the test plays back.

mod counts;
mod driver;
mod fanout;
mod machine;
mod ordering;
mod resume;
mod rounds;
mod start;
#[cfg(test)]
mod tests;
mod welcome;

pub(crate) use driver::{run_session_owner, AnswerTo, SessionMessage};
pub use fanout::{Delivery, Recipient, Viewer};
pub use machine::{MachineConfig, Output, Request, SessionMachine};
pub use ordering::{LogOrdering, LogStart, Ordering, SNAPSHOT_EVERY_ENTRIES};
pub use rounds::ROUNDS_IN_FLIGHT;

use crate::core::{ConnectionId, JoinRequest, ParticipantId, Rejection, Seq, SessionInfo};
use axum::extract::ws::Utf8Bytes;

/// The join a connection asks for, with the shell's part already done.
pub struct JoinArguments {
    pub request: JoinRequest,
    pub resume_from: Option<Seq>,
    /// The caption tracks asked for; `None` means the floor language.
    pub caption_tracks: Option<Vec<String>>,
    /// The secret the client presented, echoed back if it proves identity.
    pub offered_secret: Option<String>,
    /// A freshly generated secret, handed out if a new participant is made.
    pub fresh_secret: String,
}

/// What a connection gets back when its `join` is accepted.
pub struct JoinAccepted {
    pub welcome: Utf8Bytes,
    /// Who the connection is, so that catch-up from the store leaves out
    /// what it may not see (other tracks' lines, others' queue entries).
    pub viewer: Viewer,
    /// Events after `resume_from` that were still in memory.
    pub backlog: Vec<Utf8Bytes>,
    /// Events after `resume_from` to read from the store first: `(after, up_to]`.
    pub stored_range: Option<(Seq, Seq)>,
    pub participant: ParticipantId,
}

/// The answer to a request that awaits one.
pub enum Answer {
    /// A join: accepted (and subscribed), or refused.
    Joined {
        connection: ConnectionId,
        result: Result<JoinAccepted, Rejection>,
    },
    /// The organiser's change: the session as it now is.
    Admin(Result<SessionInfo, Rejection>),
    /// An HTTP caption post, once stored.
    CaptionPost(Result<(), Rejection>),
    /// The last accepted HTTP caption post `seq` of an invite.
    CaptionCursor(u64),
    /// The session's live summary.
    Live(Box<crate::core::SessionLive>),
}
