//! The organiser's invites: issuing one (recorded so that it can be listed
//! and revoked) and revoking one. Revoking demotes every holder to
//! participant at once, or for a room display ends its connections, and
//! tells them; a later join with the revoked token is refused.

use super::{checked_text, invalid, not_found};
use crate::core::applied::{Applied, Record};
use crate::core::attributes::Role;
use crate::core::command::Actor;
use crate::core::event::EventBody;
use crate::core::evolve::emit;
use crate::core::ids::InviteId;
use crate::core::invites::{InviteView, INVITE_LABEL_MAX_CHARS};
use crate::core::rejection::{Rejection, RejectionCode};
use crate::core::state::State;
use crate::core::time::Millis;

/// Invites are the organiser's alone: a moderator cannot make or unmake
/// another moderator's link.
fn require_organiser(actor: &Actor) -> Result<(), Rejection> {
    if *actor == Actor::Admin {
        Ok(())
    } else {
        Err(Rejection::new(
            RejectionCode::Forbidden,
            "only the organiser issues and revokes invites",
        ))
    }
}

pub(crate) fn invite_issue(
    state: &mut State,
    invite: InviteId,
    role: Role,
    label: Option<String>,
    expires_at: Millis,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    require_organiser(actor)?;
    if role == Role::Participant {
        return Err(invalid(
            "role must be \"moderator\", \"captioner\" or \"display\"; participants need no invite",
        ));
    }
    if state.invites.items.contains_key(&invite) {
        return Err(Rejection::new(
            RejectionCode::Conflict,
            format!("invite {invite} exists already"),
        ));
    }
    let label = match label {
        Some(label) => Some(checked_text(
            &label,
            "label",
            INVITE_LABEL_MAX_CHARS,
            false,
        )?),
        None => None,
    };
    let view = InviteView {
        id: invite,
        role,
        label,
        expires_at,
        issued_at: now,
        revoked_at: None,
    };
    // A record, not an event: no client needs to hear of it, and the
    // session's `seq` stays the clients' own. Like caption cursors, the
    // session's invites come back from the store on restart.
    state.invites.items.insert(view.id.clone(), view.clone());
    Ok(Applied {
        records: vec![Record::InviteSaved(view)],
        ..Applied::default()
    })
}

pub(crate) fn invite_revoke(
    state: &mut State,
    invite: &InviteId,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    require_organiser(actor)?;
    let Some(known) = state.invites.get(invite) else {
        return Err(not_found(format!("this session has no invite {invite}")));
    };
    if known.revoked_at.is_some() {
        return Err(Rejection::new(
            RejectionCode::Conflict,
            format!("invite {invite} is revoked already"),
        ));
    }
    let mut saved = known.clone();
    saved.revoked_at = Some(now);
    // Everyone who joined with it: a person is told and becomes a
    // participant; a room display is told and its connections close.
    let holders: Vec<_> = state
        .participants
        .values()
        .filter(|participant| participant.invite.as_ref() == Some(invite))
        .map(|participant| (participant.id.clone(), participant.role))
        .collect();
    let mut bodies = vec![EventBody::InviteRevoked {
        invite: invite.clone(),
        participant: None,
    }];
    let mut records = vec![Record::InviteSaved(saved)];
    for (participant, role) in holders {
        bodies.push(EventBody::InviteRevoked {
            invite: invite.clone(),
            participant: Some(participant.clone()),
        });
        if matches!(role, Role::Moderator | Role::Captioner) {
            bodies.push(EventBody::RoleChanged {
                participant: participant.clone(),
                role: Role::Participant,
                moderator_decided: false,
            });
            let mut demoted = state.participants[&participant].clone();
            demoted.role = Role::Participant;
            records.push(Record::ParticipantSaved(demoted));
        }
    }
    Ok(Applied {
        events: emit(state, bodies, now),
        records,
        ..Applied::default()
    })
}

/// Refuses a join or caption post made with a revoked invite.
pub(crate) fn check_not_revoked(state: &State, invite: Option<&InviteId>) -> Result<(), Rejection> {
    match invite {
        Some(invite) if state.invites.is_revoked(invite) => Err(Rejection::new(
            RejectionCode::InvalidToken,
            "the organiser revoked this invite; ask them for a new one",
        )),
        _ => Ok(()),
    }
}
