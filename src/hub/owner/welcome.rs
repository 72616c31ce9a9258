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
        let (questions, _) = questions_page(state, participant, u64::MAX);
        let roster_total = is_moderator.then(|| state.roster_len());
        let roster = is_moderator.then(|| roster_page(state, "").0);
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
            questions: &questions,
            questions_total: state
                .questions()
                .visible_to(&participant.id, is_moderator)
                .count(),
            polls: &poll_snapshots(state, participant),
            moderation: state.moderation(),
            premoderated: state.questions().premoderation(),
            roster: roster.as_deref(),
            roster_total,
            limits: &self.limits,
        })
        .into()
    }
}

/// The most questions a `welcome` or one `snapshot.page` carries. With
/// [`WELCOME_ROSTER_MAX`] and the other snapshot limits, this keeps every
/// `welcome` within the connection's write buffer, however many questions
/// or people a session gathers; `snapshot.more` pages through the rest.
pub const WELCOME_QUESTIONS_MAX: usize = 100;
/// The most roster entries a moderator's `welcome` or one page carries.
pub const WELCOME_ROSTER_MAX: usize = 500;

/// The questions a participant may see with an id below `before`, newest
/// first, at most [`WELCOME_QUESTIONS_MAX`]; and whether older ones remain.
pub fn questions_page<'a>(
    state: &'a State,
    participant: &'a Participant,
    before: u64,
) -> (Vec<&'a crate::core::QuestionView>, bool) {
    let is_moderator = participant.role.is_moderator();
    let mut older = state
        .questions()
        .visible_to_before(&participant.id, is_moderator, before);
    let page: Vec<_> = older.by_ref().take(WELCOME_QUESTIONS_MAX).collect();
    let more = older.next().is_some();
    (page, more)
}

/// The people present with a participant id after `after`, in id order, at
/// most [`WELCOME_ROSTER_MAX`]; and whether more remain.
pub fn roster_page(state: &State, after: &str) -> (Vec<crate::core::RosterEntry>, bool) {
    let mut rest = state.roster_after(after);
    let page: Vec<_> = rest.by_ref().take(WELCOME_ROSTER_MAX).collect();
    let more = rest.next().is_some();
    (page, more)
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
            // Who chose what in an open named poll; a closed one's stays
            // out of the `welcome`, which would otherwise grow with every
            // named poll times everyone present.
            voters: (is_moderator && poll.status == PollStatus::Open)
                .then(|| state.poll_voters(poll.id))
                .flatten(),
        })
        .collect()
}
