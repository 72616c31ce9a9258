//! The one entry point of the core: `apply(state, command, actor, now)`.

use super::attributes::{Hub, Role, HUB_MAX_HEADCOUNT};
use super::captions::{self, CaptionOutput, CaptionPartial, CaptionWriter};
use super::chat::checked_chat_text;
use super::command::{Actor, Command, JoinRequest, SessionChanges};
use super::event::{Event, EventBody, Sender};
use super::ids::{ConnectionId, InviteId, ParticipantId};
use super::rejection::{Rejection, RejectionCode};
use super::rules;
use super::session_info::SessionState;
use super::state::{Participant, State};
use super::time::Millis;

/// The longest display name, in Unicode scalar values.
pub const NAME_MAX_CHARS: usize = 80;
/// The longest `client_id`, in bytes.
pub const CLIENT_ID_MAX_BYTES: usize = 128;

/// What a command produced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Durable events, numbered, to be stored and then sent to clients.
    pub events: Vec<Event>,
    /// Durable facts that are not broadcast: participants and attendance.
    pub records: Vec<Record>,
    /// Caption lines still being written: sent at once, never stored.
    pub partials: Vec<CaptionPartial>,
}

/// A durable fact that no client is sent as an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    /// A participant was created, or changed name, attributes or role.
    ParticipantSaved(Participant),
    /// A connection joined; attendance reports are built from these.
    AttendanceOpened {
        connection: ConnectionId,
        participant: ParticipantId,
        at: Millis,
        headcount: u32,
    },
    AttendanceClosed {
        connection: ConnectionId,
        at: Millis,
    },
    /// The last HTTP caption post `seq` of an invite whose text is now in
    /// stored lines; a retry of it after a restart is not applied twice.
    CaptionCursor { invite: InviteId, seq: u64 },
}

/// Applies one command. On success the state has moved on and the result
/// says what to store and broadcast; on rejection the state is unchanged.
pub fn apply(
    state: &mut State,
    command: Command,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    refuse_commands_from_displays(state, &command, actor)?;
    match command {
        Command::Join(request) => join(state, request, actor, now),
        Command::Leave => Ok(leave(state, actor, now)),
        Command::ChatSend { text } => chat_send(state, &text, actor, now),
        Command::UpdateSession(changes) => update_session(state, changes, actor, now),
        Command::CaptionPush {
            lang,
            text,
            is_final,
        } => caption_push(state, &lang, &text, is_final, actor, now),
        Command::CaptionPost {
            lang,
            body,
            post_seq,
        } => caption_post(state, lang.as_deref(), &body, post_seq, actor, now),
        Command::Tick => Ok(tick(state, actor, now)),
        Command::HandRaise => rules::floor::hand_raise(state, actor, now),
        Command::HandLower => rules::floor::hand_lower(state, actor, now),
        Command::QueueAddOnsite {
            name,
            stakeholder,
            region,
        } => rules::floor::queue_add_onsite(state, &name, stakeholder, region, actor, now),
        Command::QueueLower { entry } => rules::floor::queue_lower(state, entry, actor, now),
        Command::QueueLowerAll => rules::floor::queue_lower_all(state, actor, now),
        Command::QueueMove { entry, position } => {
            rules::floor::queue_move(state, entry, position, actor, now)
        }
        Command::QueueConfigure {
            open,
            policy,
            hold_grace_seconds,
        } => rules::floor::queue_configure(state, open, policy, hold_grace_seconds, actor, now),
        Command::FloorGrant {
            entry,
            limit_seconds,
        } => rules::floor::floor_grant(state, entry, limit_seconds, actor, now),
        Command::FloorEnd => rules::floor::floor_end(state, actor, now),
        Command::QuestionAsk { text } => rules::questions::question_ask(state, &text, actor, now),
        Command::QuestionUpvote { question } => {
            rules::questions::question_upvote(state, question, actor, now)
        }
        Command::QuestionModerate { question, action } => {
            rules::questions::question_moderate(state, question, action, actor, now)
        }
        Command::QuestionsConfigure { premoderation } => {
            rules::questions::questions_configure(state, premoderation, actor, now)
        }
        Command::ChatConfigure { mode, slow_seconds } => {
            rules::moderation::chat_configure(state, mode, slow_seconds, actor, now)
        }
        Command::ChatDelete { message } => {
            rules::moderation::chat_delete(state, message, actor, now)
        }
        Command::AnnouncementPin { text } => {
            rules::moderation::announcement_pin(state, text.as_deref(), actor, now)
        }
        Command::ParticipantRemove { participant, ban } => {
            rules::moderation::participant_remove(state, &participant, ban, actor, now)
        }
        Command::ParticipantSetRole { participant, role } => {
            rules::moderation::participant_set_role(state, &participant, role, actor, now)
        }
        Command::EndSession => rules::moderation::end_session(state, actor, now),
        Command::NodeDown { node } => node_down(state, &node, actor, now),
    }
}

