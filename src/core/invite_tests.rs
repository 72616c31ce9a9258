//! The organiser's invites: only the organiser issues and revokes them;
//! revoking demotes a holder to participant (a display keeps its role and
//! is closed by the shell), tells them, refuses later joins and caption
//! posts with the invite, and holds after replay.

use super::test_support::{connection, join_request, live_info};
use super::*;

fn invite(id: &str) -> InviteId {
    InviteId(id.into())
}

fn issue(state: &mut State, id: &str, role: Role) {
    let command = Command::InviteIssue {
        invite: invite(id),
        role,
        label: Some(format!("label {id}")),
        expires_at: Millis(1_000_000),
    };
    apply(state, command, &Actor::Admin, Millis(1)).expect("the organiser issues");
}

fn join_with(state: &mut State, name: &str, role: Role, with: &str) -> Result<Applied, Rejection> {
    let request = JoinRequest {
        invite: Some(invite(with)),
        ..join_request(name, role)
    };
    apply(state, Command::Join(request), &connection(name), Millis(2))
}

fn revoke(state: &mut State, id: &str, actor: &Actor) -> Result<Applied, Rejection> {
    apply(
        state,
        Command::InviteRevoke { invite: invite(id) },
        actor,
        Millis(3),
    )
}

#[test]
fn only_the_organiser_issues_and_revokes_invites() {
    let mut state = State::new(live_info());
    issue(&mut state, "i1", Role::Moderator);
    join_with(&mut state, "chair", Role::Moderator, "i1").unwrap();
    apply(
        &mut state,
        Command::Join(join_request("ana", Role::Participant)),
        &connection("ana"),
        Millis(2),
    )
    .unwrap();
    let commands = [
        Command::InviteIssue {
            invite: invite("i2"),
            role: Role::Moderator,
            label: None,
            expires_at: Millis(9),
        },
        Command::InviteRevoke {
            invite: invite("i1"),
        },
    ];
    let actors = [
        connection("chair"),
        connection("ana"),
        connection("stranger"),
        Actor::CaptionApi(invite("i1")),
        Actor::Server,
    ];
    for command in &commands {
        for actor in &actors {
            let mut tried = state.clone();
            let rejection = apply(&mut tried, command.clone(), actor, Millis(5)).unwrap_err();
            assert_eq!(
                rejection.code,
                RejectionCode::Forbidden,
                "{actor:?} {command:?}"
            );
            assert_eq!(tried.seq(), state.seq(), "nothing changed");
        }
    }
}

#[test]
fn revoking_demotes_and_tells_each_holder_and_refuses_the_invite_afterwards() {
    let mut state = State::new(live_info());
    issue(&mut state, "mod", Role::Moderator);
    issue(&mut state, "screen", Role::Display);
    let chair = join_with(&mut state, "chair", Role::Moderator, "mod").unwrap();
    assert!(chair.records.contains(&Record::InviteUsed {
        invite: invite("mod"),
        at: Millis(2)
    }));
    let screen = JoinRequest {
        invite: Some(invite("screen")),
        ..join_request("screen", Role::Display)
    };
    apply(
        &mut state,
        Command::Join(screen),
        &connection("screen"),
        Millis(2),
    )
    .unwrap();
    let chair_id = state
        .participant_of(&ConnectionId("chair".into()))
        .unwrap()
        .id
        .clone();
    let screen_id = state
        .participant_of(&ConnectionId("screen".into()))
        .unwrap()
        .id
        .clone();

    let applied = revoke(&mut state, "mod", &Actor::Admin).unwrap();
    let bodies: Vec<_> = applied
        .events
        .iter()
        .map(|event| event.body.clone())
        .collect();
    assert_eq!(
        bodies,
        vec![
            EventBody::InviteRevoked {
                invite: invite("mod"),
                participant: None
            },
            EventBody::InviteRevoked {
                invite: invite("mod"),
                participant: Some(chair_id.clone())
            },
            EventBody::RoleChanged {
                participant: chair_id.clone(),
                role: Role::Participant,
                moderator_decided: false,
            },
        ]
    );
    assert_eq!(
        state.participant(&chair_id).unwrap().role,
        Role::Participant
    );
    assert_eq!(
        applied.events[1].body.audience(),
        EventAudience::ModeratorsAnd(Some(chair_id.clone())),
        "the holder is told"
    );
    assert!(state.invites().is_revoked(&invite("mod")));

    // A display keeps its role (the shell closes it) and is told.
    let applied = revoke(&mut state, "screen", &Actor::Admin).unwrap();
    assert_eq!(applied.events.len(), 2);
    assert_eq!(state.participant(&screen_id).unwrap().role, Role::Display);

    let again = join_with(&mut state, "chair-2", Role::Moderator, "mod").unwrap_err();
    assert_eq!(again.code, RejectionCode::InvalidToken);
    let post = Command::CaptionPost {
        lang: None,
        body: "hi\n".into(),
        post_seq: 1,
    };
    issue(&mut state, "cap", Role::Captioner);
    revoke(&mut state, "cap", &Actor::Admin).unwrap();
    let refused = apply(
        &mut state,
        post,
        &Actor::CaptionApi(invite("cap")),
        Millis(4),
    )
    .unwrap_err();
    assert_eq!(refused.code, RejectionCode::InvalidToken);

    assert_eq!(
        revoke(&mut state, "mod", &Actor::Admin).unwrap_err().code,
        RejectionCode::Conflict
    );
    assert_eq!(
        revoke(&mut state, "nope", &Actor::Admin).unwrap_err().code,
        RejectionCode::NotFound
    );
}

#[test]
fn a_revocation_survives_replay_of_the_stored_events_and_records() {
    let mut state = State::new(live_info());
    let issued = apply(
        &mut state,
        Command::InviteIssue {
            invite: invite("mod"),
            role: Role::Moderator,
            label: None,
            expires_at: Millis(9),
        },
        &Actor::Admin,
        Millis(1),
    )
    .unwrap();
    assert!(
        issued.events.is_empty(),
        "issuing tells no client: {issued:?}"
    );
    let revoked = revoke(&mut state, "mod", &Actor::Admin).unwrap();
    let saved: Vec<InviteView> = revoked
        .records
        .iter()
        .filter_map(|record| match record {
            Record::InviteSaved(view) => Some(view.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(saved.len(), 1);
    let mut restored = State::restore(live_info(), [], revoked.events, [], []);
    restored.restore_invites(saved);
    assert!(restored.invites().is_revoked(&invite("mod")));
    let refused = join_with(&mut restored, "chair", Role::Moderator, "mod").unwrap_err();
    assert_eq!(refused.code, RejectionCode::InvalidToken);
    // An invite the session never recorded is not revoked (it verifies by
    // its signature alone, as before invites were recorded).
    assert!(join_with(&mut restored, "other", Role::Moderator, "older").is_ok());
}
