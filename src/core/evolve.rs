//! The only code that changes a session's state after it is made: each
//! durable event moves it on, whether the event was just emitted by a rule
//! or is replayed from the store on restart. Rules only check and propose
//! events ([`emit`] numbers them and evolves the state past each), so
//! replaying the stored events rebuilds exactly the same queue, questions,
//! bans and chat.

use super::event::{Event, EventBody};
use super::ids::Seq;
use super::polls::Poll;
use super::questions::QuestionStatus;
use super::state::State;
use super::time::Millis;

/// Moves the state past one durable event. Used by `apply` for new events
/// and by [`State::restore`] to replay stored ones.
pub fn evolve(state: &mut State, event: &Event) {
    state.seq = event.seq;
    match &event.body {
        EventBody::ChatMessage { from, text } => {
            state.written_text.record(from, text);
            state.remember_chat(event.clone());
        }
        EventBody::QuestionAsked { question } => {
            state.written_text.record(&question.from, &question.text)
        }
        EventBody::SessionUpdated { session } => state.info = session.clone(),
        EventBody::CaptionFinal { .. } => state.captions.remember_final(event),
        EventBody::CaptionSpeakerCorrected {
            lang,
            line,
            speaker,
        } => state.captions.correct_speaker(lang, *line, speaker),
        EventBody::InviteRevoked {
            invite,
            participant: None,
        } => {
            if let Some(known) = state.invites.items.get_mut(invite) {
                known.revoked_at = Some(event.ts);
            }
        }
        _ => {}
    }
    evolve_floor(state, &event.body, event.ts);
    evolve_questions(state, &event.body);
    evolve_moderation(state, &event.body, event.seq, event.ts);
    evolve_polls(state, &event.body);
}

/// Numbers new event bodies, applies them to the state, and returns them.
pub(crate) fn emit(state: &mut State, bodies: Vec<EventBody>, now: Millis) -> Vec<Event> {
    bodies
        .into_iter()
        .map(|body| {
            let event = Event {
                body,
                seq: state.seq + 1,
                ts: now,
            };
            evolve(state, &event);
            event
        })
        .collect()
}

/// Applies a floor event to the state (called by `evolve`).
fn evolve_floor(state: &mut State, body: &EventBody, at: Millis) {
    let floor = &mut state.floor;
    match body {
        EventBody::HandRaised { entry, position } => floor.insert(entry.clone(), *position),
        EventBody::HandLowered { entry, .. } => {
            floor.remove(*entry);
        }
        EventBody::HandHeld { entry, .. } => {
            if let Some(queued) = floor.entry_mut(*entry) {
                queued.held_since = Some(at);
            }
        }
        EventBody::HandRestored { entry, .. } => {
            if let Some(queued) = floor.entry_mut(*entry) {
                queued.held_since = None;
            }
        }
        EventBody::QueueMoved { entry, position } => {
            if let Some(index) = floor.position_of(*entry) {
                let moved = floor.queue.remove(index);
                let position = (*position).min(floor.queue.len());
                floor.queue.insert(position, moved);
            }
        }
        EventBody::QueueUpdated { settings } => floor.settings = settings.clone(),
        EventBody::FloorGranted { turn } => {
            floor.remove(turn.entry.entry);
            floor.last_served_mode = Some(turn.entry.mode);
            floor
                .spoken
                .entry(turn.entry.speaker_key())
                .or_default()
                .turns += 1;
            floor.speaker = Some(turn.clone());
        }
        EventBody::FloorEnded {
            started_at,
            ended_at,
            ..
        } => {
            if let Some(turn) = floor.speaker.take() {
                let seconds = (ended_at.0 - started_at.0).max(0) / 1000;
                let spoken = floor.spoken.entry(turn.entry.speaker_key()).or_default();
                spoken.seconds = spoken.seconds.saturating_add(seconds as u32);
            }
        }
        EventBody::HandKindChanged {
            entry,
            kind,
            priority,
            ..
        } => {
            if let Some(queued) = floor.entry_mut(*entry) {
                queued.kind = *kind;
                queued.priority = *priority;
            }
        }
        EventBody::TurnAllowed { participant } => {
            *floor.extra_turns.entry(participant.0.clone()).or_default() += 1;
        }
        _ => {}
    }
}

