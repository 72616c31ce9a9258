//! Cluster mode's command log against a real `nats-server` with JetStream:
//! a retried append is stored once, replay starts where it is asked to and
//! keeps sessions apart, and two nodes that replay the same 10,000 random
//! commands end in byte-identical session state, the same state as applying
//! those commands directly in memory. The last one is a direct test of the
//! core's determinism, which state machine replication relies on.
//!
//! Each test starts its own `nats-server` on a free loopback port with
//! storage in a temporary directory, and kills it when done. Without
//! `nats-server` (on the PATH or in `/usr/sbin`) the tests fail:
//! `tests/run-all.sh` installs it from Debian's packages.

mod nats_server;
use futures_util::StreamExt;
use hybridhub::cluster::{CommandLog, CommandLogConfig, LogEntry, Replay, ReplayedEntry};
use hybridhub::core::*;
use nats_server::{start_nats_server, NatsServer};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::time::{Duration, Instant};

/// The core's own command and actor strategies, shared with its sequence
/// properties, so that the log is fed the same variety of commands.
#[allow(dead_code)]
#[path = "../src/core/sequence_strategies.rs"]
mod sequence_strategies;

/// How many random commands the two replicas apply.
const COMMANDS: usize = 10_000;
/// The longest any one test may take; they normally take a few seconds.
const TEST_DEADLINE: Duration = Duration::from_secs(50);

/// Opens the command log as one node does: its own NATS connection.
async fn open_log(server: &NatsServer) -> CommandLog {
    CommandLog::connect(CommandLogConfig::new(server.url.as_str()))
        .await
        .expect("the command log opens")
}

/// An entry for `session` with a given command id.
fn entry(session: &str, command: Command, command_id: &str) -> LogEntry {
    LogEntry {
        session: session.into(),
        command,
        actor: Actor::Connection(ConnectionId("c1".into())),
        at: Millis(1_000),
        origin: "node-a".into(),
        command_id: command_id.into(),
    }
}

/// The next entry of a replay, or `None` if none comes within `wait`.
async fn next_within(replay: &mut Replay, wait: Duration) -> Option<ReplayedEntry> {
    match tokio::time::timeout(wait, replay.next()).await {
        Ok(Some(entry)) => Some(entry.expect("a valid replayed entry")),
        Ok(None) => panic!("a replay never ends"),
        Err(_) => None,
    }
}

#[tokio::test]
async fn a_retried_append_is_stored_once() {
    let server = start_nats_server();
    tokio::time::timeout(TEST_DEADLINE, async {
        let log = open_log(&server).await;
        let chat = entry("main", Command::ChatSend { text: "hi".into() }, "node-a-1");

        let first = log.append(&chat).await.expect("the first append");
        let retry = log.append(&chat).await.expect("the retried append");
        assert!(!first.duplicate);
        assert!(retry.duplicate, "the retry was not seen as a duplicate");
        assert_eq!(retry.stream_sequence, first.stream_sequence);
        assert_eq!(log.stored_entries().await.unwrap(), 1);

        // Another node appending the same command id is deduplicated too.
        let other_node = open_log(&server).await;
        assert!(other_node.append(&chat).await.unwrap().duplicate);

        let mut replay = log.replay("main", 0).await.expect("a replay");
        let replayed = next_within(&mut replay, Duration::from_secs(5))
            .await
            .expect("the stored entry");
        assert_eq!(replayed.entry, chat);
        assert_eq!(replayed.stream_sequence, first.stream_sequence);
        assert_eq!(
            next_within(&mut replay, Duration::from_millis(300)).await,
            None
        );

        let next = entry("main", Command::ChatSend { text: "hi".into() }, "node-a-2");
        assert!(!log.append(&next).await.unwrap().duplicate);
        assert_eq!(log.stored_entries().await.unwrap(), 2);
    })
    .await
    .expect("the test finishes in time");
}

#[tokio::test]
async fn replay_keeps_sessions_apart_and_starts_where_asked() {
    let server = start_nats_server();
    tokio::time::timeout(TEST_DEADLINE, async {
        let log = open_log(&server).await;
        let mut main_sequences = Vec::new();
        for index in 0..3 {
            let main = entry("main", Command::HandRaise, &format!("main-{index}"));
            main_sequences.push(log.append(&main).await.unwrap().stream_sequence);
            let side = entry("side", Command::HandLower, &format!("side-{index}"));
            log.append(&side).await.unwrap();
        }
        assert!(log
            .append(&entry("a.b", Command::Leave, "bad"))
            .await
            .is_err());

        let mut replay = log.replay("main", main_sequences[1]).await.unwrap();
        for expected in [main_sequences[1], main_sequences[2]] {
            let replayed = next_within(&mut replay, Duration::from_secs(5))
                .await
                .expect("an entry of main");
            assert_eq!(replayed.stream_sequence, expected);
            assert_eq!(replayed.entry.command, Command::HandRaise);
        }
        assert_eq!(
            next_within(&mut replay, Duration::from_millis(300)).await,
            None
        );

        // A replay follows the live log: a later append arrives too.
        let later = log
            .append(&entry("main", Command::HandLower, "main-later"))
            .await
            .unwrap();
        let replayed = next_within(&mut replay, Duration::from_secs(5))
            .await
            .expect("the later entry");
        assert_eq!(replayed.stream_sequence, later.stream_sequence);
    })
    .await
    .expect("the test finishes in time");
}

