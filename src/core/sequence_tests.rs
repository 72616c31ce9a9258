//! Properties over arbitrary command sequences from arbitrary actors: the
//! core never panics, `seq` grows by exactly one per event, a refused
//! command changes nothing, and replaying the stored events (as a restart
//! does) rebuilds the same session.

use super::*;
use proptest::prelude::*;
use std::collections::BTreeMap;

fn info() -> SessionInfo {
    SessionInfo {
        id: "main".into(),
        title: "Main".into(),
        room: "Plenary".into(),
        starts_at: Millis(0),
        ends_at: Millis(3_600_000),
        languages: vec!["en".into(), "fr".into()],
        state: SessionState::Live,
        live_at: Some(Millis(0)),
    }
}

const CONNECTIONS: [&str; 5] = ["c1", "c2", "c3", "c4", "c5"];

fn actor() -> impl Strategy<Value = Actor> {
    prop_oneof![
        6 => (0..CONNECTIONS.len()).prop_map(|index| Actor::Connection(ConnectionId(CONNECTIONS[index].into()))),
        1 => Just(Actor::Admin),
        1 => Just(Actor::Server),
        1 => (0..2u8).prop_map(|index| Actor::CaptionApi(InviteId(format!("invite-{index}")))),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z ]{0,12}",
        "[a-z\n\t\u{7}]{0,6}",
        Just(String::new()),
        Just("x".repeat(2_001)),
    ]
}

fn role() -> impl Strategy<Value = Role> {
    prop_oneof![
        Just(Role::Participant),
        Just(Role::Captioner),
        Just(Role::Moderator)
    ]
}

fn mode() -> impl Strategy<Value = Mode> {
    prop_oneof![Just(Mode::Onsite), Just(Mode::Remote)]
}

fn participant() -> impl Strategy<Value = ParticipantId> {
    (0..7u64).prop_map(ParticipantId::from_number)
}

fn join() -> impl Strategy<Value = Command> {
    (0..4usize, mode(), role(), proptest::bool::ANY).prop_map(|(device, mode, role, proof)| {
        let name = format!("person-{device}");
        Command::Join(JoinRequest {
            name: name.clone(),
            mode,
            stakeholder: Stakeholder::Academia,
            region: Region::AsiaPacific,
            hub: None,
            client_id: Some(format!("device-{device}")),
            granted_role: role,
            invite: (role != Role::Participant).then(|| InviteId(format!("invite-{device}"))),
            offered_secret: proof.then(|| SecretDigest(format!("secret-{device}"))),
            fresh_secret: SecretDigest(format!("secret-{device}")),
        })
    })
}

fn command() -> impl Strategy<Value = Command> {
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
        1 => (proptest::option::of(proptest::bool::ANY), 0..200u32).prop_map(|(open, grace)| Command::QueueConfigure { open, policy: None, hold_grace_seconds: Some(grace) }),
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
        1 => Just(Command::EndSession),
    ]
}

/// What must survive a restart, as comparable values.
fn fingerprint(state: &State) -> String {
    let queue: Vec<(u64, Option<ParticipantId>, bool)> = state
        .floor()
        .queue()
        .iter()
        .map(|entry| {
            (
                entry.entry,
                entry.participant.clone(),
                entry.held_since.is_some(),
            )
        })
        .collect();
    let questions: Vec<&QuestionView> = state
        .questions
        .items
        .values()
        .map(|question| &question.view)
        .collect();
    let chat: Vec<u64> = state.recent_chat().map(|event| event.seq).collect();
    let captions: Vec<u64> = state
        .captions()
        .recent_finals("en")
        .map(|event| event.seq)
        .collect();
    format!(
        "seq {} info {:?} queue {:?} settings {:?} speaker {:?} questions {:?} premod {} chat {:?} {:?} pinned {:?} banned {:?} captions {:?}",
        state.seq(),
        state.info(),
        queue,
        state.floor().settings(),
        state.floor().speaker(),
        questions,
        state.questions().premoderation(),
        chat,
        state.moderation().chat_settings(),
        state.moderation().announcement(),
        state.moderation.banned_participants,
        captions,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_sequences_keep_the_core_consistent(
        steps in proptest::collection::vec((actor(), command(), 0..5_000i64), 1..60)
    ) {
        let mut state = State::new(info());
        let mut now = 0;
        let mut stored_events = Vec::new();
        let mut stored_participants: BTreeMap<ParticipantId, Participant> = BTreeMap::new();
        for (actor, command, advance) in steps {
            now += advance;
            let before = fingerprint(&state);
            let seq = state.seq();
            match apply(&mut state, command.clone(), &actor, Millis(now)) {
                Ok(applied) => {
                    for (offset, event) in applied.events.iter().enumerate() {
                        prop_assert_eq!(event.seq, seq + 1 + offset as u64, "{:?}", command);
                    }
                    prop_assert_eq!(state.seq(), seq + applied.events.len() as u64);
                    for record in applied.records {
                        if let Record::ParticipantSaved(participant) = record {
                            stored_participants.insert(participant.id.clone(), participant);
                        }
                    }
                    stored_events.extend(applied.events);
                }
                Err(_) => prop_assert_eq!(fingerprint(&state), before, "a refused {:?} changed the state", command),
            }
        }
        let restored = State::restore(info(), stored_participants.into_values(), stored_events, []);
        prop_assert_eq!(fingerprint(&restored), fingerprint(&state));
    }
}
