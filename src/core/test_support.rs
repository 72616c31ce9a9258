//! Fixtures shared by the core's test modules.

use super::*;

/// A live session, live since t = 0, with one caption language (`en`).
pub(crate) fn live_info() -> SessionInfo {
    SessionInfo {
        languages: vec!["en".into()],
        ..super::sequence_strategies::info()
    }
}

/// The actor of the WebSocket connection with this id.
pub(crate) fn connection(id: &str) -> Actor {
    Actor::Connection(ConnectionId(id.into()))
}

/// A join of a remote civil-society participant from Africa with no device
/// id, invited to `role`: the plainest join, for tests that need someone
/// present.
pub(crate) fn join_request(name: &str, role: Role) -> JoinRequest {
    JoinRequest {
        name: name.into(),
        mode: Mode::Remote,
        stakeholder: Stakeholder::CivilSociety,
        region: Region::African,
        hub: None,
        client_id: None,
        invited_role: role,
        as_display: false,
        invite: None,
        offered_secret: None,
        fresh_secret: SecretDigest(format!("digest-of-{name}")),
    }
}
