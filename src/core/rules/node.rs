//! A node of the cluster was declared down: its connections leave.

use super::join::leave;
use crate::core::applied::Applied;
use crate::core::command::Actor;
use crate::core::rejection::{Rejection, RejectionCode};
use crate::core::state::State;
use crate::core::time::Millis;

/// A dead node's connections leave, each exactly as its own `Leave` would
/// have: presence, attendance closed at `now`, a captioner's open lines
/// finished and a raised hand held once a participant's last connection is
/// gone. Ordered by connection id, so every replica makes the same events.
/// Applying it again, or for a node with no connections, changes nothing.
pub(crate) fn node_down(
    state: &mut State,
    node: &str,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    if *actor != Actor::Server {
        return Err(Rejection::new(
            RejectionCode::Forbidden,
            "only the hub declares a node down",
        ));
    }
    let mut applied = Applied::default();
    for connection in state.presence.connections_of_node(node) {
        applied.extend(leave(state, &Actor::Connection(connection), now));
    }
    Ok(applied)
}
