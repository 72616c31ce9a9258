//! Fixtures shared by the core's test modules.

use super::*;

/// A live session, live since t = 0, with one caption language (`en`).
pub(crate) fn live_info() -> SessionInfo {
    SessionInfo {
        id: "main".into(),
        title: "Main".into(),
        room: "Plenary".into(),
        starts_at: Millis(0),
        ends_at: Millis(3_600_000),
        languages: vec!["en".into()],
        state: SessionState::Live,
        live_at: Some(Millis(0)),
    }
}

/// The actor of the WebSocket connection with this id.
pub(crate) fn connection(id: &str) -> Actor {
    Actor::Connection(ConnectionId(id.into()))
}
