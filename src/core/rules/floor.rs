//! Rules of the speaker queue and the floor; see `core::floor` for the
//! queue policies and held places.

use super::{checked_name, checked_text, joined_participant};
use super::{events, not_found, require_moderator};
use crate::core::applied::Applied;
use crate::core::command::Actor;
use crate::core::event::EventBody;
use crate::core::floor::{
    HandKind, LowerReason, QueueEntry, QueuePolicy, QueueSettings, Turn, HAND_TOPIC_MAX_CHARS,
    HOLD_GRACE_MAX_SECONDS, MAX_TURNS_LIMIT, QUEUE_MAX_ENTRIES, SPEAKING_LIMIT_MAX_SECONDS,
};
use crate::core::ids::ParticipantId;
use crate::core::rejection::{Rejection, RejectionCode};
use crate::core::state::State;
use crate::core::time::Millis;
use crate::core::{Mode, Region, Stakeholder};

fn check_room(state: &State) -> Result<(), Rejection> {
    if state.floor.queue.len() >= QUEUE_MAX_ENTRIES {
        return Err(Rejection::new(
            RejectionCode::Capacity,
            format!("the queue is full ({QUEUE_MAX_ENTRIES} entries)"),
        ));
    }
    Ok(())
}

fn next_entry_number(state: &State) -> u64 {
    state.floor.next_entry.max(1)
}

fn raise(state: &mut State, mut entry: QueueEntry, now: Millis) -> Applied {
    entry.spoken = state.floor.spoken_by(&entry.speaker_key());
    entry.priority = match entry.kind {
        HandKind::PointOfOrder => true,
        HandKind::Reply => state.floor.settings.replies,
        HandKind::Speak | HandKind::Question => false,
    };
    let position = state.floor.insertion_position(&entry);
    events(state, vec![EventBody::HandRaised { entry, position }], now)
}

/// A topic note: up to 140 characters, one line.
fn checked_topic(topic: Option<&str>) -> Result<Option<String>, Rejection> {
    topic
        .map(|topic| checked_text(topic, "topic", HAND_TOPIC_MAX_CHARS, false))
        .transpose()
}

pub(crate) fn hand_raise(
    state: &mut State,
    kind: HandKind,
    topic: Option<&str>,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    let participant = joined_participant(state, actor)?.clone();
    state.info.check_not_ended()?;
    let topic = checked_topic(topic)?;
    if !state.floor.settings.open {
        return Err(Rejection::new(
            RejectionCode::QueueClosed,
            "the queue is closed; a moderator can reopen it",
        ));
    }
    if state.floor.entry_of(&participant.id).is_some() {
        return Err(Rejection::new(
            RejectionCode::AlreadyInQueue,
            "your hand is already raised",
        ));
    }
    if !state.floor.may_take_a_turn(&participant.id.0) {
        let limit = state.floor.settings.max_turns.unwrap_or(0);
        return Err(Rejection::new(
            RejectionCode::TurnLimit,
            format!(
                "you have had your {limit} turn(s) in this session; a moderator may allow one more"
            ),
        ));
    }
    check_room(state)?;
    let entry = QueueEntry {
        entry: next_entry_number(state),
        participant: Some(participant.id.clone()),
        name: participant
            .hub
            .as_ref()
            .map_or(participant.name.clone(), |hub| hub.name.clone()),
        mode: participant.mode,
        stakeholder: Some(participant.stakeholder),
        region: Some(participant.region),
        raised_at: now,
        held_since: None,
        kind,
        topic,
        priority: false,
        spoken: Default::default(),
    };
    Ok(raise(state, entry, now))
}

pub(crate) fn hand_lower(
    state: &mut State,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    let participant = joined_participant(state, actor)?.id.clone();
    state.info.check_not_ended()?;
    let Some(entry) = state
        .floor
        .entry_of(&participant)
        .map(|queued| queued.entry)
    else {
        return Err(not_found("your hand is not raised"));
    };
    let lowered = EventBody::HandLowered {
        entry,
        participant: Some(participant),
        reason: LowerReason::Withdrew,
    };
    Ok(events(state, vec![lowered], now))
}

pub(crate) fn queue_add_onsite(
    state: &mut State,
    name: &str,
    stakeholder: Option<Stakeholder>,
    region: Option<Region>,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    require_moderator(state, actor)?;
    state.info.check_not_ended()?;
    let name = checked_name(name, "name")?;
    check_room(state)?;
    let entry = QueueEntry {
        entry: next_entry_number(state),
        participant: None,
        name,
        mode: Mode::Onsite,
        stakeholder,
        region,
        raised_at: now,
        held_since: None,
        kind: HandKind::Speak,
        topic: None,
        priority: false,
        spoken: Default::default(),
    };
    Ok(raise(state, entry, now))
}

fn lowered_by_moderator(entry: &QueueEntry) -> EventBody {
    EventBody::HandLowered {
        entry: entry.entry,
        participant: entry.participant.clone(),
        reason: LowerReason::LoweredByModerator,
    }
}

