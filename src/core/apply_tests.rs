//! Table-driven tests of the core's rules. No sockets, no clock: every test
//! passes `now` explicitly.

use crate::core::test_support::connection;
use crate::core::*;
use crate::core::{Mode, PresenceCounts, Region, Role, SecretDigest, SessionInfo, Stakeholder};

fn info(state: SessionState) -> SessionInfo {
    SessionInfo {
        id: "main".into(),
        title: "Main session".into(),
        room: "Plenary".into(),
        starts_at: Millis(0),
        ends_at: Millis(3_600_000),
        languages: vec!["en".into()],
        state,
        live_at: None,
        time_zone: None,
        links: Default::default(),
        chair: None,
    }
}

fn request(name: &str) -> JoinRequest {
    crate::core::test_support::join_request(name, Role::Participant)
}

fn joined(state: &mut State, connection_name: &str, request: JoinRequest) -> ParticipantId {
    let actor = connection(connection_name);
    apply(state, Command::Join(request), &actor, Millis(10)).expect("join accepted");
    state
        .participant_of(&ConnectionId(connection_name.into()))
        .unwrap()
        .id
        .clone()
}

#[test]
fn join_rejections_table() {
    type Change = fn(&mut JoinRequest);
    let cases: Vec<(&str, Change, RejectionCode)> = vec![
        (
            "empty name",
            |r| r.name = "   ".into(),
            RejectionCode::InvalidField,
        ),
        (
            "long name",
            |r| r.name = "x".repeat(81),
            RejectionCode::TooLarge,
        ),
        (
            "control char in name",
            |r| r.name = "a\u{7}b".into(),
            RejectionCode::InvalidField,
        ),
        (
            "onsite hub",
            |r| {
                r.mode = Mode::Onsite;
                r.hub = Some(Hub {
                    name: "Room".into(),
                    headcount: 3,
                    confirmed: false,
                });
            },
            RejectionCode::InvalidField,
        ),
        (
            "zero headcount",
            |r| {
                r.hub = Some(Hub {
                    name: "Hub".into(),
                    headcount: 0,
                    confirmed: false,
                })
            },
            RejectionCode::InvalidField,
        ),
        (
            "huge headcount",
            |r| {
                r.hub = Some(Hub {
                    name: "Hub".into(),
                    headcount: 10_001,
                    confirmed: false,
                })
            },
            RejectionCode::InvalidField,
        ),
        (
            "empty client id",
            |r| r.client_id = Some(String::new()),
            RejectionCode::InvalidField,
        ),
        (
            "client id with space",
            |r| r.client_id = Some("a b".into()),
            RejectionCode::InvalidField,
        ),
        (
            "long client id",
            |r| r.client_id = Some("a".repeat(129)),
            RejectionCode::InvalidField,
        ),
    ];
    for (name, change, code) in cases {
        let mut state = State::new(info(SessionState::Live));
        let mut join_request = request("Ana");
        change(&mut join_request);
        let result = apply(
            &mut state,
            Command::Join(join_request),
            &connection("c1"),
            Millis(1),
        );
        assert_eq!(result.map_err(|r| r.code), Err(code), "{name}");
        assert_eq!(
            state.presence_counts(),
            &PresenceCounts::default(),
            "{name}: state unchanged"
        );
        assert!(
            state.participants.is_empty(),
            "{name}: no participant created"
        );
    }
}

#[test]
fn second_join_on_one_connection_is_rejected() {
    let mut state = State::new(info(SessionState::Live));
    joined(&mut state, "c1", request("Ana"));
    let again = apply(
        &mut state,
        Command::Join(request("Ana")),
        &connection("c1"),
        Millis(2),
    );
    assert_eq!(again.unwrap_err().code, RejectionCode::AlreadyJoined);
    assert_eq!(state.presence_counts().connections, 1);
}

#[test]
fn participant_ids_come_from_a_counter() {
    let mut state = State::new(info(SessionState::Live));
    let first = joined(&mut state, "c1", request("Ana"));
    let second = joined(&mut state, "c2", request("Ben"));
    assert_eq!((first.0.as_str(), second.0.as_str()), ("p1", "p2"));
}

