//! A room display sees the session, counts as nobody, and commands nothing;
//! staff (moderators and captioners) are counted apart from attendees.

use super::test_support::{connection, live_info};
use super::*;

fn live_session() -> State {
    State::new(live_info())
}

fn join(state: &mut State, name: &str, mode: Mode, role: Role) -> Applied {
    let request = JoinRequest {
        name: name.into(),
        mode,
        stakeholder: Stakeholder::Other,
        region: Region::Unspecified,
        hub: None,
        client_id: None,
        invited_role: role,
        as_display: false,
        invite: None,
        offered_secret: None,
        fresh_secret: SecretDigest(format!("secret-{name}")),
    };
    apply(state, Command::Join(request), &connection(name), Millis(5)).expect("join accepted")
}

#[test]
fn a_display_counts_as_nobody_in_presence_and_attendance() {
    let mut state = live_session();
    join(&mut state, "ana", Mode::Remote, Role::Participant);
    let applied = join(&mut state, "projector", Mode::Onsite, Role::Display);

    let counts = state.presence_counts();
    assert_eq!(
        (counts.participants, counts.attendees, counts.connections),
        (1, 1, 2)
    );
    assert_eq!(counts.mode(Mode::Onsite), 0);
    assert_eq!(counts.stakeholder(Stakeholder::Other), 1, "Ana only");
    let headcounts: Vec<u32> = applied
        .records
        .iter()
        .filter_map(|record| match record {
            Record::AttendanceOpened { headcount, .. } => Some(*headcount),
            _ => None,
        })
        .collect();
    assert_eq!(
        headcounts,
        vec![0],
        "the report counts the display as nobody"
    );

    apply(
        &mut state,
        Command::Leave,
        &connection("projector"),
        Millis(9),
    )
    .unwrap();
    let counts = state.presence_counts();
    assert_eq!(
        (counts.participants, counts.attendees, counts.connections),
        (1, 1, 1)
    );
}

#[test]
fn a_display_sends_no_commands() {
    let mut state = live_session();
    join(&mut state, "projector", Mode::Onsite, Role::Display);
    let commands = vec![
        Command::ChatSend {
            text: "hello".into(),
        },
        Command::HandRaise,
        Command::QuestionAsk {
            text: "why?".into(),
        },
        Command::CaptionPush {
            lang: "en".into(),
            text: "text".into(),
            is_final: true,
        },
        Command::QueueLowerAll,
        Command::FloorEnd,
        Command::AnnouncementPin {
            text: Some("x".into()),
        },
        Command::StartSession,
        Command::EndSession,
    ];
    for command in commands {
        let described = format!("{command:?}");
        let rejection =
            apply(&mut state, command, &connection("projector"), Millis(6)).expect_err(&described);
        assert_eq!(rejection.code, RejectionCode::Forbidden, "{described}");
    }
    assert_eq!(state.seq, 0, "nothing was applied");
}

#[test]
fn nobody_is_made_a_display_and_a_display_is_made_nobody_else() {
    let mut state = live_session();
    join(&mut state, "chair", Mode::Onsite, Role::Moderator);
    join(&mut state, "ana", Mode::Remote, Role::Participant);
    join(&mut state, "projector", Mode::Onsite, Role::Display);
    let id_of = |state: &State, name: &str| {
        state
            .participant_of(&ConnectionId(name.into()))
            .unwrap()
            .id
            .clone()
    };
    let ana = id_of(&state, "ana");
    let projector = id_of(&state, "projector");
    for (participant, role) in [(ana, Role::Display), (projector, Role::Moderator)] {
        let rejection = apply(
            &mut state,
            Command::ParticipantSetRole { participant, role },
            &connection("chair"),
            Millis(7),
        )
        .expect_err("refused");
        assert_eq!(rejection.code, RejectionCode::InvalidField);
    }
}

fn attendance_headcounts(applied: &Applied) -> Vec<u32> {
    applied
        .records
        .iter()
        .filter_map(|record| match record {
            Record::AttendanceOpened { headcount, .. } => Some(*headcount),
            _ => None,
        })
        .collect()
}