pub(crate) fn queue_lower(
    state: &mut State,
    entry: u64,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    require_moderator(state, actor)?;
    state.info.check_not_ended()?;
    let Some(queued) = state
        .floor
        .queue
        .iter()
        .find(|queued| queued.entry == entry)
    else {
        return Err(not_found(format!("no entry {entry} in the queue")));
    };
    let lowered = lowered_by_moderator(queued);
    Ok(events(state, vec![lowered], now))
}

pub(crate) fn queue_lower_all(
    state: &mut State,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    require_moderator(state, actor)?;
    state.info.check_not_ended()?;
    let lowered = state.floor.queue.iter().map(lowered_by_moderator).collect();
    Ok(events(state, lowered, now))
}

pub(crate) fn queue_move(
    state: &mut State,
    entry: u64,
    position: usize,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    require_moderator(state, actor)?;
    state.info.check_not_ended()?;
    let Some(current) = state.floor.position_of(entry) else {
        return Err(not_found(format!("no entry {entry} in the queue")));
    };
    let position = position.min(state.floor.queue.len() - 1);
    if position == current {
        return Ok(Applied::default());
    }
    Ok(events(
        state,
        vec![EventBody::QueueMoved { entry, position }],
        now,
    ))
}

/// What a moderator may change in the queue's settings; `None` leaves a
/// setting as it is (`Some(None)` removes a limit).
pub(crate) struct QueueChanges {
    pub open: Option<bool>,
    pub policy: Option<QueuePolicy>,
    pub hold_grace_seconds: Option<u32>,
    pub replies: Option<bool>,
    pub max_turns: Option<Option<u32>>,
    pub default_limit_seconds: Option<Option<u32>>,
}

pub(crate) fn queue_configure(
    state: &mut State,
    changes: QueueChanges,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    require_moderator(state, actor)?;
    state.info.check_not_ended()?;
    let current = &state.floor.settings;
    let settings = QueueSettings {
        open: changes.open.unwrap_or(current.open),
        policy: changes.policy.unwrap_or(current.policy),
        hold_grace_seconds: changes
            .hold_grace_seconds
            .unwrap_or(current.hold_grace_seconds),
        replies: changes.replies.unwrap_or(current.replies),
        max_turns: changes.max_turns.unwrap_or(current.max_turns),
        default_limit_seconds: changes
            .default_limit_seconds
            .unwrap_or(current.default_limit_seconds),
    };
    if settings.hold_grace_seconds > HOLD_GRACE_MAX_SECONDS {
        return Err(Rejection::new(
            RejectionCode::InvalidField,
            format!("hold_grace_seconds must be 0 to {HOLD_GRACE_MAX_SECONDS}"),
        ));
    }
    if settings
        .max_turns
        .is_some_and(|turns| turns == 0 || turns > MAX_TURNS_LIMIT)
    {
        return Err(Rejection::new(
            RejectionCode::InvalidField,
            format!("max_turns must be 1 to {MAX_TURNS_LIMIT}, or null for no limit"),
        ));
    }
    check_speaking_limit(settings.default_limit_seconds, "default_limit_seconds")?;
    if settings == *current {
        return Ok(Applied::default());
    }
    Ok(events(
        state,
        vec![EventBody::QueueUpdated { settings }],
        now,
    ))
}

fn check_speaking_limit(limit: Option<u32>, field: &str) -> Result<(), Rejection> {
    if limit.is_some_and(|limit| limit == 0 || limit > SPEAKING_LIMIT_MAX_SECONDS) {
        return Err(Rejection::new(
            RejectionCode::InvalidField,
            format!("{field} must be 1 to {SPEAKING_LIMIT_MAX_SECONDS}"),
        ));
    }
    Ok(())
}

/// The chair changes what a hand asks for. A point of order takes its
/// priority, anything else loses it and goes where the policy puts it.
pub(crate) fn queue_set_kind(
    state: &mut State,
    entry: u64,
    kind: HandKind,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    require_moderator(state, actor)?;
    state.info.check_not_ended()?;
    let queued = queued_entry(state, entry)?;
    let priority = match kind {
        HandKind::PointOfOrder => true,
        HandKind::Reply => queued.priority && queued.kind == HandKind::Reply,
        HandKind::Speak | HandKind::Question => false,
    };
    reprioritise(state, entry, kind, priority, now)
}

/// The chair refuses a point of order's or a reply's priority: the entry
/// keeps its kind and takes the place the policy gives it.
pub(crate) fn queue_refuse_priority(
    state: &mut State,
    entry: u64,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    require_moderator(state, actor)?;
    state.info.check_not_ended()?;
    let queued = queued_entry(state, entry)?;
    if !queued.priority {
        return Err(Rejection::new(
            RejectionCode::InvalidField,
            "this entry has no priority to refuse",
        ));
    }
    let kind = queued.kind;
    reprioritise(state, entry, kind, false, now)
}

fn queued_entry(state: &State, entry: u64) -> Result<&QueueEntry, Rejection> {
    state
        .floor
        .queue
        .iter()
        .find(|queued| queued.entry == entry)
        .ok_or_else(|| not_found(format!("no entry {entry} in the queue")))
}

