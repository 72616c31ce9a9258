//! Joining and leaving: who a connection is (a new participant, or the same
//! one again with its resume secret), presence, attendance, and what a
//! participant's last connection leaving finishes (a captioner's open
//! lines) or holds (a raised hand).

use super::{caption_applied, checked_name, connection_of, invalid};
use crate::core::applied::{Applied, Record};
use crate::core::attributes::{Hub, Role};
use crate::core::captions::{CaptionOutput, CaptionWriter};
use crate::core::command::{Actor, JoinRequest};
use crate::core::evolve::emit;
use crate::core::ids::ParticipantId;
use crate::core::rejection::{Rejection, RejectionCode};
use crate::core::rules;
use crate::core::state::{Participant, State};
use crate::core::time::Millis;

/// The longest `client_id`, in bytes.
pub const CLIENT_ID_MAX_BYTES: usize = 128;

/// The role a join gets from its invite. A room display is asked for
/// explicitly and needs a moderator's or a display's invite, so that a
/// captioner's link cannot turn a screen into a participant nobody counts;
/// a display invite gives the display role without asking.
pub(crate) fn granted_role(request: &JoinRequest) -> Result<Role, Rejection> {
    match (request.as_display, request.invited_role) {
        (false, role) => Ok(role),
        (true, Role::Moderator | Role::Display) => Ok(Role::Display),
        (true, _) => Err(Rejection::new(
            RejectionCode::Forbidden,
            "a room display needs a moderator's or a display's invite token",
        )),
    }
}

fn checked_hub(hub: Option<Hub>, request: &JoinRequest) -> Result<Option<Hub>, Rejection> {
    let Some(hub) = hub else { return Ok(None) };
    if request.mode != crate::core::attributes::Mode::Remote {
        return Err(invalid(
            "a hub is a remote room: hub requires mode \"remote\"",
        ));
    }
    crate::core::attributes::check_hub_headcount(hub.headcount, "hub.headcount")?;
    Ok(Some(Hub {
        name: checked_name(&hub.name, "hub.name")?,
        headcount: hub.headcount,
        // Only a moderator confirms a headcount (`hub.confirm`).
        confirmed: false,
    }))
}

/// A participant may not take a role word for a name, nor the name of the
/// session's chair or of one of its staff, in look-alike letters or not:
/// chat would show them exactly alike. A name kept from an earlier join is
/// not checked again, so a participant is never locked out by staff who
/// came later.
fn check_not_passing_for_staff(state: &State, participant: &Participant) -> Result<(), Rejection> {
    use crate::core::names::{comparison_key, imitates_a_role};
    if imitates_a_role(&participant.name) {
        return Err(invalid(
            "that name is a role in the session; staff carry a badge, so choose your own name",
        ));
    }
    let key = comparison_key(&participant.name);
    let chair_matches = state
        .info
        .chair
        .as_deref()
        .is_some_and(|chair| comparison_key(chair) == key);
    let staff_matches = state
        .staff()
        .any(|other| other.id != participant.id && comparison_key(&other.name) == key);
    if chair_matches || staff_matches {
        return Err(invalid(
            "that name looks like the name of this session's chair or staff; choose another",
        ));
    }
    Ok(())
}

/// A moderator invite seats one person at a time: while the person it
/// admitted is present, someone else who brings it is refused rather than
/// made a moderator, so a leaked link cannot seat a second person at the
/// chair's controls. Once that person has left, the invite admits again
/// (the same person on another device, whom nothing else tells apart);
/// the organiser revokes a link that leaked.
fn check_moderator_invite_not_taken(
    state: &State,
    request: &JoinRequest,
    returning: Option<&Participant>,
) -> Result<(), Rejection> {
    let Some(invite) = &request.invite else {
        return Ok(());
    };
    if request.invited_role != Role::Moderator || request.as_display {
        return Ok(());
    }
    let returning_id = returning.map(|earlier| &earlier.id);
    let taken = state.participants.values().any(|other| {
        other.invite.as_ref() == Some(invite)
            && Some(&other.id) != returning_id
            && other.role == Role::Moderator
            && state.is_online(&other.id)
    });
    if taken {
        return Err(Rejection::new(
            RejectionCode::InvalidToken,
            "this moderator invite is in use by someone present; each moderator needs their own invite from the organiser",
        ));
    }
    Ok(())
}

pub(crate) fn join(
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
    let role = granted_role(&request)?;
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
    rules::invites::check_not_revoked(state, request.invite.as_ref())?;
    check_moderator_invite_not_taken(state, &request, returning.as_ref())?;
    let participant = match returning {
        Some(earlier) => Participant {
            name,
            mode: request.mode,
            stakeholder: request.stakeholder,
            region: request.region,
            hub: hub.map(|mut hub| {
                // A hub that reconnects keeps its confirmation for as many
                // people as were confirmed, not for more.
                hub.confirmed = earlier.hub.as_ref().is_some_and(|confirmed| {
                    confirmed.confirmed && hub.headcount <= confirmed.headcount
                });
                hub
            }),
            // A role a moderator gave holds; otherwise the role is what
            // the invite brought now gives: an expired or revoked invite,
            // or none, no longer restores a moderator.
            role: earlier.assigned_role.unwrap_or(role),
            invite: request.invite.clone().or(earlier.invite.clone()),
            ..earlier
        },
        None => {
            let id = ParticipantId::from_number(state.next_participant_number);
            Participant {
                id,
                client_id: request.client_id.clone(),
                name,
                role,
                mode: request.mode,
                stakeholder: request.stakeholder,
                region: request.region,
                hub,
                secret_digest: request.fresh_secret.clone(),
                invite: request.invite.clone(),
                assigned_role: None,
            }
        }
    };

    let name_is_new = state
        .participants
        .get(&participant.id)
        .is_none_or(|earlier| earlier.name != participant.name);
    if name_is_new && !participant.role.is_staff() {
        check_not_passing_for_staff(state, &participant)?;
    }

    let mut records = Vec::new();
    if state.participants.get(&participant.id) != Some(&participant) {
        records.push(Record::ParticipantSaved(participant.clone()));
        state.remember_participant(participant.clone());
    }
    if let Some(invite) = &request.invite {
        records.push(Record::InviteUsed {
            invite: invite.clone(),
            at: now,
        });
    }
    let headcount =
        crate::core::presence::attendance_headcount(participant.role, participant.hub.as_ref());
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
    state.polls.presence_changed();
    // A participant back within the grace period gets their place again.
    let restored = rules::floor::restore_place(state, &participant.id);
    Ok(Applied {
        events: emit(state, restored.into_iter().collect(), now),
        records,
        ..Applied::default()
    })
}

pub(crate) fn leave(state: &mut State, actor: &Actor, now: Millis) -> Applied {
    let Actor::Connection(connection) = actor else {
        return Applied::default();
    };
    let Some(participant) = state.presence.disconnect(connection) else {
        return Applied::default();
    };
    state.polls.presence_changed();
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
