//! Why a command was refused. Each code is stable and documented in
//! `docs/PROTOCOL.md`; clients switch on the code, people read the message.

use serde::Serialize;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
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
    /// The thing the command names does not exist.
    NotFound,
}

impl RejectionCode {
    pub fn as_str(self) -> &'static str {
        match self {
            RejectionCode::InvalidField => "invalid_field",
            RejectionCode::TooLarge => "too_large",
            RejectionCode::NotJoined => "not_joined",
            RejectionCode::AlreadyJoined => "already_joined",
            RejectionCode::Forbidden => "forbidden",
            RejectionCode::SessionEnded => "session_ended",
            RejectionCode::NotFound => "not_found",
        }
    }
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
}

impl fmt::Display for Rejection {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}: {}", self.code.as_str(), self.message)
    }
}
