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