/// Moves the state past one durable event. Used by `apply` for new events
/// and by [`State::restore`] to replay stored ones.
pub fn evolve(state: &mut State, event: &Event) {
    state.seq = event.seq;
    match &event.body {
        EventBody::ChatMessage { .. } => state.remember_chat(event.clone()),
        EventBody::SessionUpdated { session } => state.info = session.clone(),
        EventBody::CaptionFinal { .. } => state.captions.remember_final(event),
        _ => {}
    }
    rules::floor::evolve_floor(state, &event.body, event.ts);
    rules::questions::evolve_questions(state, &event.body);
    rules::moderation::evolve_moderation(state, &event.body, event.seq, event.ts);
}

/// The owner's timer: idle appended caption lines are finished, and held
/// queue places past their grace period are dropped.
fn tick(state: &mut State, actor: &Actor, now: Millis) -> Applied {
    if *actor != Actor::Server {
        return Applied::default();
    }
    let mut output = state.captions.finish_idle(now);
    output
        .finals
        .extend(rules::floor::drop_expired_places(state, now));
    caption_applied(state, output, Vec::new(), now)
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

/// A room display only shows the session: it may join and leave, nothing else.
fn refuse_commands_from_displays(
    state: &State,
    command: &Command,
    actor: &Actor,
) -> Result<(), Rejection> {
    if matches!(command, Command::Join(_) | Command::Leave) {
        return Ok(());
    }
    let Actor::Connection(connection) = actor else {
        return Ok(());
    };
    match state.participant_of(connection) {
        Some(participant) if participant.role == Role::Display => Err(Rejection::new(
            RejectionCode::Forbidden,
            "a room display only shows the session; it sends no commands",
        )),
        _ => Ok(()),
    }
}

fn connection_of(actor: &Actor) -> Result<&ConnectionId, Rejection> {
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

fn invalid(message: impl Into<String>) -> Rejection {
    Rejection::new(RejectionCode::InvalidField, message)
}

pub(crate) fn checked_name(name: &str, field: &str) -> Result<String, Rejection> {
    let trimmed = name.trim();
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

fn checked_hub(hub: Option<Hub>, request: &JoinRequest) -> Result<Option<Hub>, Rejection> {
    let Some(hub) = hub else { return Ok(None) };
    if request.mode != super::attributes::Mode::Remote {
        return Err(invalid(
            "a hub is a remote room: hub requires mode \"remote\"",
        ));
    }
    if hub.headcount == 0 || hub.headcount > HUB_MAX_HEADCOUNT {
        return Err(invalid(format!(
            "hub.headcount must be 1 to {HUB_MAX_HEADCOUNT}"
        )));
    }
    Ok(Some(Hub {
        name: checked_name(&hub.name, "hub.name")?,
        headcount: hub.headcount,
    }))
}

fn join(
    state: &mut State,
    request: JoinRequest,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    let connection = connection_of(actor)?.clone();
    if state.participant_of(&connection).is_some() {
        return Err(Rejection::new(
            RejectionCode::AlreadyJoined,
            "this connection has already joined",
        ));
    }
    let name = checked_name(&request.name, "name")?;
    let hub = checked_hub(request.hub.clone(), &request)?;
    if let Some(client_id) = &request.client_id {
        let printable = client_id.bytes().all(|byte| byte.is_ascii_graphic());
        if client_id.is_empty() || client_id.len() > CLIENT_ID_MAX_BYTES || !printable {
            return Err(invalid(format!(
                "client_id must be 1 to {CLIENT_ID_MAX_BYTES} printable ASCII characters"
            )));
        }
    }

    // The same participant again only with client_id and the matching secret.
    let returning = request
        .client_id
        .as_ref()
        .and_then(|client_id| state.participant_by_client.get(client_id))
        .and_then(|id| state.participants.get(id))
        .filter(|participant| request.offered_secret.as_ref() == Some(&participant.secret_digest))
        .cloned();

    rules::moderation::check_not_banned(
        state,
        returning.as_ref().map(|earlier| &earlier.id),
        request.client_id.as_deref(),
        request.invite.as_ref(),
    )?;
    let participant = match returning {
        Some(earlier) => Participant {
            name,
            mode: request.mode,
            stakeholder: request.stakeholder,
            region: request.region,
            hub,
            // A token can raise the role; a role given earlier is kept.
            role: earlier.role.max(request.granted_role),
            ..earlier
        },
        None => {
            let id = ParticipantId::from_number(state.next_participant_number);
            Participant {
                id,
                client_id: request.client_id.clone(),
                name,
                role: request.granted_role,
                mode: request.mode,
                stakeholder: request.stakeholder,
                region: request.region,
                hub,
                secret_digest: request.fresh_secret.clone(),
                invite: request.invite.clone(),
            }
        }
    };

    let mut records = Vec::new();
    if state.participants.get(&participant.id) != Some(&participant) {
        records.push(Record::ParticipantSaved(participant.clone()));
        state.remember_participant(participant.clone());
    }
    let headcount =
        super::presence::attendance_headcount(participant.role, participant.hub.as_ref());
    records.push(Record::AttendanceOpened {
        connection: connection.clone(),
        participant: participant.id.clone(),
        at: now,
        headcount,
    });
    let device = match &request.client_id {
        Some(client_id) => format!("client:{client_id}"),
        None => format!("connection:{connection}"),
    };
    state
        .presence
        .connect(connection, device, participant.roster_entry());
    // A participant back within the grace period gets their place again.
    let restored = rules::floor::restore_place(state, &participant.id);
    Ok(Applied {
        events: emit(state, restored.into_iter().collect(), now),
        records,
        ..Applied::default()
    })
}

fn leave(state: &mut State, actor: &Actor, now: Millis) -> Applied {
    let Actor::Connection(connection) = actor else {
        return Applied::default();
    };
    let Some(participant) = state.presence.disconnect(connection) else {
        return Applied::default();
    };
    let records = vec![Record::AttendanceClosed {
        connection: connection.clone(),
        at: now,
    }];
    // A captioner's unfinished lines are finished when their last connection
    // goes, so a handover never loses the outgoing writer's words; a raised
    // hand is held for the grace period.
    let output = if state.is_online(&participant) {
        CaptionOutput::default()
    } else {
        let mut output = state
            .captions
            .finish_writer(&CaptionWriter::Participant(participant.clone()));
        output
            .finals
            .extend(rules::floor::hold_place(state, &participant));
        output
    };
    caption_applied(state, output, records, now)
}

/// A dead node's connections leave, each exactly as its own `Leave` would
/// have: presence, attendance closed at `now`, a captioner's open lines
/// finished and a raised hand held once a participant's last connection is
/// gone. Ordered by connection id, so every replica makes the same events.
/// Applying it again, or for a node with no connections, changes nothing.
fn node_down(
    state: &mut State,
    node: &str,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    if *actor != Actor::Server {
        return Err(Rejection::new(
            RejectionCode::Forbidden,
            "only the hub declares a node down",
        ));
    }
    let mut applied = Applied::default();
    for connection in state.presence.connections_of_node(node) {
        let left = leave(state, &Actor::Connection(connection), now);
        applied.events.extend(left.events);
        applied.records.extend(left.records);
        applied.partials.extend(left.partials);
    }
    Ok(applied)
}

fn chat_send(
    state: &mut State,
    text: &str,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    let participant = joined_participant(state, actor)?;
    if state.info.state == SessionState::Ended {
        return Err(Rejection::new(
            RejectionCode::SessionEnded,
            "the session has ended; chat is read-only",
        ));
    }
    let text = checked_chat_text(text)?;
    rules::moderation::check_chat_allowed(state, &participant.id, participant.role, now)?;
    let from = Sender {
        id: participant.id.clone(),
        name: participant.name.clone(),
    };
    let events = emit(state, vec![EventBody::ChatMessage { from, text }], now);
    Ok(Applied {
        events,
        ..Applied::default()
    })
}

fn update_session(
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

/// Turns caption output into numbered events, plus the records given.
fn caption_applied(
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

fn caption_push(
    state: &mut State,
    lang: &str,
    text: &str,
    is_final: bool,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    let participant = joined_participant(state, actor)?;
    if participant.role != Role::Captioner {
        return Err(Rejection::new(
            RejectionCode::Forbidden,
            "only a captioner can push captions; join with a captioner invite token",
        ));
    }
    let writer = CaptionWriter::Participant(participant.id.clone());
    captions::check_session_is_live(&state.info)?;
    let lang = captions::resolve_language(&state.info, lang)?;
    captions::check_push_text(text)?;
    let output = state.captions.push(lang, writer, text, is_final, now);
    Ok(caption_applied(state, output, Vec::new(), now))
}

fn caption_post(
    state: &mut State,
    lang: Option<&str>,
    body: &str,
    post_seq: u64,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    let Actor::CaptionApi(invite) = actor else {
        return Err(Rejection::new(
            RejectionCode::Forbidden,
            "caption posts come with a captioner invite token",
        ));
    };
    captions::check_session_is_live(&state.info)?;
    let lang = match lang {
        Some(requested) => captions::resolve_language(&state.info, requested)?,
        None => state.info.languages[0].clone(),
    };
    let segments = captions::split_post_body(body)?;
    let Some(output) = state
        .captions
        .post(lang, invite.clone(), &segments, post_seq, now)
    else {
        return Ok(Applied::default());
    };
    Ok(caption_applied(state, output, Vec::new(), now))
}

#[cfg(test)]
#[path = "apply_tests.rs"]
mod tests;
