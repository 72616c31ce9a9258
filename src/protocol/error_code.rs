//! Every `code` an `error` frame can carry. Documented in `docs/PROTOCOL.md`;
//! the strings never change once released.

use crate::core::RejectionCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    /// The frame is not valid JSON, or not a JSON object.
    BadJson,
    /// The frame is a binary frame; the protocol is JSON text only.
    BinaryFrame,
    /// `type` names no command.
    UnknownType,
    /// A field is missing, of the wrong type, or has a bad value.
    InvalidField,
    /// A text is over its documented limit.
    TooLarge,
    NotJoined,
    AlreadyJoined,
    Forbidden,
    SessionEnded,
    /// Captions are refused before the session is live.
    SessionNotLive,
    /// The join's `token` is malformed, expired, or for another session.
    InvalidToken,
    NotFound,
    /// `hand.raise` while the queue is closed.
    QueueClosed,
    /// `hand.raise` with one's hand already raised.
    AlreadyInQueue,
    /// A second upvote of one question.
    AlreadyVoted,
    /// Chat is locked to moderators.
    ChatLocked,
    /// Slow mode: wait before writing again (the message says how long).
    SlowMode,
    /// `join` of a participant a moderator removed and banned.
    Banned,
    /// Too many commands or joins; slow down and retry.
    RateLimited,
    /// The session is full, or the server is.
    Capacity,
    /// An answer or count for a poll that is closed.
    PollClosed,
    /// `hand.raise` beyond the session's turns per person.
    TurnLimit,
    /// The session cannot take commands right now (its owner is
    /// restarting, or the cluster's command log is unreachable); retry.
    Unavailable,
    /// The server's storage is full: nothing new can be stored until the
    /// operator frees space. Everything acknowledged before is kept.
    StorageFull,
    /// Something went wrong on the server; the command was not applied.
    Internal,
    /// It exists already, or is already so (a session id taken, an invite
    /// revoked twice).
    Conflict,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 26] = [
        ErrorCode::BadJson,
        ErrorCode::BinaryFrame,
        ErrorCode::UnknownType,
        ErrorCode::InvalidField,
        ErrorCode::TooLarge,
        ErrorCode::NotJoined,
        ErrorCode::AlreadyJoined,
        ErrorCode::Forbidden,
        ErrorCode::SessionEnded,
        ErrorCode::SessionNotLive,
        ErrorCode::InvalidToken,
        ErrorCode::NotFound,
        ErrorCode::QueueClosed,
        ErrorCode::AlreadyInQueue,
        ErrorCode::AlreadyVoted,
        ErrorCode::ChatLocked,
        ErrorCode::SlowMode,
        ErrorCode::Banned,
        ErrorCode::RateLimited,
        ErrorCode::Capacity,
        ErrorCode::PollClosed,
        ErrorCode::TurnLimit,
        ErrorCode::Unavailable,
        ErrorCode::StorageFull,
        ErrorCode::Internal,
        ErrorCode::Conflict,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadJson => "bad_json",
            ErrorCode::BinaryFrame => "binary_frame",
            ErrorCode::UnknownType => "unknown_type",
            ErrorCode::InvalidField => "invalid_field",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::NotJoined => "not_joined",
            ErrorCode::AlreadyJoined => "already_joined",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::SessionEnded => "session_ended",
            ErrorCode::SessionNotLive => "session_not_live",
            ErrorCode::InvalidToken => "invalid_token",
            ErrorCode::NotFound => "not_found",
            ErrorCode::QueueClosed => "queue_closed",
            ErrorCode::AlreadyInQueue => "already_in_queue",
            ErrorCode::AlreadyVoted => "already_voted",
            ErrorCode::ChatLocked => "chat_locked",
            ErrorCode::SlowMode => "slow_mode",
            ErrorCode::Banned => "banned",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Capacity => "capacity",
            ErrorCode::PollClosed => "poll_closed",
            ErrorCode::TurnLimit => "turn_limit",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::StorageFull => "storage_full",
            ErrorCode::Internal => "internal",
            ErrorCode::Conflict => "conflict",
        }
    }
}

impl From<RejectionCode> for ErrorCode {
    fn from(code: RejectionCode) -> ErrorCode {
        match code {
            RejectionCode::InvalidField => ErrorCode::InvalidField,
            RejectionCode::TooLarge => ErrorCode::TooLarge,
            RejectionCode::NotJoined => ErrorCode::NotJoined,
            RejectionCode::AlreadyJoined => ErrorCode::AlreadyJoined,
            RejectionCode::Forbidden => ErrorCode::Forbidden,
            RejectionCode::SessionEnded => ErrorCode::SessionEnded,
            RejectionCode::NotLive => ErrorCode::SessionNotLive,
            RejectionCode::NotFound => ErrorCode::NotFound,
            RejectionCode::QueueClosed => ErrorCode::QueueClosed,
            RejectionCode::AlreadyInQueue => ErrorCode::AlreadyInQueue,
            RejectionCode::AlreadyVoted => ErrorCode::AlreadyVoted,
            RejectionCode::ChatLocked => ErrorCode::ChatLocked,
            RejectionCode::SlowMode => ErrorCode::SlowMode,
            RejectionCode::Banned => ErrorCode::Banned,
            RejectionCode::Capacity => ErrorCode::Capacity,
            RejectionCode::PollClosed => ErrorCode::PollClosed,
            RejectionCode::TurnLimit => ErrorCode::TurnLimit,
            RejectionCode::Unavailable => ErrorCode::Unavailable,
            RejectionCode::StorageFull => ErrorCode::StorageFull,
            RejectionCode::InvalidToken => ErrorCode::InvalidToken,
            RejectionCode::Conflict => ErrorCode::Conflict,
        }
    }
}

impl ErrorCode {
    /// The HTTP status an API answer with this code carries: the one place
    /// where a refusal of the core becomes an HTTP status.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::BadJson
            | ErrorCode::BinaryFrame
            | ErrorCode::UnknownType
            | ErrorCode::InvalidField
            | ErrorCode::SessionNotLive
            | ErrorCode::SessionEnded
            | ErrorCode::QueueClosed
            | ErrorCode::AlreadyInQueue
            | ErrorCode::AlreadyVoted
            | ErrorCode::ChatLocked
            | ErrorCode::PollClosed
            | ErrorCode::TurnLimit
            | ErrorCode::AlreadyJoined => 400,
            ErrorCode::NotJoined
            | ErrorCode::InvalidToken
            | ErrorCode::Forbidden
            | ErrorCode::Banned => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::Conflict => 409,
            ErrorCode::TooLarge => 413,
            ErrorCode::SlowMode | ErrorCode::RateLimited => 429,
            ErrorCode::Capacity | ErrorCode::Unavailable => 503,
            ErrorCode::StorageFull => 507,
            ErrorCode::Internal => 500,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_code_is_documented_in_protocol_md() {
        let protocol = include_str!("../../docs/PROTOCOL.md");
        for code in ErrorCode::ALL {
            let row = format!("| `{}` |", code.as_str());
            assert!(protocol.contains(&row), "PROTOCOL.md has no row for {row}");
        }
    }
}
