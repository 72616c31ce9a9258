//! The session machine, driven by hand: no sockets, no store, no NATS and
//! no clock. The test plays the driver: it hands the machine requests with
//! a `now` it chooses, lets each round's write land when it says (in any
//! order, or not at all), plays the command log back, and records every
//! frame, close and answer on one timeline.

use super::machine::{MachineConfig, Output, Request, SessionMachine};
use super::ordering::{LogOrdering, LogStart, Ordering, SNAPSHOT_EVERY_ENTRIES};
use super::rounds::{RoundId, ROUNDS_IN_FLIGHT};
use super::{Answer, Delivery, JoinArguments, Recipient};
use crate::cluster::{CommandIds, LogEntry, ReplayedEntry};
use crate::core::{Actor, Command, ConnectionId, Millis, Role, State};
use crate::protocol::server_frame::Limits;
use crate::protocol::CloseReason;
use crate::store::{StoreError, WriteBatch};
use axum::extract::ws::Utf8Bytes;
use serde_json::Value;
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

/// What happened to a connection, in the order it happened.
#[derive(Clone, Debug, PartialEq)]
enum Seen {
    Frame {
        to: String,
        frame: Value,
    },
    Closed {
        to: String,
        reason: CloseReason,
    },
    /// The connection's join was answered: accepted (its `welcome`) or not.
    Answered {
        to: String,
        accepted: bool,
    },
}

type Timeline = Rc<RefCell<Vec<Seen>>>;

/// A connection's recipient that writes to the timeline.
#[derive(Clone)]
struct Recorder {
    connection: String,
    timeline: Timeline,
}

impl Recipient for Recorder {
    fn try_push(&self, frame: Utf8Bytes) -> Delivery {
        let frame = serde_json::from_str(frame.as_str()).expect("frames are JSON");
        self.timeline.borrow_mut().push(Seen::Frame {
            to: self.connection.clone(),
            frame,
        });
        Delivery::Queued
    }

    fn request_close(&self, reason: CloseReason) {
        self.timeline.borrow_mut().push(Seen::Closed {
            to: self.connection.clone(),
            reason,
        });
    }
}

/// The test's stand-in for the driver, the store and the command log.
struct Harness {
    machine: SessionMachine<Recorder, String>,
    timeline: Timeline,
    /// Writes handed to the "store", not landed yet.
    writing: Vec<(RoundId, WriteBatch)>,
    /// Writes that landed, in the order they did.
    landed: Vec<WriteBatch>,
    /// Entries the machine appended to the "log", not played back yet.
    appended: Vec<LogEntry>,
    /// The log's next stream sequence.
    next_stream_sequence: u64,
    now: i64,
}

fn local() -> Harness {
    Harness::new(Ordering::Immediate)
}

/// A cluster node `n1`, run `a`: its connections are `n1-a-<n>`.
fn clustered() -> Harness {
    Harness::new(Ordering::Log(LogOrdering::new(LogStart {
        node_id: "n1".into(),
        connection_prefix: "n1-a".into(),
        command_ids: CommandIds::new("n1-a".into()),
        tick_period: Duration::from_secs(1),
        last_applied: Millis(0),
        stored_up_to: 0,
    })))
}

impl Harness {
    fn new(ordering: Ordering<Recorder, String>) -> Harness {
        let config = MachineConfig {
            replay_buffer_events: 1024,
            limits: Limits {
                frame_max_bytes: 65_536,
                chat_max_chars: 2000,
                name_max_chars: 80,
                caption_line_max_chars: 500,
            },
        };
        let state = State::new(crate::core::sequence_strategies::info());
        Harness {
            machine: SessionMachine::new("main".into(), state, ordering, config),
            timeline: Rc::default(),
            writing: Vec::new(),
            landed: Vec::new(),
            appended: Vec::new(),
            next_stream_sequence: 1,
            now: 1_000,
        }
    }

    fn recorder(&self, connection: &str) -> Recorder {
        Recorder {
            connection: connection.into(),
            timeline: self.timeline.clone(),
        }
    }

    /// Takes every output, as a driver would.
    fn pump(&mut self) {
        while let Some(output) = self.machine.poll_output() {
            match output {
                Output::Write { round, batch } => self.writing.push((round, batch)),
                Output::Append(entry) => self.appended.push(entry),
                Output::Answer(_, Answer::Joined { connection, result }) => {
                    self.timeline.borrow_mut().push(Seen::Answered {
                        to: connection.0,
                        accepted: result.is_ok(),
                    })
                }
                Output::Answer(..)
                | Output::LoadReport { .. }
                | Output::SessionInfoChanged(_)
                | Output::SlowConsumer(_) => {}
            }
        }
    }

