//! The session itself: the organiser's changes (title, times, languages,
//! going live, ending), a moderator starting or ending it, and the timer,
//! which makes a scheduled session live at its start time, finishes idle
//! caption lines and drops held queue places past their grace period.

use super::{caption_applied, invalid, require_moderator};
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
    // The organiser alone may reopen a session that was ended by mistake.
    let reopening =
        state.info.state == SessionState::Ended && changes.state == Some(SessionState::Live);
    update_session_checked(state, changes, reopening, now)
}

/// Applies session changes once the caller's right to make them is
/// established (the organiser, or a moderator ending the session).
pub(crate) fn update_session_unchecked(
    state: &mut State,
    changes: SessionChanges,
    now: Millis,
) -> Result<Applied, Rejection> {
    update_session_checked(state, changes, false, now)
}

fn update_session_checked(
    state: &mut State,
    changes: SessionChanges,
    reopening: bool,
    now: Millis,
) -> Result<Applied, Rejection> {
    let mut info = state.info.clone();
    if let Some(new_state) = changes.state {
        if new_state < info.state && !reopening {
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
    if let Some(time_zone) = changes.time_zone {
        info.time_zone = (!time_zone.is_empty()).then_some(time_zone);
    }
    info.links = changes.links.unwrap_or(info.links);
    if let Some(chair) = changes.chair {
        info.chair = (!chair.is_empty()).then_some(chair);
    }
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

/// A moderator starts a scheduled session early (the organiser uses
/// `PATCH`). A session already live is refused, so that a second
/// moderator's click is told so rather than silently acked.
pub(crate) fn start_session(
    state: &mut State,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    require_moderator(state, actor)?;
    state.info.check_not_ended()?;
    if state.info.state == SessionState::Live {
        return Err(invalid("the session is already live"));
    }
    go_to(state, SessionState::Live, now)
}

/// A moderator ends the session (the organiser uses `PATCH`).
pub(crate) fn end_session(
    state: &mut State,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    require_moderator(state, actor)?;
    state.info.check_not_ended()?;
    go_to(state, SessionState::Ended, now)
}

fn go_to(state: &mut State, next: SessionState, now: Millis) -> Result<Applied, Rejection> {
    let changes = SessionChanges {
        state: Some(next),
        ..Default::default()
    };
    update_session_unchecked(state, changes, now)
}

/// Whether a scheduled session is due to go live by itself: its start time
/// has come and its end has not. A session whose whole slot passed while
/// it was still scheduled waits for the organiser.
pub fn goes_live_by_itself(info: &crate::core::SessionInfo, now: Millis) -> bool {
    info.state == SessionState::Scheduled && info.starts_at <= now && now < info.ends_at
}

/// The owner's timer: a scheduled session goes live at its start time,
/// idle appended caption lines are finished, and held queue places past
/// their grace period are dropped. It runs at the time the sequencer gave
/// it, so every replica goes live with the same tick.
pub(crate) fn tick(state: &mut State, actor: &Actor, now: Millis) -> Applied {
    if *actor != Actor::Server {
        return Applied::default();
    }
    let mut applied = Applied::default();
    if goes_live_by_itself(&state.info, now) {
        applied = go_to(state, SessionState::Live, now).expect("a scheduled session may go live");
    }
    let mut output = state.captions.finish_idle(now);
    output
        .finals
        .extend(rules::floor::drop_expired_places(state, now));
    applied.extend(caption_applied(state, output, Vec::new(), now));
    applied
}
