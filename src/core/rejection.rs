//! Why a command was refused. The wire strings of these codes live in one
//! place, `protocol::ErrorCode`, documented in `docs/PROTOCOL.md`.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RejectionCode {
    /// A field is missing, has the wrong type or an unacceptable value.
    InvalidField,
    /// A text is longer than its documented limit.
    TooLarge,
    /// The connection has not sent `join` yet.
    NotJoined,
    /// The connection sent a second `join`.
    AlreadyJoined,
    /// The actor's role does not allow the command.
    Forbidden,
    /// The session has ended and is read-only.
    SessionEnded,
    /// The session has not started (it is still scheduled).
    NotLive,
    /// The thing the command names does not exist.
    NotFound,
    /// The speaker queue is closed to new hands.
    QueueClosed,
    /// The participant's hand is already raised.
    AlreadyInQueue,
    /// The participant has already upvoted this question.
    AlreadyVoted,
    /// Chat is locked to moderators.
    ChatLocked,
    /// Slow mode: the participant wrote too recently.
    SlowMode,
    /// The participant was removed and banned from this session.
    Banned,
    /// A bounded collection (such as the queue) is full.
    Capacity,
    /// The poll is closed: its result is final.
    PollClosed,
    /// The participant had their turns in this session (`max_turns`).
    TurnLimit,
    /// The join's invite no longer holds (the organiser revoked it).
    InvalidToken,
    /// The thing exists already, or is already in the state asked for
    /// (an invite revoked twice).
    Conflict,
    /// The session cannot take the command right now: its owner is
    /// restarting, or in cluster mode the command log is unreachable. Not
    /// applied (almost always; see `docs/PROTOCOL.md`); retry.
    Unavailable,
    /// The server's storage is full: the command was not stored.
    StorageFull,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    pub code: RejectionCode,
    pub message: String,
}

impl Rejection {
    pub fn new(code: RejectionCode, message: impl Into<String>) -> Rejection {
        Rejection {
            code,
            message: message.into(),
        }
    }

    /// The one answer for "not now, retry", wherever the shell finds the
    /// session unable to take a command.
    pub fn unavailable() -> Rejection {
        Rejection::new(
            RejectionCode::Unavailable,
            "the session is not available right now; retry",
        )
    }
}

impl Rejection {
    /// The one answer when the disk holding the database is full.
    pub fn storage_full() -> Rejection {
        Rejection::new(
            RejectionCode::StorageFull,
            "the server's storage is full, so nothing new can be kept; everything confirmed before is safe. The organisers must free space",
        )
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{:?}: {}", self.code, self.message)
    }
}