#[test]
fn presence_counts_hubs_by_headcount_and_devices_once() {
    let mut state = State::new(info(SessionState::Live));
    let mut hub = request("Nairobi hub");
    hub.hub = Some(Hub {
        name: "Nairobi remote hub".into(),
        headcount: 25,
        // Claimed by the join; ignored until a moderator confirms it.
        confirmed: true,
    });
    hub.stakeholder = Stakeholder::Academia;
    let hub_id = joined(&mut state, "c1", hub);
    assert_eq!(
        state.presence_counts().attendees,
        1,
        "an unconfirmed hub counts as one"
    );
    apply(
        &mut state,
        Command::HubConfirm {
            participant: hub_id,
            headcount: 25,
        },
        &Actor::Admin,
        Millis(2),
    )
    .unwrap();
    let mut onsite = request("Ola");
    onsite.mode = Mode::Onsite;
    onsite.region = Region::WesternEuropeanOthers;
    onsite.client_id = Some("device-ola".into());
    joined(&mut state, "c2", onsite.clone());
    // Ola's second tab: same client_id, no secret: a new participant id,
    // but the device counts once.
    joined(&mut state, "c3", onsite);

    let counts = state.presence_counts().clone();
    assert_eq!(counts.participants, 2);
    assert_eq!(counts.attendees, 26);
    assert_eq!(counts.connections, 3);
    assert_eq!(counts.hubs, 1);
    assert_eq!(counts.mode(Mode::Remote), 25);
    assert_eq!(counts.mode(Mode::Onsite), 1);
    assert_eq!(counts.stakeholder(Stakeholder::Academia), 25);
    assert_eq!(counts.stakeholder(Stakeholder::CivilSociety), 1);
    assert_eq!(counts.region(Region::African), 25);
    assert_eq!(counts.region(Region::WesternEuropeanOthers), 1);

    apply(&mut state, Command::Leave, &connection("c2"), Millis(20)).unwrap();
    assert_eq!(
        state.presence_counts().participants,
        2,
        "one tab of Ola's is still open"
    );
    apply(&mut state, Command::Leave, &connection("c3"), Millis(21)).unwrap();
    apply(&mut state, Command::Leave, &connection("c1"), Millis(22)).unwrap();
    let counts = state.presence_counts();
    assert_eq!(
        (
            counts.participants,
            counts.attendees,
            counts.connections,
            counts.hubs
        ),
        (0, 0, 0, 0)
    );
    assert_eq!(counts.mode(Mode::Remote) + counts.mode(Mode::Onsite), 0);
}

#[test]
fn returning_participant_needs_client_id_and_secret() {
    let mut state = State::new(info(SessionState::Live));
    let mut first = request("Ana");
    first.client_id = Some("device-1".into());
    let ana = joined(&mut state, "c1", first);
    // The organiser makes Ana a moderator: a role that holds on rejoins,
    // for Ana alone.
    let promote = Command::ParticipantSetRole {
        participant: ana.clone(),
        role: Role::Moderator,
    };
    apply(&mut state, promote, &Actor::Admin, Millis(10)).unwrap();
    apply(&mut state, Command::Leave, &connection("c1"), Millis(11)).unwrap();

    let cases: Vec<(&str, Option<&str>, Option<&str>, bool)> = vec![
        (
            "client id and secret",
            Some("device-1"),
            Some("digest-of-Ana"),
            true,
        ),
        ("client id alone", Some("device-1"), None, false),
        (
            "wrong secret",
            Some("device-1"),
            Some("digest-of-Eve"),
            false,
        ),
        ("secret alone", None, Some("digest-of-Ana"), false),
    ];
    for (index, (name, client_id, secret, same)) in cases.into_iter().enumerate() {
        // A name of its own per case: a newcomer may not take the name of
        // the moderator an earlier case restored.
        let mut again = request(&format!("Ana again {index}"));
        again.client_id = client_id.map(str::to_owned);
        again.offered_secret = secret.map(|s| SecretDigest(s.into()));
        let connection_name = format!("r{index}");
        let id = joined(&mut state, &connection_name, again);
        assert_eq!(id == ana, same, "{name}");
        let role = state.participant(&id).unwrap().role;
        assert_eq!(
            role == Role::Moderator,
            same,
            "{name}: role restored only with proof"
        );
        apply(
            &mut state,
            Command::Leave,
            &connection(&connection_name),
            Millis(12),
        )
        .unwrap();
    }
}