    fn requests(&mut self, requests: Vec<Request<Recorder, String>>) {
        self.now += 10;
        self.machine.handle_requests(Millis(self.now), requests);
        self.pump();
    }

    fn join(&mut self, connection: &str, role: Role) {
        let request = Request::Join {
            connection: ConnectionId(connection.into()),
            arguments: Box::new(JoinArguments {
                request: crate::core::test_support::join_request(connection, role),
                resume_from: None,
                caption_tracks: None,
                offered_secret: None,
                fresh_secret: format!("secret-{connection}"),
            }),
            recipient: self.recorder(connection),
            answer: format!("join {connection}"),
        };
        self.requests(vec![request]);
    }

    fn command(&mut self, connection: &str, id: &str, command: Command) {
        self.requests(vec![Request::Command {
            connection: ConnectionId(connection.into()),
            // A command id is kept as its JSON text.
            id: Some(crate::protocol::CommandId(format!("\"{id}\""))),
            command,
        }]);
    }

    fn chat(&mut self, connection: &str, id: &str) {
        let text = format!("message {id}");
        self.command(connection, id, Command::ChatSend { text });
    }

    /// Lets the round with this position among the writes in flight land.
    fn land(&mut self, index: usize) {
        let (round, batch) = self.writing.remove(index);
        self.landed.push(batch);
        self.machine.handle_write_landed(round, Ok(()));
        self.pump();
    }

    fn land_all(&mut self) {
        while !self.writing.is_empty() {
            self.land(0);
        }
    }

    /// Cluster mode: plays the appended entries back from the log, as one
    /// round, as every node's replay would.
    fn replay_appended(&mut self) {
        let entries = std::mem::take(&mut self.appended);
        self.replay(entries);
    }

    fn replay(&mut self, entries: Vec<LogEntry>) {
        let replayed = entries
            .into_iter()
            .map(|entry| {
                let stream_sequence = self.next_stream_sequence;
                self.next_stream_sequence += 1;
                ReplayedEntry {
                    stream_sequence,
                    entry,
                }
            })
            .collect();
        self.machine.handle_log_entries(replayed);
        self.pump();
    }

    /// What one connection saw, in order.
    fn seen_by(&self, connection: &str) -> Vec<Seen> {
        self.timeline
            .borrow()
            .iter()
            .filter(|seen| match seen {
                Seen::Frame { to, .. } | Seen::Closed { to, .. } | Seen::Answered { to, .. } => {
                    to == connection
                }
            })
            .cloned()
            .collect()
    }

    /// The `type` of every frame one connection got, and `welcome` for its
    /// join's answer, in order.
    fn kinds_seen_by(&self, connection: &str) -> Vec<String> {
        self.seen_by(connection)
            .into_iter()
            .map(|seen| match seen {
                Seen::Frame { frame, .. } => frame["type"].as_str().unwrap().to_owned(),
                Seen::Closed { reason, .. } => format!("closed {}", reason.code()),
                Seen::Answered { accepted, .. } => {
                    (if accepted { "welcome" } else { "refused" }).to_owned()
                }
            })
            .collect()
    }

    /// The ids of the acks one connection got, in order.
    fn acks_seen_by(&self, connection: &str) -> Vec<String> {
        self.seen_by(connection)
            .into_iter()
            .filter_map(|seen| match seen {
                Seen::Frame { frame, .. } if frame["type"] == "ack" => {
                    Some(frame["id"].as_str().unwrap().to_owned())
                }
                _ => None,
            })
            .collect()
    }

    fn forget_what_was_seen(&self) {
        self.timeline.borrow_mut().clear();
    }
}

#[test]
fn nothing_with_a_seq_is_sent_before_its_round_is_stored_but_partials_are_sent_at_once() {
    let mut harness = local();
    harness.join("ana", Role::Participant);
    harness.join("writer", Role::Captioner);
    assert_eq!(
        harness.kinds_seen_by("ana"),
        Vec::<String>::new(),
        "not welcomed before the join is stored"
    );
    harness.land_all();
    assert_eq!(harness.kinds_seen_by("ana"), ["welcome"]);
    harness.forget_what_was_seen();

    harness.chat("ana", "c1");
    assert_eq!(
        harness.writing.len(),
        1,
        "the chat's round is being written"
    );
    let partial = Command::CaptionPush {
        lang: "en".into(),
        text: "Good morn".into(),
        is_final: false,
    };
    harness.command("writer", "p1", partial);
    assert!(harness.writing.len() == 1, "a partial is never stored");
    assert_eq!(
        harness.kinds_seen_by("ana"),
        ["caption.partial"],
        "the partial is out; the chat, with its seq, waits for its write"
    );
    harness.land(0);
    assert_eq!(
        harness.kinds_seen_by("ana"),
        ["caption.partial", "chat.message", "ack"]
    );
}

