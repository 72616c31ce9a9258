//! Proptest strategies for arbitrary commands from arbitrary actors, shared
//! by the core's sequence properties (`sequence_tests.rs`) and by cluster
//! mode's tests, which replicate such sequences through the command log
//! (`src/cluster/` and `tests/cluster_log.rs`, which includes this file by
//! path).
//!
//! It names core types only through `super::*`, so that it compiles both
//! inside the crate and in an integration test whose parent module imports
//! `hybridhub::core::*`.

use super::*;
use proptest::prelude::*;

/// The session every sequence runs in: live, two caption languages.
pub fn info() -> SessionInfo {
    SessionInfo {
        id: "main".into(),
        title: "Main".into(),
        room: "Plenary".into(),
        starts_at: Millis(0),
        ends_at: Millis(3_600_000),
        languages: vec!["en".into(), "fr".into()],
        state: SessionState::Live,
        live_at: Some(Millis(0)),
        time_zone: None,
        links: Default::default(),
        chair: None,
    }
}

/// The connections that commands come from; few, so that they collide.
/// Named like cluster mode's, `<node>-<number>`, on two nodes.
pub const CONNECTIONS: [&str; 5] = ["n1-1", "n1-2", "n1-3", "n2-1", "n2-2"];

/// The nodes the connections come from, and one with none.
pub const NODES: [&str; 3] = ["n1", "n2", "n3"];

/// Any kind of actor, mostly connections.
pub fn actor() -> impl Strategy<Value = Actor> {
    prop_oneof![
        6 => (0..CONNECTIONS.len()).prop_map(|index| Actor::Connection(ConnectionId(CONNECTIONS[index].into()))),
        1 => Just(Actor::Admin),
        1 => Just(Actor::Server),
        1 => (0..2u8).prop_map(|index| Actor::CaptionApi(InviteId(format!("invite-{index}")))),
    ]
}

/// Short texts, control characters, the empty text and one far too long.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z ]{0,12}",
        "[a-z\n\t\u{7}]{0,6}",
        Just(String::new()),
        Just("x".repeat(2_001)),
    ]
}

/// A role an invite can grant.
pub fn role() -> impl Strategy<Value = Role> {
    prop_oneof![
        Just(Role::Participant),
        Just(Role::Captioner),
        Just(Role::Moderator)
    ]
}

/// Onsite or remote.
pub fn mode() -> impl Strategy<Value = Mode> {
    prop_oneof![Just(Mode::Onsite), Just(Mode::Remote)]
}

/// A participant id, existing or not.
pub fn participant() -> impl Strategy<Value = ParticipantId> {
    (0..7u64).prop_map(ParticipantId::from_number)
}

/// A join from one of a few devices, with or without proof of an earlier visit.
pub fn join() -> impl Strategy<Value = Command> {
    (
        0..4usize,
        mode(),
        role(),
        proptest::bool::ANY,
        proptest::bool::weighted(0.1),
    )
        .prop_map(|(device, mode, role, proof, as_display)| {
            // Staff go by names of their own: a participant may not take
            // a staff member's name.
            let name = match role {
                Role::Participant => format!("person-{device}"),
                _ => format!("staff-{device}"),
            };
            // The fourth device, when remote, is a hub of seven.
            let hub = (device == 3 && mode == Mode::Remote).then(|| Hub {
                name: "Hub of seven".into(),
                headcount: 7,
                confirmed: false,
            });
            Command::Join(JoinRequest {
                name: name.clone(),
                mode,
                stakeholder: Stakeholder::Academia,
                region: Region::AsiaPacific,
                hub,
                client_id: Some(format!("device-{device}")),
                invited_role: role,
                as_display,
                invite: (role != Role::Participant).then(|| InviteId(format!("invite-{device}"))),
                offered_secret: proof.then(|| SecretDigest(format!("secret-{device}"))),
                fresh_secret: SecretDigest(format!("secret-{device}")),
            })
        })
}