#[test]
fn a_hub_counts_as_one_until_a_moderator_confirms_its_headcount() {
    let mut state = State::new(info(SessionState::Live));
    let mut claim = request("Kibera hub");
    claim.client_id = Some("hub-device".into());
    claim.hub = Some(Hub {
        name: "Kibera hub".into(),
        headcount: 10_000,
        confirmed: true,
    });
    let hub = joined(&mut state, "c1", claim.clone());
    let someone = joined(&mut state, "c2", request("Ola"));
    assert_eq!(
        state.presence_counts().attendees,
        2,
        "the claimed 10,000 count as one"
    );
    assert!(
        !state
            .participant(&hub)
            .unwrap()
            .hub
            .as_ref()
            .unwrap()
            .confirmed
    );

    let refusals: Vec<(&str, Command, Actor, RejectionCode)> = vec![
        (
            "a participant",
            Command::HubConfirm {
                participant: hub.clone(),
                headcount: 25,
            },
            connection("c2"),
            RejectionCode::Forbidden,
        ),
        (
            "not a hub",
            Command::HubConfirm {
                participant: someone,
                headcount: 25,
            },
            Actor::Admin,
            RejectionCode::InvalidField,
        ),
        (
            "nobody",
            Command::HubConfirm {
                participant: ParticipantId("p99".into()),
                headcount: 25,
            },
            Actor::Admin,
            RejectionCode::NotFound,
        ),
        (
            "zero",
            Command::HubConfirm {
                participant: hub.clone(),
                headcount: 0,
            },
            Actor::Admin,
            RejectionCode::InvalidField,
        ),
        (
            "too many",
            Command::HubConfirm {
                participant: hub.clone(),
                headcount: 10_001,
            },
            Actor::Admin,
            RejectionCode::InvalidField,
        ),
    ];
    for (name, command, actor, code) in refusals {
        let seq = state.seq();
        assert_eq!(
            apply(&mut state, command, &actor, Millis(20))
                .unwrap_err()
                .code,
            code,
            "{name}"
        );
        assert_eq!(state.seq(), seq, "{name}: nothing changed");
    }

    let confirmed = apply(
        &mut state,
        Command::HubConfirm {
            participant: hub.clone(),
            headcount: 25,
        },
        &Actor::Admin,
        Millis(30),
    )
    .unwrap();
    assert_eq!(confirmed.events.len(), 1);
    assert!(confirmed.records.contains(&Record::AttendanceHeadcount {
        connection: ConnectionId("c1".into()),
        headcount: 25,
    }));
    assert_eq!(state.presence_counts().attendees, 26);

    // Back with proof and the same or a smaller claim, it stays confirmed;
    // a larger claim counts as one again until confirmed anew.
    apply(&mut state, Command::Leave, &connection("c1"), Millis(40)).unwrap();
    let mut again = claim.clone();
    again.offered_secret = Some(SecretDigest("digest-of-Kibera hub".into()));
    again.hub.as_mut().unwrap().headcount = 20;
    assert_eq!(joined(&mut state, "c3", again.clone()), hub);
    assert_eq!(state.presence_counts().attendees, 21);
    apply(&mut state, Command::Leave, &connection("c3"), Millis(50)).unwrap();
    again.hub.as_mut().unwrap().headcount = 40;
    joined(&mut state, "c4", again);
    assert_eq!(state.presence_counts().attendees, 2);
}