#[test]
fn rounds_are_answered_in_order_with_eight_in_flight_whatever_order_they_land_in() {
    let mut harness = local();
    harness.join("ana", Role::Participant);
    harness.land_all();
    harness.forget_what_was_seen();

    for number in 1..=ROUNDS_IN_FLIGHT {
        assert!(harness.machine.has_room(), "round {number} may start");
        harness.chat("ana", &format!("c{number}"));
    }
    assert_eq!(harness.writing.len(), ROUNDS_IN_FLIGHT);
    assert!(!harness.machine.has_room(), "the mailbox waits past eight");

    // The last seven land first, newest first: nothing may be answered
    // while the first round's write is still on its way.
    while harness.writing.len() > 1 {
        let newest = harness.writing.len() - 1;
        harness.land(newest);
        assert_eq!(harness.acks_seen_by("ana"), Vec::<String>::new());
    }
    harness.land(0);
    let expected: Vec<String> = (1..=ROUNDS_IN_FLIGHT).map(|n| format!("c{n}")).collect();
    assert_eq!(harness.acks_seen_by("ana"), expected, "acks in round order");
    let chat_seqs: Vec<u64> = harness
        .seen_by("ana")
        .into_iter()
        .filter_map(|seen| match seen {
            Seen::Frame { frame, .. } if frame["type"] == "chat.message" => frame["seq"].as_u64(),
            _ => None,
        })
        .collect();
    let first = chat_seqs[0];
    assert_eq!(
        chat_seqs,
        (first..first + ROUNDS_IN_FLIGHT as u64).collect::<Vec<_>>(),
        "events in seq order"
    );
    assert!(harness.machine.has_room());
}

#[test]
fn no_frame_reaches_a_connection_before_its_welcome() {
    let mut harness = local();
    harness.join("ana", Role::Participant);
    harness.join("writer", Role::Captioner);
    harness.land_all();

    // Bo's join is on its way to the store while the session goes on: a
    // chat, a caption partial, the presence counts that include him.
    harness.join("bo", Role::Participant);
    harness.chat("ana", "c1");
    let partial = Command::CaptionPush {
        lang: "en".into(),
        text: "Welcome".into(),
        is_final: false,
    };
    harness.command("writer", "p1", partial);
    harness.now += 1_000;
    harness.machine.handle_presence_tick(Millis(harness.now));
    harness.pump();
    assert_eq!(harness.kinds_seen_by("bo"), Vec::<String>::new());

    harness.land_all();
    let seen = harness.kinds_seen_by("bo");
    assert_eq!(
        seen.first().map(String::as_str),
        Some("welcome"),
        "{seen:?}"
    );
    assert!(
        seen.contains(&"chat.message".to_owned()) && seen.contains(&"presence".to_owned()),
        "what came after his join reaches him, after his welcome: {seen:?}"
    );
}

#[test]
fn a_failed_write_closes_everyone_with_1011_and_nothing_acked_is_lost() {
    let mut harness = local();
    harness.join("ana", Role::Participant);
    harness.join("bo", Role::Participant);
    harness.land_all();
    harness.chat("ana", "kept");
    harness.land_all();
    harness.chat("ana", "lost");
    harness.chat("bo", "lost-too");
    let (round, _) = harness.writing.remove(0);
    harness
        .machine
        .handle_write_landed(round, Err(StoreError::Backend("disk full".into())));
    harness.pump();
    // The later round's write lands, but the owner has failed: it answers
    // nothing more.
    harness.land_all();

    assert!(harness.machine.has_failed());
    for connection in ["ana", "bo"] {
        let seen = harness.seen_by(connection);
        assert_eq!(
            seen.last(),
            Some(&Seen::Closed {
                to: connection.into(),
                reason: CloseReason::InternalError
            }),
            "{connection}: {seen:?}"
        );
    }
    assert_eq!(harness.acks_seen_by("ana"), ["kept"]);
    assert_eq!(harness.acks_seen_by("bo"), Vec::<String>::new());
    // Every event a client heard of is in a write that landed.
    let stored: Vec<u64> = harness
        .landed
        .iter()
        .flat_map(|batch| batch.events.iter().map(|event| event.seq))
        .collect();
    for seen in harness.timeline.borrow().iter() {
        if let Seen::Frame { frame, .. } = seen {
            if let Some(seq) = frame["seq"].as_u64() {
                if frame["type"] != "ack" {
                    assert!(stored.contains(&seq), "seq {seq} was sent but not stored");
                }
            }
        }
    }
}

