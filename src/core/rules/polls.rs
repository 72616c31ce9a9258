//! What moderators, participants and hubs may do with shows of hands and
//! polls: open one (one at a time), answer it, count a hub's people or the
//! room's hands, close it (freezing its result) and publish its results.
//!
//! Answers and counts are records, never events: an event carries only a
//! tally, so no event says who chose what (see `core::polls`).

use super::{checked_text, events, joined_participant, require_moderator};
use crate::core::applied::{Applied, Record};
use crate::core::attributes::Role;
use crate::core::captions::check_session_is_live;
use crate::core::command::{Actor, PollSpec};
use crate::core::event::EventBody;
use crate::core::polls::{
    PollCounter, PollKind, PollResultsShown, PollStatus, PollView, POLLS_PER_SESSION,
    POLL_CHAIR_COUNT_MAX, POLL_MAX_OPTIONS, POLL_MIN_OPTIONS, POLL_OPTION_MAX_CHARS,
    POLL_TITLE_MAX_CHARS, SHOW_OF_HANDS_OPTIONS,
};
use crate::core::rejection::{Rejection, RejectionCode};
use crate::core::state::State;
use crate::core::time::Millis;

fn invalid(message: impl Into<String>) -> Rejection {
    Rejection::new(RejectionCode::InvalidField, message)
}

pub(crate) fn poll_open(
    state: &mut State,
    spec: PollSpec,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    require_moderator(state, actor)?;
    check_session_is_live(&state.info)?;
    let title = checked_text(&spec.title, "title", POLL_TITLE_MAX_CHARS, false)?;
    let options: Vec<String> = match spec.kind {
        PollKind::ShowOfHands => {
            if !spec.options.is_empty() {
                return Err(invalid(
                    "a show of hands has its own two answers; send no options",
                ));
            }
            SHOW_OF_HANDS_OPTIONS
                .iter()
                .map(|&answer| answer.to_owned())
                .collect()
        }
        PollKind::Poll => {
            if !(POLL_MIN_OPTIONS..=POLL_MAX_OPTIONS).contains(&spec.options.len()) {
                return Err(invalid(format!(
                    "a poll has {POLL_MIN_OPTIONS} to {POLL_MAX_OPTIONS} options"
                )));
            }
            let options = spec
                .options
                .iter()
                .map(|option| checked_text(option, "option", POLL_OPTION_MAX_CHARS, false))
                .collect::<Result<Vec<String>, Rejection>>()?;
            let mut seen = std::collections::BTreeSet::new();
            if !options
                .iter()
                .all(|option| seen.insert(option.to_lowercase()))
            {
                return Err(invalid("options must differ"));
            }
            options
        }
    };
    let max_choices = spec.max_choices.unwrap_or(1);
    let most = options.len() as u32;
    if spec.kind == PollKind::ShowOfHands && max_choices != 1 {
        return Err(invalid("a show of hands takes one answer"));
    }
    if !(1..=most).contains(&max_choices) {
        return Err(invalid(format!("max_choices must be 1 to {most}")));
    }
    if let Some(open) = state.polls.open() {
        return Err(invalid(format!(
            "\"{}\" is still open; close it first (one poll at a time)",
            open.title
        )));
    }
    if state.polls.items.len() >= POLLS_PER_SESSION {
        return Err(Rejection::new(
            RejectionCode::Capacity,
            format!("a session holds at most {POLLS_PER_SESSION} polls"),
        ));
    }
    let poll = PollView {
        id: state.polls.next_id.max(1),
        kind: spec.kind,
        title,
        options,
        max_choices,
        anonymous: spec.anonymous.unwrap_or(true),
        results_shown: spec.results_shown.unwrap_or(PollResultsShown::Live),
        published: false,
        status: PollStatus::Open,
        opened_at: now,
        closed_at: None,
    };
    Ok(events(state, vec![EventBody::PollOpened { poll }], now))
}

/// The poll a command names, open for answers and counts.
fn open_poll(state: &State, poll: u64) -> Result<&PollView, Rejection> {
    let view = state
        .polls
        .get(poll)
        .ok_or_else(|| Rejection::new(RejectionCode::NotFound, "no such poll"))?;
    if view.status != PollStatus::Open {
        return Err(Rejection::new(
            RejectionCode::PollClosed,
            "this poll is closed; its result is final",
        ));
    }
    Ok(view)
}