/// A rejoin's role is what its invite gives now, unless a moderator chose
/// one: an expired or revoked invite, or none, no longer restores a
/// moderator; a demotion sticks against the invite; a moderator invite
/// admits one person.
#[test]
fn roles_follow_the_invite_brought_now_or_a_moderators_choice() {
    let mut state = State::new(info(SessionState::Live));
    let with_invite = |name: &str, token: bool| {
        let mut join = request(name);
        join.client_id = Some(format!("device-{name}"));
        join.offered_secret = Some(SecretDigest(format!("digest-of-{name}")));
        if token {
            join.invited_role = Role::Moderator;
            join.invite = Some(InviteId("chair-invite".into()));
        }
        join
    };
    let chair = joined(&mut state, "c1", with_invite("Chair", true));
    assert_eq!(state.participant(&chair).unwrap().role, Role::Moderator);

    // Someone else with the same moderator invite is refused, not seated.
    let second = apply(
        &mut state,
        Command::Join(with_invite("Other", true)),
        &connection("c2"),
        Millis(12),
    )
    .unwrap_err();
    assert_eq!(second.code, RejectionCode::InvalidToken);
    assert!(state.participant_of(&ConnectionId("c2".into())).is_none());

    // Back without the invite (expired, so the shell dropped it): a
    // participant. Back with it: a moderator again.
    apply(&mut state, Command::Leave, &connection("c1"), Millis(13)).unwrap();
    assert_eq!(joined(&mut state, "c3", with_invite("Chair", false)), chair);
    assert_eq!(state.participant(&chair).unwrap().role, Role::Participant);
    apply(&mut state, Command::Leave, &connection("c3"), Millis(14)).unwrap();
    assert_eq!(joined(&mut state, "c4", with_invite("Chair", true)), chair);
    assert_eq!(state.participant(&chair).unwrap().role, Role::Moderator);

    // Demoted by the organiser, the same invite no longer makes them one.
    let demote = Command::ParticipantSetRole {
        participant: chair.clone(),
        role: Role::Participant,
    };
    apply(&mut state, demote, &Actor::Admin, Millis(15)).unwrap();
    apply(&mut state, Command::Leave, &connection("c4"), Millis(16)).unwrap();
    joined(&mut state, "c5", with_invite("Chair", true));
    assert_eq!(state.participant(&chair).unwrap().role, Role::Participant);
}

#[test]
fn chat_rules_table() {
    let cases: Vec<(
        &str,
        SessionState,
        bool,
        String,
        Result<&str, RejectionCode>,
    )> = vec![
        (
            "plain",
            SessionState::Live,
            true,
            "hello".into(),
            Ok("hello"),
        ),
        (
            "trimmed",
            SessionState::Live,
            true,
            "  hi \n".into(),
            Ok("hi"),
        ),
        (
            "html kept as text",
            SessionState::Live,
            true,
            "<b>x</b>".into(),
            Ok("<b>x</b>"),
        ),
        (
            "scheduled session allows chat",
            SessionState::Scheduled,
            true,
            "early".into(),
            Ok("early"),
        ),
        (
            "empty",
            SessionState::Live,
            true,
            " ".into(),
            Err(RejectionCode::InvalidField),
        ),
        (
            "at limit",
            SessionState::Live,
            true,
            "é".repeat(2000),
            Ok(""),
        ),
        (
            "over limit",
            SessionState::Live,
            true,
            "é".repeat(2001),
            Err(RejectionCode::TooLarge),
        ),
        (
            "nul",
            SessionState::Live,
            true,
            "a\0b".into(),
            Err(RejectionCode::InvalidField),
        ),
        (
            "bell",
            SessionState::Live,
            true,
            "a\u{7}b".into(),
            Err(RejectionCode::InvalidField),
        ),
        (
            "newline and tab kept",
            SessionState::Live,
            true,
            "a\n\tb".into(),
            Ok("a\n\tb"),
        ),
        (
            "ended",
            SessionState::Ended,
            true,
            "late".into(),
            Err(RejectionCode::SessionEnded),
        ),
        (
            "not joined",
            SessionState::Live,
            false,
            "hi".into(),
            Err(RejectionCode::NotJoined),
        ),
    ];
    for (name, session_state, join_first, text, expected) in cases {
        let mut state = State::new(info(session_state));
        if join_first {
            joined(&mut state, "c1", request("Ana"));
        }
        let result = apply(
            &mut state,
            Command::ChatSend { text: text.clone() },
            &connection("c1"),
            Millis(99),
        );
        match expected {
            Ok(expected_text) => {
                let applied = result.unwrap_or_else(|r| panic!("{name}: {r}"));
                assert_eq!(applied.events.len(), 1, "{name}");
                let event = &applied.events[0];
                assert_eq!((event.seq, event.ts), (1, Millis(99)), "{name}");
                let EventBody::ChatMessage { from, text: sent } = &event.body else {
                    panic!("{name}")
                };
                assert_eq!(from.name, "Ana");
                if !expected_text.is_empty() {
                    assert_eq!(sent, expected_text, "{name}");
                }
                assert_eq!(state.seq(), 1);
            }
            Err(code) => {
                assert_eq!(result.unwrap_err().code, code, "{name}");
                assert_eq!(state.seq(), 0, "{name}: no event");
            }
        }
    }
}

