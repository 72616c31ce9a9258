//! What a connection is told when its join is accepted (`welcome`), and
//! the caption snapshot it, and a change of caption tracks, carry.
//!
//! The chat history in a `welcome` is kept as one JSON array, rebuilt only
//! after the chat changed, so that a join storm neither re-serializes nor
//! copies it per join.

use super::fanout::Viewer;
use crate::core::{CaptionPartial, Participant, PollCounter, PollStatus, State};
use crate::protocol::server_frame::{
    self, CaptionSnapshot, FloorSnapshot, Limits, PollSnapshot, Welcome,
};
use axum::extract::ws::Utf8Bytes;
use serde_json::value::RawValue;

pub struct Welcomes {
    /// The recent chat as a JSON array; `None` after a chat change.
    chat_history: Option<Box<RawValue>>,
    limits: Limits,
}

/// What a `welcome` says about how the connection came in.
pub struct Arrival<'a> {
    /// The secret that proves this participant on a later resume.
    pub resume_secret: &'a str,
    /// The events after the client's `resume_from` follow the `welcome`.
    pub resumed: bool,
    /// `client_id` and `resume_secret` restored an earlier participant.
    pub restored: bool,
}

impl Welcomes {
    pub fn new(limits: Limits) -> Welcomes {
        Welcomes {
            chat_history: None,
            limits,
        }
    }

    /// The chat changed (a message, a deletion): the next `welcome`
    /// rebuilds its history.
    pub fn chat_changed(&mut self) {
        self.chat_history = None;
    }

    pub fn welcome(
        &mut self,
        state: &State,
        participant: &Participant,
        viewer: &Viewer,
        arrival: Arrival<'_>,
    ) -> Utf8Bytes {
        let chat = self.chat_history.get_or_insert_with(|| {
            let events: Vec<String> = state.recent_chat().map(server_frame::event).collect();
            RawValue::from_string(format!("[{}]", events.join(",")))
                .expect("serialized events form a JSON array")
        });
        let is_moderator = participant.role.is_moderator();
        let roster = is_moderator.then(|| state.roster());
        let entry = participant.roster_entry();
        server_frame::welcome(&Welcome {
            participant: &entry,
            resume_secret: arrival.resume_secret,
            resumed: arrival.resumed,
            restored: arrival.restored,
            session: state.info(),
            seq: state.seq(),
            presence: state.presence_counts(),
            chat,
            captions: &caption_snapshot(state, &viewer.caption_tracks),
            floor: &FloorSnapshot::of(state.floor(), viewer),
            questions: &state
                .questions()
                .visible_to(&participant.id, is_moderator)
                .collect::<Vec<_>>(),
            polls: &poll_snapshots(state, participant),
            moderation: state.moderation(),
            premoderated: state.questions().premoderation(),
            roster: roster.as_deref(),
            limits: &self.limits,
        })
        .into()
    }
}

/// The recent finished lines and the open lines of some caption tracks.
pub fn caption_snapshot(state: &State, tracks: &[String]) -> CaptionSnapshot {
    let captions = state.captions();
    let recent: Vec<String> = tracks
        .iter()
        .flat_map(|lang| captions.recent_finals(lang))
        .map(server_frame::event)
        .collect();
    let partial: Vec<CaptionPartial> = tracks
        .iter()
        .flat_map(|lang| captions.open_lines(lang))
        .collect();
    CaptionSnapshot {
        tracks: tracks.to_vec(),
        recent,
        partial,
    }
}

/// Every poll as this participant may see it (see [`PollSnapshot`]).
fn poll_snapshots<'a>(state: &'a State, participant: &Participant) -> Vec<PollSnapshot<'a>> {
    let is_moderator = participant.role.is_moderator();
    let own_counter = match participant.hub {
        Some(_) => PollCounter::Hub(participant.id.clone()),
        None => PollCounter::Person(participant.id.clone()),
    };
    state
        .polls()
        .all()
        .map(|poll| PollSnapshot {
            poll,
            tally: state
                .polls()
                .final_tally(poll.id)
                .filter(|_| is_moderator || poll.results_are_public()),
            your_counts: (poll.status == PollStatus::Open)
                .then(|| state.polls().counts_of(poll.id, &own_counter))
                .flatten(),
            voters: is_moderator.then(|| state.poll_voters(poll.id)).flatten(),
        })
        .collect()
}