/// A participant's own answer. Staff are at work, not attending, and a hub
/// answers for its room with a count; both are refused.
pub(crate) fn poll_answer(
    state: &mut State,
    poll: u64,
    choices: &[u32],
    actor: &Actor,
) -> Result<Applied, Rejection> {
    let participant = joined_participant(state, actor)?;
    if participant.role != Role::Participant {
        return Err(Rejection::new(
            RejectionCode::Forbidden,
            "moderators and captioners are not counted in polls",
        ));
    }
    if participant.hub.is_some() {
        return Err(invalid("a hub answers for its room with poll.hub_count"));
    }
    let participant = participant.id.clone();
    let view = open_poll(state, poll)?;
    if choices.is_empty() {
        return Err(invalid("choose at least one option"));
    }
    if choices.len() > view.max_choices as usize {
        return Err(invalid(format!(
            "choose at most {} option(s)",
            view.max_choices
        )));
    }
    let mut counts = vec![0; view.options.len()];
    for &choice in choices {
        let slot = counts
            .get_mut(choice as usize)
            .ok_or_else(|| invalid(format!("option {choice} does not exist")))?;
        if *slot > 0 {
            return Err(invalid("an option is chosen once"));
        }
        *slot = 1;
    }
    Ok(count(state, poll, PollCounter::Person(participant), counts))
}

/// A remote hub's count of its people per option: in a single choice the
/// counts add up to at most its headcount; in a multiple choice each does.
pub(crate) fn poll_hub_count(
    state: &mut State,
    poll: u64,
    counts: Vec<u32>,
    actor: &Actor,
) -> Result<Applied, Rejection> {
    let participant = joined_participant(state, actor)?;
    let Some(hub) = &participant.hub else {
        return Err(Rejection::new(
            RejectionCode::Forbidden,
            "only a remote hub counts its people; answer with poll.answer",
        ));
    };
    let (participant, headcount) = (participant.id.clone(), hub.counted_headcount());
    let view = open_poll(state, poll)?;
    check_counts(view, &counts)?;
    let counted = if view.max_choices <= 1 {
        counts.iter().map(|&count| u64::from(count)).sum::<u64>()
    } else {
        counts.iter().copied().max().map_or(0, u64::from)
    };
    if counted > u64::from(headcount) {
        return Err(invalid(format!(
            "the counts are more than the hub's {headcount} people"
        )));
    }
    Ok(count(state, poll, PollCounter::Hub(participant), counts))
}

/// The chair's count of hands in the room per option, for people without
/// a device; shown apart from the counted answers.
pub(crate) fn poll_chair_count(
    state: &mut State,
    poll: u64,
    counts: Vec<u32>,
    actor: &Actor,
) -> Result<Applied, Rejection> {
    require_moderator(state, actor)?;
    let view = open_poll(state, poll)?;
    check_counts(view, &counts)?;
    if counts.iter().any(|&count| count > POLL_CHAIR_COUNT_MAX) {
        return Err(invalid(format!(
            "a count is at most {POLL_CHAIR_COUNT_MAX}"
        )));
    }
    Ok(count(state, poll, PollCounter::Chair, counts))
}

fn check_counts(view: &PollView, counts: &[u32]) -> Result<(), Rejection> {
    if counts.len() != view.options.len() {
        return Err(invalid(format!(
            "counts has one number per option ({})",
            view.options.len()
        )));
    }
    Ok(())
}

fn count(state: &mut State, poll: u64, counter: PollCounter, counts: Vec<u32>) -> Applied {
    state
        .polls
        .set_counts(poll, counter.clone(), counts.clone());
    Applied {
        records: vec![Record::PollCounted {
            poll,
            counter,
            counts,
        }],
        ..Applied::default()
    }
}

/// Closes a poll: its tally over the people present now is final. An
/// anonymous poll's counts are dropped with it.
pub(crate) fn poll_close(
    state: &mut State,
    poll: u64,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    require_moderator(state, actor)?;
    open_poll(state, poll)?;
    let (mut view, tally) = state.poll_tally(poll);
    view.status = PollStatus::Closed;
    view.closed_at = Some(now);
    let public = view.results_are_public();
    let anonymous = view.anonymous;
    let bodies = vec![
        EventBody::PollUpdated { poll: view },
        EventBody::PollResults {
            poll,
            tally,
            public,
        },
    ];
    let mut applied = events(state, bodies, now);
    if anonymous {
        state.polls.erase_counts(poll);
        applied.records.push(Record::PollCountsErased { poll });
    }
    Ok(applied)
}

/// Publishes results held back until now: the live tallies of an open
/// poll go to everyone from now on; a closed poll's final tally is sent to
/// everyone.
pub(crate) fn poll_publish(
    state: &mut State,
    poll: u64,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    require_moderator(state, actor)?;
    let mut view = state
        .polls
        .get(poll)
        .ok_or_else(|| Rejection::new(RejectionCode::NotFound, "no such poll"))?
        .clone();
    if view.results_are_public() {
        return Err(invalid("this poll's results are already public"));
    }
    view.published = true;
    let mut bodies = Vec::new();
    if let Some(tally) = state.polls.final_tally(poll) {
        bodies.push(EventBody::PollResults {
            poll,
            tally: tally.clone(),
            public: true,
        });
    }
    bodies.insert(0, EventBody::PollUpdated { poll: view });
    Ok(events(state, bodies, now))
}