#[test]
fn seq_increases_by_one_and_history_is_bounded() {
    let mut state = State::new(info(SessionState::Live));
    joined(&mut state, "c1", request("Ana"));
    for number in 1..=60u64 {
        let applied = apply(
            &mut state,
            Command::ChatSend {
                text: format!("m{number}"),
            },
            &connection("c1"),
            Millis(number as i64),
        )
        .unwrap();
        assert_eq!(applied.events[0].seq, number);
    }
    let history: Vec<u64> = state.recent_chat().map(|event| event.seq).collect();
    assert_eq!(history, (11..=60).collect::<Vec<_>>());
}

#[test]
fn session_updates_only_by_admin_and_only_forward() {
    let mut state = State::new(info(SessionState::Scheduled));
    joined(&mut state, "c1", request("Ana"));
    let go_live = SessionChanges {
        state: Some(SessionState::Live),
        ..Default::default()
    };
    let by_participant = apply(
        &mut state,
        Command::UpdateSession(go_live.clone()),
        &connection("c1"),
        Millis(5),
    );
    assert_eq!(by_participant.unwrap_err().code, RejectionCode::Forbidden);
    assert_eq!(state.info().state, SessionState::Scheduled);

    let applied = apply(
        &mut state,
        Command::UpdateSession(go_live),
        &Actor::Admin,
        Millis(6),
    )
    .unwrap();
    assert_eq!(applied.events.len(), 1);
    assert_eq!(state.info().state, SessionState::Live);

    let back = SessionChanges {
        state: Some(SessionState::Scheduled),
        ..Default::default()
    };
    let rejected = apply(
        &mut state,
        Command::UpdateSession(back),
        &Actor::Admin,
        Millis(7),
    );
    assert_eq!(rejected.unwrap_err().code, RejectionCode::InvalidField);

    let bad_title = SessionChanges {
        title: Some(String::new()),
        ..Default::default()
    };
    let rejected = apply(
        &mut state,
        Command::UpdateSession(bad_title),
        &Actor::Admin,
        Millis(8),
    );
    assert_eq!(rejected.unwrap_err().code, RejectionCode::InvalidField);

    let no_change = SessionChanges {
        state: Some(SessionState::Live),
        ..Default::default()
    };
    assert!(apply(
        &mut state,
        Command::UpdateSession(no_change),
        &Actor::Admin,
        Millis(9)
    )
    .unwrap()
    .events
    .is_empty());
    assert_eq!(state.seq(), 1);
}

#[test]
fn restore_replays_events_and_keeps_counters() {
    let mut state = State::new(info(SessionState::Live));
    let mut ana = request("Ana");
    ana.client_id = Some("dev".into());
    joined(&mut state, "c1", ana);
    joined(&mut state, "c2", request("Ben"));
    let mut stored_events = Vec::new();
    for text in ["one", "two", "three"] {
        let applied = apply(
            &mut state,
            Command::ChatSend { text: text.into() },
            &connection("c1"),
            Millis(50),
        )
        .unwrap();
        stored_events.extend(applied.events);
    }
    let participants: Vec<Participant> = state.participants.values().cloned().collect();
    let mut restored = State::restore(
        info(SessionState::Live),
        participants,
        stored_events,
        [],
        [],
    );
    assert_eq!(restored.seq(), 3);
    assert_eq!(restored.recent_chat().count(), 3);
    assert_eq!(
        restored.presence_counts().participants,
        0,
        "nobody is connected after a restart"
    );
    let next = joined(&mut restored, "c9", request("Cleo"));
    assert_eq!(next.0, "p3", "ids continue after the stored ones");
}

#[test]
fn presence_changes_are_batched() {
    let mut state = State::new(info(SessionState::Live));
    assert!(state.take_presence_changes().is_none());
    for index in 0..100 {
        joined(
            &mut state,
            &format!("c{index}"),
            request(&format!("Person {index}")),
        );
    }
    let changes = state.take_presence_changes().expect("one batch");
    assert_eq!(changes.counts.participants, 100);
    assert_eq!(changes.roster_joins.len(), 100);
    assert!(state.take_presence_changes().is_none(), "nothing new since");

    // Join and leave inside one period: the roster diff nets out.
    joined(&mut state, "flash", request("Flash"));
    apply(&mut state, Command::Leave, &connection("flash"), Millis(30)).unwrap();
    let changes = state.take_presence_changes().expect("counts were touched");
    assert!(changes.roster_joins.is_empty());
    assert_eq!(changes.roster_leaves.len(), 1);
    assert_eq!(changes.counts.participants, 100);
}

