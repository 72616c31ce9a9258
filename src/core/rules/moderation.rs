//! Rules of the moderator controls: chat mode, deleting chat, the pinned
//! announcement, removing (and banning) participants, roles, and ending the
//! session.

use super::{checked_text, events, not_found, require_moderator};
use crate::core::applied::{Applied, Record};
use crate::core::attributes::Role;
use crate::core::command::Actor;
use crate::core::event::EventBody;
use crate::core::ids::{ParticipantId, Seq};
use crate::core::moderation::{
    ChatMode, ChatSettings, ANNOUNCEMENT_MAX_CHARS, SLOW_MODE_MAX_SECONDS,
};
use crate::core::rejection::{Rejection, RejectionCode};
use crate::core::state::State;
use crate::core::time::Millis;

pub(crate) fn chat_configure(
    state: &mut State,
    mode: ChatMode,
    slow_seconds: Option<u32>,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    require_moderator(state, actor)?;
    state.info.check_not_ended()?;
    let slow_seconds = match mode {
        ChatMode::Slow => {
            let seconds = slow_seconds.unwrap_or(30);
            if seconds == 0 || seconds > SLOW_MODE_MAX_SECONDS {
                return Err(Rejection::new(
                    RejectionCode::InvalidField,
                    format!("slow_seconds must be 1 to {SLOW_MODE_MAX_SECONDS}"),
                ));
            }
            Some(seconds)
        }
        ChatMode::Open | ChatMode::Locked => None,
    };
    let settings = ChatSettings { mode, slow_seconds };
    if settings == state.moderation.chat {
        return Ok(Applied::default());
    }
    Ok(events(
        state,
        vec![EventBody::ChatUpdated { settings }],
        now,
    ))
}

/// Whether `participant` may send chat now, under the chat mode.
pub(crate) fn check_chat_allowed(
    state: &State,
    participant: &ParticipantId,
    role: Role,
    now: Millis,
) -> Result<(), Rejection> {
    if role == Role::Moderator {
        return Ok(());
    }
    let settings = &state.moderation.chat;
    match settings.mode {
        ChatMode::Open => Ok(()),
        ChatMode::Locked => Err(Rejection::new(
            RejectionCode::ChatLocked,
            "chat is locked by the moderators",
        )),
        ChatMode::Slow => {
            let interval_millis = i64::from(settings.slow_seconds.unwrap_or(0)) * 1000;
            let Some(last) = state.moderation.last_chat_at.get(participant) else {
                return Ok(());
            };
            let wait_millis = last.0 + interval_millis - now.0;
            if wait_millis > 0 {
                let seconds = (wait_millis + 999) / 1000;
                return Err(Rejection::new(
                    RejectionCode::SlowMode,
                    format!("slow mode: you can write again in {seconds} s"),
                ));
            }
            Ok(())
        }
    }
}

pub(crate) fn chat_delete(
    state: &mut State,
    message: Seq,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    require_moderator(state, actor)?;
    state.info.check_not_ended()?;
    if !state.moderation.chat_messages.contains(&message) {
        return Err(not_found(format!("no chat message with seq {message}")));
    }
    Ok(events(state, vec![EventBody::ChatDeleted { message }], now))
}

pub(crate) fn announcement_pin(
    state: &mut State,
    text: Option<&str>,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    require_moderator(state, actor)?;
    state.info.check_not_ended()?;
    let text = match text {
        Some(text) => Some(checked_text(text, "text", ANNOUNCEMENT_MAX_CHARS, true)?),
        None => None,
    };
    if text == state.moderation.announcement {
        return Ok(Applied::default());
    }
    Ok(events(
        state,
        vec![EventBody::AnnouncementPinned { text }],
        now,
    ))
}

pub(crate) fn participant_remove(
    state: &mut State,
    participant: &ParticipantId,
    ban: bool,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    let moderator = require_moderator(state, actor)?.map(|moderator| moderator.id.clone());
    state.info.check_not_ended()?;
    if !state.participants.contains_key(participant) {
        return Err(not_found(format!("no participant {participant}")));
    }
    if moderator.as_ref() == Some(participant) {
        return Err(Rejection::new(
            RejectionCode::InvalidField,
            "a moderator cannot remove themselves",
        ));
    }
    let mut bodies = super::floor::remove_from_floor(state, participant, now);
    bodies.push(EventBody::ParticipantRemoved {
        participant: participant.clone(),
        banned: ban,
    });
    Ok(events(state, bodies, now))
}

