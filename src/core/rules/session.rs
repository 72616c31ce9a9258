//! The session itself: the organiser's changes (title, times, languages,
//! going live, ending), and the timer that finishes idle caption lines and
//! drops held queue places past their grace period.

use super::{caption_applied, invalid};
use crate::core::applied::Applied;
use crate::core::captions::CaptionOutput;
use crate::core::command::{Actor, SessionChanges};
use crate::core::event::EventBody;
use crate::core::rejection::{Rejection, RejectionCode};
use crate::core::rules;
use crate::core::session_info::SessionState;
use crate::core::state::State;
use crate::core::time::Millis;

pub(crate) fn update_session(
    state: &mut State,
    changes: SessionChanges,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    if *actor != Actor::Admin {
        return Err(Rejection::new(
            RejectionCode::Forbidden,
            "only the organiser can change a session",
        ));
    }
    update_session_unchecked(state, changes, now)
}

/// Applies session changes once the caller's right to make them is
/// established (the organiser, or a moderator ending the session).
pub(crate) fn update_session_unchecked(
    state: &mut State,
    changes: SessionChanges,
    now: Millis,
) -> Result<Applied, Rejection> {
    let mut info = state.info.clone();
    if let Some(new_state) = changes.state {
        if new_state < info.state {
            return Err(invalid(format!(
                "a session moves scheduled → live → ended; it cannot go from {} back to {}",
                info.state.as_str(),
                new_state.as_str()
            )));
        }
        info.state = new_state;
    }
    info.title = changes.title.unwrap_or(info.title);
    info.room = changes.room.unwrap_or(info.room);
    info.starts_at = changes.starts_at.unwrap_or(info.starts_at);
    info.ends_at = changes.ends_at.unwrap_or(info.ends_at);
    info.languages = changes.languages.unwrap_or(info.languages);
    info.validate().map_err(|error| invalid(error.0))?;
    if info == state.info {
        return Ok(Applied::default());
    }
    if info.state == SessionState::Live && info.live_at.is_none() {
        info.live_at = Some(now);
    }
    // Lines still open when the session ends are finished before it ends.
    let mut finished = CaptionOutput::default();
    if info.state == SessionState::Ended && state.info.state != SessionState::Ended {
        finished = state.captions.finish_all();
        // The current turn ends with the session, so its time is counted.
        finished
            .finals
            .extend(rules::floor::end_current_turn(state, now));
    }
    finished
        .finals
        .push(EventBody::SessionUpdated { session: info });
    Ok(caption_applied(state, finished, Vec::new(), now))
}

/// The owner's timer: idle appended caption lines are finished, and held
/// queue places past their grace period are dropped.
pub(crate) fn tick(state: &mut State, actor: &Actor, now: Millis) -> Applied {
    if *actor != Actor::Server {
        return Applied::default();
    }
    let mut output = state.captions.finish_idle(now);
    output
        .finals
        .extend(rules::floor::drop_expired_places(state, now));
    caption_applied(state, output, Vec::new(), now)
}