/// A changed kind or priority, and the entry's new place.
fn reprioritise(
    state: &mut State,
    entry: u64,
    kind: HandKind,
    priority: bool,
    now: Millis,
) -> Result<Applied, Rejection> {
    let queued = queued_entry(state, entry)?;
    if queued.kind == kind && queued.priority == priority {
        return Ok(Applied::default());
    }
    let changed = EventBody::HandKindChanged {
        entry,
        participant: queued.participant.clone(),
        kind,
        priority,
    };
    let mut moved = queued.clone();
    moved.kind = kind;
    moved.priority = priority;
    let mut floor = state.floor.clone();
    floor.remove(entry);
    let position = floor.insertion_position(&moved);
    let mut bodies = vec![changed];
    if state.floor.position_of(entry) != Some(position) {
        bodies.push(EventBody::QueueMoved { entry, position });
    }
    Ok(events(state, bodies, now))
}

/// The chair lets a participant who reached the turn limit take one more.
pub(crate) fn queue_allow_turn(
    state: &mut State,
    participant: &ParticipantId,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    require_moderator(state, actor)?;
    state.info.check_not_ended()?;
    if state.participant(participant).is_none() {
        return Err(not_found("no such participant"));
    }
    let allowed = EventBody::TurnAllowed {
        participant: participant.clone(),
    };
    Ok(events(state, vec![allowed], now))
}

/// The end of the current turn, if someone has the floor.
pub(crate) fn end_current_turn(state: &State, now: Millis) -> Option<EventBody> {
    let turn = state.floor.speaker.as_ref()?;
    Some(EventBody::FloorEnded {
        entry: turn.entry.entry,
        started_at: turn.started_at,
        ended_at: now.max(turn.started_at),
    })
}

pub(crate) fn floor_grant(
    state: &mut State,
    entry: u64,
    limit_seconds: Option<u32>,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    require_moderator(state, actor)?;
    state.info.check_not_ended()?;
    check_speaking_limit(limit_seconds, "limit_seconds")?;
    let limit_seconds = limit_seconds.or(state.floor.settings.default_limit_seconds);
    let Some(queued) = state
        .floor
        .queue
        .iter()
        .find(|queued| queued.entry == entry)
    else {
        return Err(not_found(format!("no entry {entry} in the queue")));
    };
    let turn = Turn {
        entry: QueueEntry {
            held_since: None,
            ..queued.clone()
        },
        started_at: now,
        limit_seconds,
    };
    let mut bodies: Vec<EventBody> = end_current_turn(state, now).into_iter().collect();
    bodies.push(EventBody::FloorGranted { turn });
    Ok(events(state, bodies, now))
}

/// A moderator ends the turn, or the speaker yields.
pub(crate) fn floor_end(
    state: &mut State,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    let Some(turn) = &state.floor.speaker else {
        return Err(not_found("nobody has the floor"));
    };
    let speaker = turn.entry.participant.clone();
    let is_speaker = match actor {
        Actor::Connection(_) => {
            let participant = joined_participant(state, actor)?;
            speaker.as_ref() == Some(&participant.id)
        }
        _ => false,
    };
    if !is_speaker {
        require_moderator(state, actor)?;
    }
    let ended = end_current_turn(state, now).into_iter().collect();
    Ok(events(state, ended, now))
}

/// Holds the queue place of a participant whose last connection closed.
pub(crate) fn hold_place(state: &State, participant: &ParticipantId) -> Option<EventBody> {
    let entry = state.floor.entry_of(participant)?;
    if entry.held_since.is_some() {
        return None;
    }
    Some(EventBody::HandHeld {
        entry: entry.entry,
        participant: participant.clone(),
    })
}

/// Gives a returning participant their held place back.
pub(crate) fn restore_place(state: &State, participant: &ParticipantId) -> Option<EventBody> {
    let entry = state.floor.entry_of(participant)?;
    entry.held_since?;
    Some(EventBody::HandRestored {
        entry: entry.entry,
        participant: participant.clone(),
    })
}

/// Held places whose grace period is over leave the queue as dropped.
pub(crate) fn drop_expired_places(state: &State, now: Millis) -> Vec<EventBody> {
    let grace_millis = i64::from(state.floor.settings.hold_grace_seconds) * 1000;
    state
        .floor
        .queue
        .iter()
        .filter(|entry| {
            entry
                .held_since
                .is_some_and(|since| now.0 - since.0 >= grace_millis)
        })
        .map(|entry| EventBody::HandLowered {
            entry: entry.entry,
            participant: entry.participant.clone(),
            reason: LowerReason::Dropped,
        })
        .collect()
}

/// What removing a participant does to the floor: their hand is lowered
/// and their turn ends.
pub(crate) fn remove_from_floor(
    state: &State,
    participant: &ParticipantId,
    now: Millis,
) -> Vec<EventBody> {
    let mut bodies = Vec::new();
    if let Some(entry) = state.floor.entry_of(participant) {
        bodies.push(lowered_by_moderator(entry));
    }
    if state
        .floor
        .speaker
        .as_ref()
        .is_some_and(|turn| turn.entry.participant.as_ref() == Some(participant))
    {
        bodies.extend(end_current_turn(state, now));
    }
    bodies
}