/// Any command, weighted towards joins, chat and the floor.
pub fn command() -> impl Strategy<Value = Command> {
    prop_oneof![
        4 => join(),
        2 => Just(Command::Leave),
        2 => text().prop_map(|text| Command::ChatSend { text }),
        1 => (proptest::bool::ANY, text()).prop_map(|(is_final, text)| Command::CaptionPush { lang: "en".into(), text, is_final }),
        1 => (text(), 0..6u64).prop_map(|(body, post_seq)| Command::CaptionPost { lang: None, body, post_seq }),
        1 => Just(Command::Tick),
        3 => Just(Command::HandRaise),
        1 => Just(Command::HandLower),
        1 => text().prop_map(|name| Command::QueueAddOnsite { name, stakeholder: None, region: None }),
        1 => (0..10u64).prop_map(|entry| Command::QueueLower { entry }),
        1 => Just(Command::QueueLowerAll),
        1 => (0..10u64, 0..6usize).prop_map(|(entry, position)| Command::QueueMove { entry, position }),
        1 => (proptest::option::of(proptest::bool::ANY), 0..200u32).prop_map(|(open, grace)| Command::QueueConfigure { open, policy: None, hold_grace_seconds: Some(grace), replies: None, max_turns: None, default_limit_seconds: None }),
        2 => (0..10u64, proptest::option::of(0..200u32)).prop_map(|(entry, limit_seconds)| Command::FloorGrant { entry, limit_seconds }),
        1 => Just(Command::FloorEnd),
        1 => text().prop_map(|text| Command::QuestionAsk { text }),
        1 => (0..5u64).prop_map(|question| Command::QuestionUpvote { question }),
        1 => (0..5u64, 0..4u8).prop_map(|(question, action)| Command::QuestionModerate {
            question,
            action: match action {
                0 => QuestionAction::Approve,
                1 => QuestionAction::Answering,
                2 => QuestionAction::Answered,
                _ => QuestionAction::Dismiss { reason: Some("no".into()) },
            },
        }),
        1 => proptest::bool::ANY.prop_map(|premoderation| Command::QuestionsConfigure { premoderation }),
        1 => (0..3u8, proptest::option::of(0..20u32)).prop_map(|(mode, slow_seconds)| Command::ChatConfigure {
            mode: [ChatMode::Open, ChatMode::Locked, ChatMode::Slow][usize::from(mode)],
            slow_seconds,
        }),
        1 => (0..30u64).prop_map(|message| Command::ChatDelete { message }),
        1 => proptest::option::of(text()).prop_map(|text| Command::AnnouncementPin { text }),
        1 => (participant(), proptest::bool::ANY).prop_map(|(participant, ban)| Command::ParticipantRemove { participant, ban }),
        1 => (participant(), role()).prop_map(|(participant, role)| Command::ParticipantSetRole { participant, role }),
        1 => (proptest::bool::ANY, proptest::bool::ANY, 1..3u32, proptest::bool::ANY).prop_map(|(hands, anonymous, max_choices, on_publish)| Command::PollOpen(PollSpec {
            kind: if hands { PollKind::ShowOfHands } else { PollKind::Poll },
            title: "Sense of the room".into(),
            options: if hands { Vec::new() } else { vec!["A".into(), "B".into(), "C".into()] },
            max_choices: (!hands).then_some(max_choices),
            anonymous: Some(anonymous),
            results_shown: Some(if on_publish { PollResultsShown::OnPublish } else { PollResultsShown::Live }),
        })),
        1 => (1..3u64, prop_oneof![3 => (0..3u32).prop_map(|choice| vec![choice]), 1 => proptest::collection::vec(0..3u32, 0..3)]).prop_map(|(poll, choices)| Command::PollAnswer { poll, choices }),
        1 => (1..3u64, proptest::collection::vec(0..5u32, 2..4)).prop_map(|(poll, counts)| Command::PollHubCount { poll, counts }),
        1 => (1..4u64, proptest::collection::vec(0..5u32, 2..4)).prop_map(|(poll, counts)| Command::PollChairCount { poll, counts }),
        1 => (1..3u64).prop_map(|poll| Command::PollClose { poll }),
        1 => (1..4u64).prop_map(|poll| Command::PollPublish { poll }),
        1 => Just(Command::StartSession),
        1 => Just(Command::EndSession),
        1 => (0..NODES.len()).prop_map(|index| Command::NodeDown { node: NODES[index].into() }),
    ]
}