#[test]
fn a_refused_command_changes_nothing() {
    let mut harness = local();
    harness.join("ana", Role::Participant);
    harness.land_all();
    harness.forget_what_was_seen();
    let before = crate::core::encode_snapshot(harness.machine.state());

    harness.command("ana", "x1", Command::QueueLowerAll);
    harness.command("ana", "x2", Command::EndSession);
    harness.land_all();

    assert_eq!(
        crate::core::encode_snapshot(harness.machine.state()),
        before,
        "the state is unchanged"
    );
    assert!(
        harness.landed.iter().skip(2).all(WriteBatch::is_empty),
        "nothing was stored"
    );
    let codes: Vec<Value> = harness
        .seen_by("ana")
        .into_iter()
        .filter_map(|seen| match seen {
            Seen::Frame { frame, .. } => Some(frame["code"].clone()),
            _ => None,
        })
        .collect();
    assert_eq!(codes, [Value::from("forbidden"), Value::from("forbidden")]);
}

#[test]
fn cluster_an_orphaned_connection_leaves_after_two_checks_and_not_after_one() {
    let mut harness = clustered();
    harness.join("n1-a-1", Role::Participant);
    assert_eq!(harness.appended.len(), 1, "the join goes to the log");
    harness.replay_appended();
    harness.land_all();
    assert_eq!(harness.kinds_seen_by("n1-a-1"), ["welcome"]);

    // A join of this node's that reached the log with nobody waiting for
    // it (its ack was lost, its client gave up): present, with no socket.
    let orphan = LogEntry {
        session: "main".into(),
        command: Command::Join(crate::core::test_support::join_request(
            "ghost",
            Role::Participant,
        )),
        actor: Actor::Connection(ConnectionId("n1-a-2".into())),
        at: Millis(2_000),
        origin: "n1".into(),
        command_id: "n1-a-lost".into(),
    };
    harness.replay(vec![orphan]);
    harness.land_all();

    harness.machine.handle_liveness_tick(Millis(3_000), &[]);
    harness.pump();
    assert_eq!(
        harness.appended,
        Vec::<LogEntry>::new(),
        "one check is not enough"
    );

    harness.machine.handle_liveness_tick(Millis(4_000), &[]);
    harness.pump();
    let leaves: Vec<(&Actor, &str)> = harness
        .appended
        .iter()
        .map(|entry| (&entry.actor, entry.command_id.as_str()))
        .collect();
    assert_eq!(
        leaves,
        [(
            &Actor::Connection(ConnectionId("n1-a-2".into())),
            "leave-n1-a-2"
        )],
        "the orphan leaves, with the id every leave of it has; the subscribed connection stays"
    );
    assert!(matches!(harness.appended[0].command, Command::Leave));
}

#[test]
fn cluster_a_snapshot_is_stored_with_the_first_round_then_every_thousand_entries() {
    let mut harness = clustered();
    let tick = |at: i64, number: u64| LogEntry {
        session: "main".into(),
        command: Command::Tick,
        actor: Actor::Server,
        at: Millis(at),
        origin: "n2".into(),
        command_id: format!("tick-{number}"),
    };
    let rounds_of = 250;
    let mut snapshots = Vec::new();
    let mut number = 0;
    for round in 0..9 {
        let entries: Vec<LogEntry> = (0..rounds_of)
            .map(|_| {
                number += 1;
                tick(number as i64, number)
            })
            .collect();
        harness.replay(entries);
        for (_, batch) in harness.writing.drain(..) {
            if let Some(snapshot) = batch.snapshot {
                snapshots.push((round, snapshot.log_position));
            }
        }
    }
    let every = (SNAPSHOT_EVERY_ENTRIES / rounds_of) as u64;
    assert_eq!(
        snapshots,
        [
            (0, rounds_of as u64),
            (every as usize, (every + 1) * rounds_of as u64),
            (2 * every as usize, (2 * every + 1) * rounds_of as u64),
        ],
        "(round, log position) of each snapshot"
    );
}