/// `COMMANDS` random commands from random actors, the same on every run,
/// stamped with increasing times and alternately received by two nodes.
/// They are tamed (see [`keep_the_session_going`]) so that the session stays
/// busy to the end.
fn random_entries() -> Vec<LogEntry> {
    let seed = [42; 32];
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed),
    );
    let step = (
        sequence_strategies::actor(),
        sequence_strategies::command(),
        0..5_000i64,
    );
    let mut now = 0;
    (0..COMMANDS)
        .map(|index| {
            let (actor, command, advance) = step
                .new_tree(&mut runner)
                .expect("a generated step")
                .current();
            now += advance;
            let command = keep_the_session_going(index, command);
            let origin = if index % 2 == 0 { "node-a" } else { "node-b" };
            LogEntry {
                session: "main".into(),
                command,
                actor,
                at: Millis(now),
                origin: origin.into(),
                command_id: format!("{origin}-{index}"),
            }
        })
        .collect()
}

/// The strategies were made for short sequences; over 10,000 commands an
/// early `EndSession` or a few bans would leave a session that refuses
/// everything. So the session is never ended, and participants are banned
/// only in the last tenth of the run.
fn keep_the_session_going(index: usize, command: Command) -> Command {
    match command {
        Command::EndSession => Command::Tick,
        Command::ParticipantRemove { participant, ban } => Command::ParticipantRemove {
            participant,
            ban: ban && index >= COMMANDS * 9 / 10,
        },
        command => command,
    }
}

/// One node's copy of a session, and everything applying produced.
struct Replica {
    state: State,
    /// Each command's outcome (events, records, partials or rejection).
    outcomes: Vec<String>,
}

impl Replica {
    fn new() -> Replica {
        Replica {
            state: State::new(sequence_strategies::info()),
            outcomes: Vec::new(),
        }
    }

    /// Applies an entry as every node does: with the entry's time, never the
    /// node's clock. A refused command changes nothing and is only noted.
    fn apply(&mut self, entry: LogEntry) {
        let outcome = apply(&mut self.state, entry.command, &entry.actor, entry.at);
        self.outcomes.push(format!("{outcome:?}"));
    }

    /// The whole state as text. The core keeps no hash maps, so its debug
    /// output does not depend on iteration order.
    fn fingerprint(&self) -> String {
        format!("{:#?}", self.state)
    }
}

/// Replays the first `count` entries of a session into a fresh replica,
/// checking that stream sequences only grow.
async fn replay_into_replica(log: CommandLog, count: usize) -> (Replica, Vec<LogEntry>) {
    let mut replay = log.replay("main", 0).await.expect("a replay");
    let mut replica = Replica::new();
    let mut entries = Vec::with_capacity(count);
    let mut last_sequence = 0;
    while entries.len() < count {
        let replayed = replay
            .next()
            .await
            .expect("the replay goes on")
            .expect("a valid entry");
        assert!(replayed.stream_sequence > last_sequence);
        last_sequence = replayed.stream_sequence;
        entries.push(replayed.entry.clone());
        replica.apply(replayed.entry);
    }
    (replica, entries)
}

#[tokio::test]
async fn two_nodes_replaying_ten_thousand_random_commands_agree() {
    let server = start_nats_server();
    let started = Instant::now();
    tokio::time::timeout(TEST_DEADLINE, async {
        let entries = random_entries();
        let node_a = open_log(&server).await;
        let node_b = open_log(&server).await;
        for (index, entry) in entries.iter().enumerate() {
            let receiver = if index % 2 == 0 { &node_a } else { &node_b };
            let appended = receiver.append(entry).await.expect("an append");
            assert!(!appended.duplicate);
        }
        let appended_at = started.elapsed();

        let (replica_a, replica_b) = tokio::join!(
            replay_into_replica(node_a.clone(), entries.len()),
            replay_into_replica(node_b.clone(), entries.len()),
        );
        let (replica_a, replayed_a) = replica_a;
        let (replica_b, replayed_b) = replica_b;
        assert!(replayed_a == entries, "node a replayed other entries");
        assert!(replayed_b == entries, "node b replayed other entries");

        let mut in_memory = Replica::new();
        for entry in entries {
            in_memory.apply(entry);
        }
        let accepted = in_memory
            .outcomes
            .iter()
            .filter(|outcome| outcome.starts_with("Ok"))
            .count();
        assert!(
            // Most random commands are refused (wrong role, nothing to act
            // on, five open questions a person at most); well over a
            // thousand accepted still exercises every rule that changes state.
            in_memory.state.seq() > 500 && accepted > 1_500,
            "the random commands did too little to test anything: seq {}, {accepted} accepted",
            in_memory.state.seq()
        );
        assert!(replica_a.fingerprint() == replica_b.fingerprint());
        assert!(replica_a.fingerprint() == in_memory.fingerprint());
        assert!(replica_a.outcomes == replica_b.outcomes);
        assert!(replica_a.outcomes == in_memory.outcomes);
        eprintln!(
            "{COMMANDS} commands: appended in {appended_at:?}, replayed and compared in {:?}; \
             seq {}, {accepted} accepted",
            started.elapsed() - appended_at,
            in_memory.state.seq()
        );
    })
    .await
    .expect("the test finishes in time");
}