/// Applies a question event to the state (called by `evolve`).
fn evolve_questions(state: &mut State, body: &EventBody) {
    let questions = &mut state.questions;
    match body {
        EventBody::QuestionAsked { question } => questions.remember(question.clone()),
        EventBody::QuestionApproved { question } => {
            if let Some(item) = questions.get_mut(question.id) {
                item.view.status = QuestionStatus::Approved;
                item.was_public = true;
            }
        }
        EventBody::QuestionUpvoted {
            question,
            by,
            votes,
        } => {
            if let Some(item) = questions.get_mut(*question) {
                item.voters.insert(by.clone());
                item.view.votes = *votes;
            }
        }
        EventBody::QuestionStatusChanged {
            question,
            status,
            reason,
            ..
        } => {
            if let Some(item) = questions.get_mut(*question) {
                item.view.status = *status;
                item.view.reason = reason.clone();
                item.was_public |= status.is_public();
            }
        }
        EventBody::QuestionsUpdated { premoderation } => questions.premoderation = *premoderation,
        _ => {}
    }
}

/// Applies a moderation event to the state (called by `evolve`).
fn evolve_moderation(state: &mut State, body: &EventBody, seq: Seq, at: Millis) {
    match body {
        EventBody::ChatMessage { from, .. } => {
            state.moderation.chat_messages.insert(seq);
            state.moderation.last_chat_at.insert(from.id.clone(), at);
        }
        EventBody::ChatUpdated { settings } => state.moderation.chat = settings.clone(),
        EventBody::ChatDeleted { message } => {
            state.moderation.chat_messages.remove(message);
            state.recent_chat.retain(|event| event.seq != *message);
        }
        EventBody::AnnouncementPinned { text } => state.moderation.announcement = text.clone(),
        EventBody::ParticipantRemoved {
            participant,
            banned: true,
        } => {
            let moderation = &mut state.moderation;
            moderation.banned_participants.insert(participant.clone());
            if let Some(known) = state.participants.get(participant) {
                if let Some(client_id) = &known.client_id {
                    moderation.banned_clients.insert(client_id.clone());
                }
                if let Some(invite) = &known.invite {
                    moderation.banned_invites.insert(invite.clone());
                }
            }
        }
        EventBody::ParticipantUnbanned { participant } => {
            let moderation = &mut state.moderation;
            moderation.banned_participants.remove(participant);
            if let Some(known) = state.participants.get(participant) {
                if let Some(client_id) = &known.client_id {
                    moderation.banned_clients.remove(client_id);
                }
                if let Some(invite) = &known.invite {
                    moderation.banned_invites.remove(invite);
                }
            }
        }
        EventBody::RoleChanged {
            participant,
            role,
            moderator_decided,
        } => {
            if let Some(known) = state.participants.get_mut(participant) {
                known.role = *role;
                if *moderator_decided {
                    known.assigned_role = Some(*role);
                }
                let entry = known.roster_entry();
                state.presence.change_role(entry);
                state.polls.presence_changed();
                state.index_role(participant, *role);
            }
        }
        EventBody::HubConfirmed {
            participant,
            headcount,
        } => {
            if let Some(known) = state.participants.get_mut(participant) {
                if let Some(hub) = known.hub.as_mut() {
                    hub.headcount = *headcount;
                    hub.confirmed = true;
                }
                let entry = known.roster_entry();
                state.presence.change_role(entry);
                state.polls.presence_changed();
            }
        }
        _ => {}
    }
}

fn evolve_polls(state: &mut State, body: &EventBody) {
    let polls = &mut state.polls;
    match body {
        EventBody::PollOpened { poll } => {
            polls.next_id = polls.next_id.max(poll.id + 1);
            polls.items.insert(
                poll.id,
                Poll {
                    view: poll.clone(),
                    counts: Default::default(),
                    final_tally: None,
                },
            );
            polls.tally_changed = true;
        }
        EventBody::PollUpdated { poll } => {
            if let Some(known) = polls.items.get_mut(&poll.id) {
                known.view = poll.clone();
            }
            polls.tally_changed = true;
        }
        EventBody::PollResults { poll, tally, .. } => {
            if let Some(known) = polls.items.get_mut(poll) {
                known.final_tally = Some(tally.clone());
            }
        }
        _ => {}
    }
}
