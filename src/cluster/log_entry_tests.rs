//! The command log's JSON must give back exactly the entry that was written,
//! or two nodes would apply different commands. These tests check that for
//! every command and actor the core's sequence strategies can produce, for
//! the rarer fields those strategies leave out, and pin the wire format.

use super::LogEntry;
use crate::core::sequence_strategies::{actor, command};
use crate::core::*;
use proptest::prelude::*;

/// Wraps a command and its actor in an entry with an arbitrary time.
fn entry(command: Command, actor: Actor, at: i64) -> LogEntry {
    LogEntry {
        session: "main".into(),
        command,
        actor,
        at: Millis(at),
        origin: "node-a".into(),
        command_id: "node-a-1".into(),
    }
}

/// Asserts that an entry reads back unchanged from its JSON.
fn assert_round_trips(entry: &LogEntry) -> Result<(), TestCaseError> {
    let json = entry.to_json();
    let read = LogEntry::from_json(&json).map_err(|error| {
        TestCaseError::fail(format!("{error}: {}", String::from_utf8_lossy(&json)))
    })?;
    prop_assert_eq!(&read, entry);
    prop_assert_eq!(read.to_json(), json, "the JSON is not stable");
    Ok(())
}

/// Any time at all, including ones RFC 3339 cannot write.
fn any_millis() -> impl Strategy<Value = Millis> {
    any::<i64>().prop_map(Millis)
}

/// Commands with the fields the sequence strategies never set: session
/// changes, queue policies, onsite attributes, caption languages and hubs.
fn rare_command() -> impl Strategy<Value = Command> {
    let changes = (
        proptest::option::of(".{0,8}"),
        proptest::option::of(".{0,8}"),
        proptest::option::of(any_millis()),
        proptest::option::of(any_millis()),
        proptest::option::of(proptest::collection::vec("[a-z]{2}", 0..3)),
        proptest::option::of(proptest::sample::select(vec![
            SessionState::Scheduled,
            SessionState::Live,
            SessionState::Ended,
        ])),
        proptest::option::of(".{0,12}"),
        proptest::option::of((
            proptest::option::of(".{0,12}"),
            proptest::option::of(".{0,12}"),
            proptest::option::of(".{0,12}"),
        )),
    )
        .prop_map(
            |(title, room, starts_at, ends_at, languages, state, time_zone, links)| {
                Command::UpdateSession(SessionChanges {
                    title,
                    room,
                    starts_at,
                    ends_at,
                    languages,
                    state,
                    time_zone,
                    links: links.map(|(webcast, meeting, instructions)| SessionLinks {
                        webcast,
                        meeting,
                        instructions,
                    }),
                    chair: None,
                })
            },
        );
    let stakeholder = proptest::sample::select(Stakeholder::ALL.to_vec());
    let region = proptest::sample::select(Region::ALL.to_vec());
    prop_oneof![
        changes,
        (
            proptest::option::of(stakeholder.clone()),
            proptest::option::of(region.clone())
        )
            .prop_map(|(stakeholder, region)| Command::QueueAddOnsite {
                name: "Ana".into(),
                stakeholder,
                region,
            }),
        proptest::option::of(proptest::sample::select(vec![
            QueuePolicy::Fifo,
            QueuePolicy::Alternate
        ]))
        .prop_map(|policy| Command::QueueConfigure {
            open: Some(true),
            policy,
            hold_grace_seconds: None,
            replies: None,
            max_turns: None,
            default_limit_seconds: None
        }),
        (proptest::option::of("[a-z]{2}"), any::<u64>()).prop_map(|(lang, post_seq)| {
            Command::CaptionPost {
                lang,
                body: "line\n".into(),
                post_seq,
            }
        }),
        (stakeholder, region, any::<u32>(), any::<usize>()).prop_map(
            |(stakeholder, region, headcount, position)| {
                if position % 2 == 0 {
                    return Command::QueueMove {
                        entry: u64::MAX,
                        position,
                    };
                }
                Command::Join(JoinRequest {
                    name: "Room 4".into(),
                    mode: Mode::Onsite,
                    stakeholder,
                    region,
                    hub: Some(Hub {
                        name: "Nairobi hub".into(),
                        headcount,
                    }),
                    client_id: None,
                    invited_role: Role::Display,
                    as_display: false,
                    invite: None,
                    offered_secret: None,
                    fresh_secret: SecretDigest("ab".repeat(32)),
                })
            }
        ),
        Just(Command::QuestionModerate {
            question: 1,
            action: QuestionAction::Dismiss { reason: None },
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn every_generated_command_round_trips(
        command in command(),
        actor in actor(),
        at in any::<i64>(),
    ) {
        assert_round_trips(&entry(command, actor, at))?;
    }

    #[test]
    fn rare_fields_round_trip(command in rare_command(), actor in actor(), at in any::<i64>()) {
        assert_round_trips(&entry(command, actor, at))?;
    }
}

#[test]
fn the_wire_format_is_compact_externally_tagged_json() {
    let chat = entry(
        Command::ChatSend { text: "hi".into() },
        Actor::Connection(ConnectionId("c1".into())),
        1_764_061_200_123,
    );
    assert_eq!(
        String::from_utf8(chat.to_json()).unwrap(),
        r#"{"session":"main","command":{"chat_send":{"text":"hi"}},"actor":{"connection":"c1"},"at":1764061200123,"origin":"node-a","command_id":"node-a-1"}"#
    );
    let leave = entry(Command::Leave, Actor::Server, 0);
    assert_eq!(
        String::from_utf8(leave.to_json()).unwrap(),
        r#"{"session":"main","command":"leave","actor":"server","at":0,"origin":"node-a","command_id":"node-a-1"}"#
    );
}

#[test]
fn malformed_entries_are_refused() {
    for json in [
        "",
        "{}",
        r#"{"session":"main","command":"fly","actor":"server","at":0,"origin":"a","command_id":"1"}"#,
        r#"{"session":"main","command":"leave","actor":"server","at":"2025-11-25T09:00:00Z","origin":"a","command_id":"1"}"#,
    ] {
        assert!(LogEntry::from_json(json.as_bytes()).is_err(), "{json}");
    }
}
