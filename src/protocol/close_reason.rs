//! Why the server closes a WebSocket, with the close code and reason text
//! documented in `docs/PROTOCOL.md` ("Close codes").

/// Why the server closes a connection, with the documented close code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CloseReason {
    Normal,
    /// The outbound queue overflowed: the client is not reading.
    SlowConsumer,
    /// No frame (not even a pong) arrived within the idle timeout.
    IdleTimeout,
    /// No `join` arrived within the join timeout.
    JoinTimeout,
    /// A frame was larger than the frame limit.
    TooLarge,
    /// The server is restarting or shutting down; reconnect and resume.
    ServiceRestart,
    /// The session's owner failed; reconnect and resume.
    InternalError,
    /// A moderator removed the participant from the session.
    Removed,
    /// The server's storage is full: the session's owner stopped. Sent
    /// after an `error` frame with `storage_full`.
    StorageFull,
    /// The organiser revoked the invite a room display joined with.
    InviteRevoked,
    /// A write to the socket did not finish within the write timeout: the
    /// client stopped reading, though its queue had not overflowed.
    WriteTimeout,
}

impl CloseReason {
    pub fn code(self) -> u16 {
        match self {
            CloseReason::Normal => 1000,
            CloseReason::TooLarge => 1009,
            CloseReason::InternalError | CloseReason::StorageFull => 1011,
            CloseReason::ServiceRestart => 1012,
            CloseReason::SlowConsumer => 4000,
            CloseReason::IdleTimeout => 4001,
            CloseReason::JoinTimeout => 4002,
            CloseReason::Removed => 4003,
            CloseReason::InviteRevoked => 4004,
            CloseReason::WriteTimeout => 4005,
        }
    }

    /// Whether frames already queued are sent before the close frame. A
    /// slow consumer is not owed its backlog, and a restart does not wait;
    /// a removed participant is told why, and so is everyone when the
    /// storage is full.
    pub fn delivers_queued_frames(self) -> bool {
        matches!(
            self,
            CloseReason::Removed | CloseReason::StorageFull | CloseReason::InviteRevoked
        )
    }

    pub fn text(self) -> &'static str {
        match self {
            CloseReason::Normal => "bye",
            CloseReason::TooLarge => "frame too large",
            CloseReason::InternalError => "internal error; resume to continue",
            CloseReason::ServiceRestart => "server restarting; resume to continue",
            CloseReason::SlowConsumer => "slow consumer: outbound queue full; resume to continue",
            CloseReason::IdleTimeout => "idle timeout: no frame or pong received",
            CloseReason::JoinTimeout => "join timeout: join and catch up within the join timeout",
            CloseReason::Removed => "removed from the session by a moderator",
            CloseReason::StorageFull => "the server's storage is full; what was confirmed is kept",
            CloseReason::InviteRevoked => "the organiser revoked this display's invite",
            CloseReason::WriteTimeout => {
                "write timeout: the client did not read; resume to continue"
            }
        }
    }
}
