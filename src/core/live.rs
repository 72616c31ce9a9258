//! The organisers' live view of one session: what the console's table
//! shows, computed from the session's state and `now`. Caption health is
//! judged here, so that "silent" means the same thing everywhere.

use super::attributes::{Mode, Role};
use super::event::EventBody;
use super::questions::QuestionStatus;
use super::session_info::SessionState;
use super::state::State;
use super::time::Millis;
use serde::Serialize;

/// A live session's caption track counts as silent once nothing has been
/// finished on it for this long (and nothing is being written).
pub const CAPTION_SILENT_AFTER_MILLIS: i64 = 60_000;

/// One session as the live feed (`GET /api/event/live`) shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SessionLive {
    pub id: String,
    pub title: String,
    pub room: String,
    pub state: SessionState,
    pub starts_at: Millis,
    pub ends_at: Millis,
    /// People present now, by where they are.
    pub in_room: u32,
    pub online: u32,
    /// People present counting each hub as its headcount.
    pub attendees: u32,
    /// Moderators and captioners present.
    pub staff: u32,
    /// The hubs present, with the people each stands for (a hub counts as
    /// one until a moderator confirms its headcount).
    pub hubs: Vec<HubLive>,
    /// Hands raised and waiting for the floor.
    pub hands: u32,
    /// Questions neither answered nor dismissed (pending ones included).
    pub open_questions: u32,
    /// The name of whoever has the floor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub floor: Option<String>,
    /// Captioners present over WebSocket. Captioners are not tied to a
    /// language, so this is the session's, not a track's.
    pub captioners: u32,
    /// One per session language, the floor language first.
    pub captions: Vec<TrackHealth>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HubLive {
    pub name: String,
    pub headcount: u32,
    pub confirmed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TrackHealth {
    pub lang: String,
    /// A line is being written on this track now (WebSocket or HTTP).
    pub writing: bool,
    /// Whole seconds since the track's last finished line; `None` before
    /// its first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds_since_final: Option<u64>,
    /// The session is live and the track has had nothing finished for more
    /// than [`CAPTION_SILENT_AFTER_MILLIS`] (counted from when the session
    /// went live if it has had nothing at all), and nothing is being
    /// written.
    pub silent: bool,
}

/// The session's live summary as of `now`.
pub fn live_summary(state: &State, now: Millis) -> SessionLive {
    let info = state.info();
    let counts = state.presence_counts();
    let mut hubs = Vec::new();
    let mut captioners = 0;
    for entry in state.roster() {
        if entry.role == Role::Captioner {
            captioners += 1;
        }
        if let Some(hub) = entry.hub {
            hubs.push(HubLive {
                name: hub.name,
                headcount: hub.headcount,
                confirmed: hub.confirmed,
            });
        }
    }
    let open_questions = state
        .questions()
        .items
        .values()
        .filter(|question| {
            matches!(
                question.view.status,
                QuestionStatus::Pending | QuestionStatus::Approved | QuestionStatus::Answering
            )
        })
        .count();
    let captions = info
        .languages
        .iter()
        .map(|lang| track_health(state, lang, now))
        .collect();
    SessionLive {
        id: info.id.clone(),
        title: info.title.clone(),
        room: info.room.clone(),
        state: info.state,
        starts_at: info.starts_at,
        ends_at: info.ends_at,
        in_room: counts.mode(Mode::Onsite),
        online: counts.mode(Mode::Remote),
        attendees: counts.attendees,
        staff: counts.staff,
        hubs,
        hands: state.floor().queue().len() as u32,
        open_questions: open_questions as u32,
        floor: state.floor().speaker().map(|turn| turn.entry.name.clone()),
        captioners,
        captions,
    }
}

fn track_health(state: &State, lang: &str, now: Millis) -> TrackHealth {
    let info = state.info();
    let last_final = state
        .captions()
        .recent_finals(lang)
        .filter_map(|event| match &event.body {
            EventBody::CaptionFinal { ended_at, .. } => Some(*ended_at),
            _ => None,
        })
        .max();
    let writing = !state.captions().open_lines(lang).is_empty();
    let quiet_since = match (last_final, info.live_at) {
        (Some(last), Some(live_at)) => Some(last.max(live_at)),
        (last, live_at) => last.or(live_at),
    };
    let silent = info.state == SessionState::Live
        && !writing
        && quiet_since.is_some_and(|since| now.0 - since.0 > CAPTION_SILENT_AFTER_MILLIS);
    TrackHealth {
        lang: lang.to_owned(),
        writing,
        seconds_since_final: last_final.map(|last| (now.0 - last.0).max(0) as u64 / 1000),
        silent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::test_support::live_info;
    use crate::core::{evolve, Event};

    fn final_line(lang: &str, line: u64, ended_at: i64) -> Event {
        Event {
            body: EventBody::CaptionFinal {
                lang: lang.into(),
                line,
                text: "words".into(),
                started_at: Millis(ended_at - 1_000),
                ended_at: Millis(ended_at),
                speaker: None,
            },
            seq: line,
            ts: Millis(ended_at),
        }
    }

    fn two_tracks() -> State {
        let mut info = live_info();
        info.languages = vec!["en".into(), "fr".into()];
        State::new(info)
    }

    #[test]
    fn a_live_track_with_no_line_for_over_a_minute_is_silent_and_one_with_a_recent_line_is_not() {
        let mut state = two_tracks();
        evolve(&mut state, &final_line("en", 1, 100_000));
        evolve(&mut state, &final_line("fr", 2, 10_000));
        let summary = live_summary(&state, Millis(120_000));
        let en = &summary.captions[0];
        let fr = &summary.captions[1];
        assert_eq!((en.lang.as_str(), en.silent), ("en", false));
        assert_eq!(en.seconds_since_final, Some(20));
        assert_eq!((fr.lang.as_str(), fr.silent), ("fr", true));
        assert_eq!(fr.seconds_since_final, Some(110));
    }

    #[test]
    fn silence_counts_from_going_live_until_the_first_line_and_ends_at_exactly_a_minute() {
        let state = two_tracks();
        // Live since t = 0, no line yet.
        let at_a_minute = live_summary(&state, Millis(CAPTION_SILENT_AFTER_MILLIS));
        assert!(at_a_minute.captions.iter().all(|track| !track.silent));
        assert_eq!(at_a_minute.captions[0].seconds_since_final, None);
        let after = live_summary(&state, Millis(CAPTION_SILENT_AFTER_MILLIS + 1));
        assert!(after.captions.iter().all(|track| track.silent));
    }

    #[test]
    fn a_session_that_is_not_live_has_no_silent_track() {
        for session_state in [SessionState::Scheduled, SessionState::Ended] {
            let mut info = live_info();
            info.state = session_state;
            let state = State::new(info);
            let summary = live_summary(&state, Millis(10 * CAPTION_SILENT_AFTER_MILLIS));
            assert!(!summary.captions[0].silent, "{session_state:?}");
        }
    }
}
