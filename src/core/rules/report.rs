//! Who may read the session's equity report: the organiser and the
//! session's moderators. A query, not a command: it changes nothing and is
//! not ordered by the sequencer, but its rule lives here with the others so
//! that the role tests cover it.

use super::require_moderator;
use crate::core::command::Actor;
use crate::core::rejection::{Rejection, RejectionCode};
use crate::core::state::State;

pub fn may_see_report(state: &State, actor: &Actor) -> Result<(), Rejection> {
    require_moderator(state, actor)
        .map(|_| ())
        .map_err(|rejection| {
            if rejection.code == RejectionCode::Forbidden {
                Rejection::new(
                    RejectionCode::Forbidden,
                    "only a moderator can see the report",
                )
            } else {
                rejection
            }
        })
}