#[test]
fn leave_of_unknown_connection_is_a_no_op() {
    let mut state = State::new(info(SessionState::Live));
    let applied = apply(&mut state, Command::Leave, &connection("ghost"), Millis(1)).unwrap();
    assert_eq!(applied, Applied::default());
}

#[test]
fn same_commands_give_same_results() {
    let run = || {
        let mut state = State::new(info(SessionState::Live));
        let mut output = Vec::new();
        for index in 0..20 {
            let actor = connection(&format!("c{}", index % 5));
            let command = if index < 5 {
                Command::Join(request(&format!("P{index}")))
            } else if index % 7 == 0 {
                Command::Leave
            } else {
                Command::ChatSend {
                    text: format!("text {index}"),
                }
            };
            output.push(format!(
                "{:?}",
                apply(&mut state, command, &actor, Millis(index))
            ));
        }
        output.push(format!("{:?}", state.take_presence_changes()));
        output
    };
    assert_eq!(run(), run());
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    enum Step {
        Join {
            connection: u8,
            device: Option<u8>,
            headcount: Option<u32>,
            onsite: bool,
            stakeholder: u8,
            region: u8,
        },
        Leave {
            connection: u8,
        },
        Chat {
            connection: u8,
            text: String,
        },
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (
                0u8..12,
                proptest::option::of(0u8..4),
                proptest::option::of(1u32..50),
                any::<bool>(),
                0u8..7,
                0u8..6
            )
                .prop_map(
                    |(connection, device, headcount, onsite, stakeholder, region)| Step::Join {
                        connection,
                        device,
                        headcount,
                        onsite,
                        stakeholder,
                        region
                    }
                ),
            (0u8..12).prop_map(|connection| Step::Leave { connection }),
            (0u8..12, ".{0,8}").prop_map(|(connection, text)| Step::Chat { connection, text }),
        ]
    }

    proptest! {
        /// After any sequence of joins, leaves and chats: the running counts
        /// equal a recount from scratch, seq has no gaps, and no rejection
        /// changed the state.
        #[test]
        fn counts_match_a_recount_and_seq_has_no_gaps(steps in proptest::collection::vec(step(), 1..80)) {
            let mut state = State::new(info(SessionState::Live));
            // What each open connection counts as: device key and attributes.
            let mut open: std::collections::BTreeMap<u8, (String, Mode, Stakeholder, Region, u32)> = Default::default();
            // The model: each present device's attributes as of its latest join.
            let mut latest: std::collections::BTreeMap<String, (Mode, Stakeholder, Region, u32)> = Default::default();
            let mut expected_seq = 0;
            for step in steps {
                match step {
                    Step::Join { connection, device, headcount, onsite, stakeholder, region } => {
                        let mut join = request("Someone");
                        join.mode = if onsite && headcount.is_none() { Mode::Onsite } else { Mode::Remote };
                        join.stakeholder = Stakeholder::ALL[stakeholder as usize];
                        join.region = Region::ALL[region as usize];
                        join.client_id = device.map(|d| format!("device-{d}"));
                        join.hub = headcount.map(|headcount| Hub { name: "Hub".into(), headcount, confirmed: false });
                        let result = apply(&mut state, Command::Join(join.clone()), &connection_actor(connection), Millis(1));
                        prop_assert_eq!(result.is_ok(), !open.contains_key(&connection));
                        if let (Ok(_), Some(headcount)) = (&result, headcount) {
                            // A moderator confirms the hub's headcount; it
                            // counts as one until then.
                            let hub = state.participant_of(&ConnectionId(format!("c{connection}"))).unwrap().id.clone();
                            apply(&mut state, Command::HubConfirm { participant: hub, headcount }, &Actor::Admin, Millis(1)).unwrap();
                            expected_seq += 1;
                        }
                        if result.is_ok() {
                            let key = device.map_or(format!("connection-{connection}"), |d| format!("device-{d}"));
                            latest.insert(key.clone(), (join.mode, join.stakeholder, join.region, headcount.unwrap_or(1)));
                            open.insert(connection, (key, join.mode, join.stakeholder, join.region, headcount.unwrap_or(1)));
                        }
                    }
                    Step::Leave { connection } => {
                        apply(&mut state, Command::Leave, &connection_actor(connection), Millis(2)).unwrap();
                        if let Some((key, ..)) = open.remove(&connection) {
                            if !open.values().any(|(other, ..)| *other == key) {
                                latest.remove(&key);
                            }
                        }
                    }
                    Step::Chat { connection, text } => {
                        let before = state.seq();
                        match apply(&mut state, Command::ChatSend { text }, &connection_actor(connection), Millis(3)) {
                            Ok(applied) => {
                                expected_seq += 1;
                                prop_assert_eq!(applied.events[0].seq, expected_seq);
                            }
                            Err(_) => prop_assert_eq!(state.seq(), before),
                        }
                    }
                }
                prop_assert_eq!(state.seq(), expected_seq);
                // Recount: each device counts once, with the attributes of its
                // most recent join.
                let devices: std::collections::BTreeSet<&String> = open.values().map(|(key, ..)| key).collect();
                let counts = state.presence_counts();
                prop_assert_eq!(counts.participants as usize, devices.len());
                prop_assert_eq!(counts.connections as usize, open.len());
                let by_mode: u32 = Mode::ALL.iter().map(|mode| counts.mode(*mode)).sum();
                let by_stakeholder: u32 = Stakeholder::ALL.iter().map(|s| counts.stakeholder(*s)).sum();
                let by_region: u32 = Region::ALL.iter().map(|r| counts.region(*r)).sum();
                prop_assert_eq!(by_mode, counts.attendees);
                prop_assert_eq!(by_stakeholder, counts.attendees);
                prop_assert_eq!(by_region, counts.attendees);
                let attendees: u32 = latest.values().map(|(.., headcount)| headcount).sum();
                prop_assert_eq!(counts.attendees, attendees);
                for mode in Mode::ALL {
                    let expected: u32 = latest.values().filter(|(m, ..)| *m == mode).map(|(.., h)| h).sum();
                    prop_assert_eq!(counts.mode(mode), expected);
                }
                for region in Region::ALL {
                    let expected: u32 = latest.values().filter(|(_, _, r, _)| *r == region).map(|(.., h)| h).sum();
                    prop_assert_eq!(counts.region(region), expected);
                }
            }
        }
    }

    fn connection_actor(number: u8) -> Actor {
        Actor::Connection(ConnectionId(format!("c{number}")))
    }
}