pub(crate) fn participant_set_role(
    state: &mut State,
    participant: &ParticipantId,
    role: Role,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    let moderator = require_moderator(state, actor)?.map(|moderator| moderator.id.clone());
    state.info.check_not_ended()?;
    let Some(target) = state.participants.get(participant) else {
        return Err(not_found(format!("no participant {participant}")));
    };
    if moderator.as_ref() == Some(participant) {
        return Err(Rejection::new(
            RejectionCode::InvalidField,
            "a moderator cannot change their own role",
        ));
    }
    if role == Role::Display || target.role == Role::Display {
        return Err(Rejection::new(
            RejectionCode::InvalidField,
            "a room display is made by its invite; no one can be made one, nor a display a person",
        ));
    }
    if target.role == role {
        return Ok(Applied::default());
    }
    let mut saved = target.clone();
    saved.role = role;
    saved.assigned_role = Some(role);
    let mut applied = events(
        state,
        vec![EventBody::RoleChanged {
            participant: participant.clone(),
            role,
            moderator_decided: true,
        }],
        now,
    );
    applied.records.push(Record::ParticipantSaved(saved));
    Ok(applied)
}

/// A moderator lifts a ban: the participant, their device and their invite
/// may join again. Lifting a ban that is not there changes nothing.
pub(crate) fn participant_unban(
    state: &mut State,
    participant: &ParticipantId,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    require_moderator(state, actor)?;
    if !state.participants.contains_key(participant) {
        return Err(not_found(format!("no participant {participant}")));
    }
    if !state.moderation.is_banned(participant) {
        return Ok(Applied::default());
    }
    Ok(events(
        state,
        vec![EventBody::ParticipantUnbanned {
            participant: participant.clone(),
        }],
        now,
    ))
}

/// A moderator confirms how many people a remote hub stands for; from then
/// on it counts as that many (its attendance since it joined included).
pub(crate) fn hub_confirm(
    state: &mut State,
    participant: &ParticipantId,
    headcount: u32,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    require_moderator(state, actor)?;
    state.info.check_not_ended()?;
    let Some(target) = state.participants.get(participant) else {
        return Err(not_found(format!("no participant {participant}")));
    };
    let Some(hub) = &target.hub else {
        return Err(Rejection::new(
            RejectionCode::InvalidField,
            format!("{participant} is not a remote hub"),
        ));
    };
    crate::core::attributes::check_hub_headcount(headcount, "headcount")?;
    if hub.confirmed && hub.headcount == headcount {
        return Ok(Applied::default());
    }
    let mut saved = target.clone();
    if let Some(hub) = saved.hub.as_mut() {
        hub.headcount = headcount;
        hub.confirmed = true;
    }
    let counted = if target.role.counts_as_attendee() {
        headcount
    } else {
        0
    };
    let connections = state.presence.connections_of(participant);
    let mut applied = events(
        state,
        vec![EventBody::HubConfirmed {
            participant: participant.clone(),
            headcount,
        }],
        now,
    );
    applied.records.push(Record::ParticipantSaved(saved));
    applied.records.extend(
        connections
            .into_iter()
            .map(|connection| Record::AttendanceHeadcount {
                connection,
                headcount: counted,
            }),
    );
    Ok(applied)
}

/// Whether a join must be refused because of a ban.
pub(crate) fn check_not_banned(
    state: &State,
    returning: Option<&ParticipantId>,
    client_id: Option<&str>,
    invite: Option<&crate::core::InviteId>,
) -> Result<(), Rejection> {
    let moderation = &state.moderation;
    let banned = returning.is_some_and(|id| moderation.banned_participants.contains(id))
        || client_id.is_some_and(|id| moderation.banned_clients.contains(id))
        || invite.is_some_and(|id| moderation.banned_invites.contains(id));
    if banned {
        return Err(Rejection::new(
            RejectionCode::Banned,
            "you were removed from this session by a moderator",
        ));
    }
    Ok(())
}