#[test]
fn staff_are_counted_apart_from_the_attendees() {
    let mut state = live_session();
    join(&mut state, "ana", Mode::Remote, Role::Participant);
    let chair = join(&mut state, "chair", Mode::Onsite, Role::Moderator);
    let writer = join(&mut state, "writer", Mode::Remote, Role::Captioner);
    join(&mut state, "projector", Mode::Onsite, Role::Display);

    let counts = state.presence_counts();
    assert_eq!(
        (
            counts.participants,
            counts.attendees,
            counts.staff,
            counts.connections
        ),
        (1, 1, 2, 4)
    );
    assert_eq!(
        (counts.mode(Mode::Onsite), counts.mode(Mode::Remote)),
        (0, 1),
        "only Ana is in the breakdowns"
    );
    assert_eq!(counts.stakeholder(Stakeholder::Other), 1);
    assert_eq!(
        [
            attendance_headcounts(&chair),
            attendance_headcounts(&writer)
        ],
        [vec![0], vec![0]],
        "the report counts staff as no attendee"
    );

    apply(&mut state, Command::Leave, &connection("chair"), Millis(9)).unwrap();
    let counts = state.presence_counts();
    assert_eq!((counts.participants, counts.staff), (1, 1));
}

#[test]
fn a_participant_made_moderator_moves_from_the_attendees_to_the_staff() {
    let mut state = live_session();
    join(&mut state, "chair", Mode::Onsite, Role::Moderator);
    join(&mut state, "ana", Mode::Remote, Role::Participant);
    let ana = state
        .participant_of(&ConnectionId("ana".into()))
        .unwrap()
        .id
        .clone();
    state.take_presence_changes();
    apply(
        &mut state,
        Command::ParticipantSetRole {
            participant: ana.clone(),
            role: Role::Moderator,
        },
        &connection("chair"),
        Millis(7),
    )
    .unwrap();
    let counts = state.presence_counts();
    assert_eq!(
        (counts.participants, counts.attendees, counts.staff),
        (0, 0, 2)
    );
    assert_eq!(counts.mode(Mode::Remote), 0);
    let changes = state.take_presence_changes().expect("the counts changed");
    assert_eq!(
        changes
            .roster_joins
            .iter()
            .map(|entry| (&entry.id, entry.role))
            .collect::<Vec<_>>(),
        [(&ana, Role::Moderator)],
        "moderators' rosters get Ana's new role"
    );

    apply(
        &mut state,
        Command::ParticipantSetRole {
            participant: ana,
            role: Role::Participant,
        },
        &connection("chair"),
        Millis(8),
    )
    .unwrap();
    let counts = state.presence_counts();
    assert_eq!(
        (counts.participants, counts.attendees, counts.staff),
        (1, 1, 1)
    );
}

#[test]
fn only_a_moderator_s_or_a_display_s_invite_joins_as_a_display() {
    // (invited role, asks to be a display) → the role given, or refused.
    let cases = [
        (Role::Participant, false, Some(Role::Participant)),
        (Role::Captioner, false, Some(Role::Captioner)),
        (Role::Moderator, false, Some(Role::Moderator)),
        (Role::Display, false, Some(Role::Display)),
        (Role::Participant, true, None),
        (Role::Captioner, true, None),
        (Role::Moderator, true, Some(Role::Display)),
        (Role::Display, true, Some(Role::Display)),
    ];
    for (invited_role, as_display, expected) in cases {
        let mut state = live_session();
        let request = JoinRequest {
            name: "Screen".into(),
            mode: Mode::Onsite,
            stakeholder: Stakeholder::Unspecified,
            region: Region::Unspecified,
            hub: None,
            client_id: None,
            invited_role,
            as_display,
            invite: None,
            offered_secret: None,
            fresh_secret: SecretDigest("screen".into()),
        };
        let joined = apply(
            &mut state,
            Command::Join(request),
            &connection("screen"),
            Millis(5),
        );
        let role = state
            .participant_of(&ConnectionId("screen".into()))
            .map(|participant| participant.role);
        match expected {
            Some(expected) => {
                assert!(joined.is_ok(), "{invited_role:?}, display {as_display}");
                assert_eq!(
                    role,
                    Some(expected),
                    "{invited_role:?}, display {as_display}"
                );
            }
            None => {
                assert_eq!(
                    joined.unwrap_err().code,
                    RejectionCode::Forbidden,
                    "{invited_role:?}, display {as_display}"
                );
                assert_eq!(role, None, "nobody joined");
                assert_eq!(state.presence_counts().connections, 0);
            }
        }
    }
}