/// A look-alike of a staff member's name is refused whoever made them
/// staff (an invite or a moderator), as long as they are staff, and also
/// after the state has gone through a snapshot.
#[test]
fn a_staff_name_is_protected_while_its_holder_is_staff_and_across_a_snapshot() {
    let mut state = State::new(info(SessionState::Live));
    let refused = |state: &mut State, connection_name: &str, name: &str| {
        apply(
            state,
            Command::Join(request(name)),
            &connection(connection_name),
            Millis(20),
        )
        .is_err()
    };
    joined(
        &mut state,
        "chair",
        crate::core::test_support::join_request("Amina Diallo", Role::Moderator),
    );
    assert!(refused(&mut state, "a", "amina  diallo"), "invited staff");

    let ana = joined(&mut state, "ana", request("Ana Souza"));
    assert!(!refused(&mut state, "b", "Ana  Souza"), "not staff yet");
    let set_role = |participant: &ParticipantId, role| Command::ParticipantSetRole {
        participant: participant.clone(),
        role,
    };
    apply(
        &mut state,
        set_role(&ana, Role::Captioner),
        &Actor::Admin,
        Millis(30),
    )
    .unwrap();
    assert!(
        refused(&mut state, "c", "ana souza"),
        "made staff by a moderator"
    );

    let mut decoded = crate::core::decode_snapshot(&crate::core::encode_snapshot(&state))
        .expect("the snapshot decodes");
    assert!(refused(&mut decoded, "d", "ANA SOUZA"), "after a snapshot");
    assert!(
        refused(&mut decoded, "e", "Amina Diallo"),
        "after a snapshot"
    );

    apply(
        &mut state,
        set_role(&ana, Role::Participant),
        &Actor::Admin,
        Millis(40),
    )
    .unwrap();
    assert!(!refused(&mut state, "f", "Ana  Souza"), "no longer staff");
}
