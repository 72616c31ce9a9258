//! What each command may do, one file per group of commands: `join` (join
//! and leave), `chat`, `captions`, `session` (the organiser's changes and
//! the timer), `invites` (the organiser's invites), `node` (a dead node's connections), `floor`, `questions`,
//! `moderation` and `polls` (shows of hands and polls), and `report`, the
//! one query with a rule. Each function checks its preconditions and returns
//! the events to emit; the state changes only in `evolve`, from those
//! events. This module holds the checks they share.

pub(crate) mod captions;
pub(super) mod chat;
pub(super) mod floor;
pub(super) mod invites;
pub(super) mod join;
pub(super) mod moderation;
pub(super) mod node;
pub(super) mod polls;
pub(super) mod questions;
pub(super) mod report;
pub(super) mod session;

use super::applied::{Applied, Record};
use super::attributes::Role;
use super::captions::CaptionOutput;
pub(super) use super::chat::checked_text;
use super::command::Actor;
use super::event::EventBody;
use super::evolve::emit;
use super::ids::ConnectionId;
use super::rejection::{Rejection, RejectionCode};
use super::state::{Participant, State};
use super::time::Millis;

/// The longest display name, in Unicode scalar values.
pub const NAME_MAX_CHARS: usize = 80;

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

pub(super) fn connection_of(actor: &Actor) -> Result<&ConnectionId, Rejection> {
    match actor {
        Actor::Connection(connection) => Ok(connection),
        Actor::Admin | Actor::CaptionApi(_) | Actor::Server => Err(Rejection::new(
            RejectionCode::Forbidden,
            "this command comes from a participant's connection",
        )),
    }
}

pub(crate) fn joined_participant<'a>(
    state: &'a State,
    actor: &Actor,
) -> Result<&'a Participant, Rejection> {
    let connection = connection_of(actor)?;
    state
        .participant_of(connection)
        .ok_or_else(|| Rejection::new(RejectionCode::NotJoined, "send join first"))
}

pub(super) fn invalid(message: impl Into<String>) -> Rejection {
    Rejection::new(RejectionCode::InvalidField, message)
}

/// A name as it will be stored and shown (see `core::names`): NFKC, no
/// bidi controls or invisible characters, something visible, not too long.
pub(super) fn checked_name(name: &str, field: &str) -> Result<String, Rejection> {
    if name.chars().count() > NAME_MAX_CHARS * 4 {
        return Err(Rejection::new(
            RejectionCode::TooLarge,
            format!("{field} must be at most {NAME_MAX_CHARS} characters"),
        ));
    }
    let cleaned = crate::core::names::clean_name(name);
    let trimmed = cleaned.trim();
    if trimmed.is_empty() {
        return Err(invalid(format!("{field} must not be empty")));
    }
    if trimmed.chars().count() > NAME_MAX_CHARS {
        return Err(Rejection::new(
            RejectionCode::TooLarge,
            format!("{field} must be at most {NAME_MAX_CHARS} characters"),
        ));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(invalid(format!(
            "{field} must not contain control characters"
        )));
    }
    Ok(trimmed.to_owned())
}

/// Turns caption output into numbered events, plus the records given.
pub(super) fn caption_applied(
    state: &mut State,
    output: CaptionOutput,
    mut records: Vec<Record>,
    now: Millis,
) -> Applied {
    // The durable cursor moves with the durable text: only once a line is
    // stored does a retry of the post that finished it become a duplicate
    // after a restart.
    records.extend(
        output
            .cursors_to_store
            .into_iter()
            .map(|(invite, seq)| Record::CaptionCursor { invite, seq }),
    );
    Applied {
        events: emit(state, output.finals, now),
        records,
        partials: output.partials,
    }
}
