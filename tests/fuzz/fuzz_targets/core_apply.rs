//! The core's `apply` over command sequences decoded from the input: it
//! must never panic, `seq` must grow by exactly one per event, and replaying
//! the events (a restart) must rebuild the same queue and `seq`.

#![no_main]

use hybridhub::core::{
    apply, Actor, ChatMode, Command, ConnectionId, InviteId, JoinRequest, Millis, Mode,
    Participant, ParticipantId, QuestionAction, Record, Region, Role, SecretDigest, SessionInfo,
    SessionState, Stakeholder, State,
};
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;

fn info() -> SessionInfo {
    SessionInfo {
        id: "main".into(),
        title: "Fuzz".into(),
        room: "Room".into(),
        starts_at: Millis(0),
        ends_at: Millis(3_600_000),
        languages: vec!["en".into(), "fr".into()],
        state: SessionState::Live,
        live_at: Some(Millis(0)),
    }
}

fn text(byte: u8) -> String {
    match byte % 5 {
        0 => String::new(),
        1 => "hello".into(),
        2 => "line one\nline two".into(),
        3 => "x".repeat(usize::from(byte) * 10),
        _ => "\u{7}bell".into(),
    }
}

fn role(byte: u8) -> Role {
    [Role::Participant, Role::Captioner, Role::Moderator][usize::from(byte % 3)]
}

/// One command from four bytes: actor, kind and two arguments.
fn decode(bytes: &[u8]) -> (Actor, Command) {
    let [who, kind, first, second] = [bytes[0], bytes[1], bytes[2], bytes[3]];
    let actor = match who % 8 {
        0 => Actor::Admin,
        1 => Actor::Server,
        2 => Actor::CaptionApi(InviteId(format!("invite-{}", first % 2))),
        connection => Actor::Connection(ConnectionId(format!("c{connection}"))),
    };
    let participant = ParticipantId::from_number(u64::from(first % 8));
    let command = match kind % 26 {
        0 | 1 => Command::Join(JoinRequest {
            name: format!("person {}", first % 4),
            mode: if second % 2 == 0 { Mode::Onsite } else { Mode::Remote },
            stakeholder: Stakeholder::Academia,
            region: Region::African,
            hub: None,
            client_id: Some(format!("device-{}", first % 4)),
            invited_role: role(second),
            as_display: false,
            invite: Some(InviteId(format!("invite-{}", first % 4))),
            offered_secret: (second % 3 == 0).then(|| SecretDigest(format!("s{}", first % 4))),
            fresh_secret: SecretDigest(format!("s{}", first % 4)),
        }),
        2 => Command::Leave,
        3 => Command::ChatSend { text: text(first) },
        4 => Command::CaptionPush { lang: "en".into(), text: text(first), is_final: second % 2 == 0 },
        5 => Command::CaptionPost { lang: Some("fr".into()), body: text(first), post_seq: u64::from(second % 8) },
        6 => Command::Tick,
        7 | 8 => Command::HandRaise,
        9 => Command::HandLower,
        10 => Command::QueueAddOnsite { name: text(first), stakeholder: None, region: None },
        11 => Command::QueueLower { entry: u64::from(first % 12) },
        12 => Command::QueueLowerAll,
        13 => Command::QueueMove { entry: u64::from(first % 12), position: usize::from(second % 8) },
        14 => Command::QueueConfigure { open: Some(second % 2 == 0), policy: None, hold_grace_seconds: Some(u32::from(first)), replies: None, max_turns: None, default_limit_seconds: None },
        15 => Command::FloorGrant { entry: u64::from(first % 12), limit_seconds: Some(u32::from(second) * 40) },
        16 => Command::FloorEnd,
        17 => Command::QuestionAsk { text: text(first) },
        18 => Command::QuestionUpvote { question: u64::from(first % 6) },
        19 => Command::QuestionModerate {
            question: u64::from(first % 6),
            action: match second % 4 {
                0 => QuestionAction::Approve,
                1 => QuestionAction::Answering,
                2 => QuestionAction::Answered,
                _ => QuestionAction::Dismiss { reason: Some(text(second)) },
            },
        },
        20 => Command::QuestionsConfigure { premoderation: first % 2 == 0 },
        21 => Command::ChatConfigure {
            mode: [ChatMode::Open, ChatMode::Locked, ChatMode::Slow][usize::from(first % 3)],
            slow_seconds: Some(u32::from(second)),
        },
        22 => Command::ChatDelete { message: u64::from(first % 40) },
        23 => Command::ParticipantRemove { participant, ban: second % 2 == 0 },
        24 => Command::ParticipantSetRole { participant, role: role(second) },
        _ => Command::EndSession,
    };
    (actor, command)
}

fuzz_target!(|data: &[u8]| {
    let mut state = State::new(info());
    let mut events = Vec::new();
    let mut participants: BTreeMap<ParticipantId, Participant> = BTreeMap::new();
    for (step, bytes) in data.chunks_exact(4).enumerate() {
        let (actor, command) = decode(bytes);
        let seq = state.seq();
        let now = Millis(step as i64 * 1_500);
        if let Ok(applied) = apply(&mut state, command, &actor, now) {
            for (offset, event) in applied.events.iter().enumerate() {
                assert_eq!(event.seq, seq + 1 + offset as u64);
            }
            for record in applied.records {
                if let Record::ParticipantSaved(participant) = record {
                    participants.insert(participant.id.clone(), participant);
                }
            }
            events.extend(applied.events);
        } else {
            assert_eq!(state.seq(), seq);
        }
    }
    let restored = State::restore(info(), participants.into_values(), events, [], []);
    assert_eq!(restored.seq(), state.seq());
    assert_eq!(restored.floor().queue(), state.floor().queue());
    assert_eq!(restored.floor().speaker(), state.floor().speaker());
});
