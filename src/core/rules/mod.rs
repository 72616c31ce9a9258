//! The rules of the floor, questions and moderator controls, one file per
//! concern. Each function checks its preconditions and returns the events
//! to emit; the state changes only through `evolve`, from those events.

pub(super) mod floor;
pub(super) mod moderation;
pub(super) mod questions;

use super::apply::{emit, joined_participant, Applied};
use super::attributes::Role;
pub(super) use super::chat::checked_text;
use super::command::Actor;
use super::event::EventBody;
use super::rejection::{Rejection, RejectionCode};
use super::session_info::SessionState;
use super::state::{Participant, State};
use super::time::Millis;

/// Who may run moderator commands: the organiser, or a joined moderator.
/// Returns the moderator participant (none for the organiser).
pub(super) fn require_moderator<'a>(
    state: &'a State,
    actor: &Actor,
) -> Result<Option<&'a Participant>, Rejection> {
    if *actor == Actor::Admin {
        return Ok(None);
    }
    let participant = joined_participant(state, actor)?;
    if participant.role != Role::Moderator {
        return Err(Rejection::new(
            RejectionCode::Forbidden,
            "only a moderator can do this",
        ));
    }
    Ok(Some(participant))
}

/// An ended session is read-only.
pub(super) fn require_not_ended(state: &State) -> Result<(), Rejection> {
    if state.info.state == SessionState::Ended {
        return Err(Rejection::new(
            RejectionCode::SessionEnded,
            "the session has ended and is read-only",
        ));
    }
    Ok(())
}

/// Numbers and applies event bodies; no records.
pub(super) fn events(state: &mut State, bodies: Vec<EventBody>, now: Millis) -> Applied {
    Applied {
        events: emit(state, bodies, now),
        ..Applied::default()
    }
}

pub(super) fn not_found(message: impl Into<String>) -> Rejection {
    Rejection::new(RejectionCode::NotFound, message)
}
