//! What can be asked of a session, and by whom.

use super::attributes::{Hub, Mode, Region, Role, Stakeholder};
use super::ids::{ConnectionId, InviteId, SecretDigest};
use super::session_info::SessionState;
use super::time::Millis;

/// Who sent a command. Preconditions on the actor are checked by the core,
/// not by the caller, so that every rule about roles lives in one place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actor {
    /// A WebSocket connection; the core knows which participant it belongs
    /// to once it has joined.
    Connection(ConnectionId),
    /// The organiser, through the admin HTTP API.
    Admin,
    /// An HTTP caption client whose captioner invite the shell has verified
    /// (signature, session, role and expiry).
    CaptionApi(InviteId),
    /// The hub itself, on a timer.
    Server,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Join(JoinRequest),
    /// The connection closed or stopped answering pings.
    Leave,
    ChatSend {
        text: String,
    },
    UpdateSession(SessionChanges),
    /// `caption.push` over WebSocket: `text` is the whole open line.
    CaptionPush {
        lang: String,
        text: String,
        is_final: bool,
    },
    /// A Zoom-style HTTP caption post: `body` is appended, `\n` ends a line.
    /// `lang: None` means the session's floor language.
    CaptionPost {
        lang: Option<String>,
        body: String,
        post_seq: u64,
    },
    /// Finishes appended caption lines that have been idle too long.
    CloseIdleCaptionLines,
}

/// A `join` frame after the shell has checked the token and hashed secrets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JoinRequest {
    pub name: String,
    pub mode: Mode,
    pub stakeholder: Stakeholder,
    pub region: Region,
    pub hub: Option<Hub>,
    /// A stable id per browser, chosen by the client. Not proof of identity on
    /// its own: it only groups a device's tabs for presence counting.
    pub client_id: Option<String>,
    /// The role a valid invite token grants; `Participant` without one.
    pub granted_role: Role,
    /// The digest of the resume secret the client presented, if any. With a
    /// matching `client_id` it restores an earlier participant.
    pub offered_secret: Option<SecretDigest>,
    /// The digest of a newly generated secret, used if a new participant is
    /// created. The shell generates it so the core stays free of randomness.
    pub fresh_secret: SecretDigest,
}

/// Changes an organiser makes to a session. `None` leaves a field unchanged.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SessionChanges {
    pub title: Option<String>,
    pub room: Option<String>,
    pub starts_at: Option<Millis>,
    pub ends_at: Option<Millis>,
    pub languages: Option<Vec<String>>,
    pub state: Option<SessionState>,
}
