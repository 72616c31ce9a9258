//! Cluster mode survives the death of a node: three real hybridhub
//! binaries (`serve --nats`) on one `nats-server`, a moderator on node 1, a
//! participant with a raised hand on node 2 and another on node 3. Node 2 is
//! killed with SIGKILL mid-session. Nodes 1 and 3 stop hearing its
//! heartbeats and both append a `NodeDown` command with the same id, of
//! which JetStream keeps one, so the dead node's connection leaves
//! everywhere (presence drops it, its hand is held); the participant
//! reconnects to node 1 with `resume_from` and its resume secret and gets
//! back as the same participant with exactly the events it missed and its
//! place in the queue. The others never see an error or a disconnect, and
//! the moderator never a gap in `seq`.
//!
//! Needs `nats-server` on the PATH or in `/usr/sbin`, like
//! `tests/cluster_nodes.rs` (`tests/run-all.sh` installs it).

mod cluster_support;
mod common;
mod nats_server;
use cluster_support::{admin, create_session, presence_of, Node, Watched, SESSION};
use common::{connect, seqs, Join};
use hybridhub::cluster::{CommandLog, CommandLogConfig};
use hybridhub::core::Command;
use nats_server::{start_nats_server, NatsServer};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// The whole scenario must finish within this; it normally takes seconds.
const TEST_DEADLINE: Duration = Duration::from_secs(50);
/// Short heartbeats, so that a dead node is noticed quickly, and a node
/// declared down after 3 s of silence (as in `cluster_nats_faults.rs`): a
/// live node starved of CPU for a second or two on a loaded two-core
/// machine must not be taken for dead.
const HEARTBEAT_MS: &str = "100";
const NODE_TIMEOUT_MS: &str = "3000";
/// How long the survivors may take to drop the dead node's connections:
/// the timeout, a liveness check, the log round trip and a presence period
/// (normally about the timeout), with room for a loaded machine.
const NOTICED_WITHIN: Duration = Duration::from_secs(10);

fn start_node(nats: &NatsServer, node_id: &str) -> Node {
    cluster_support::start_node(
        &nats.url,
        node_id,
        &[
            "--heartbeat-interval-ms",
            HEARTBEAT_MS,
            "--node-timeout-ms",
            NODE_TIMEOUT_MS,
        ],
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_node_s_clients_resume_on_another_and_lose_nothing() {
    let nats = start_nats_server();
    let started = Instant::now();
    tokio::time::timeout(TEST_DEADLINE, scenario(&nats))
        .await
        .expect("the scenario finishes in time");
    eprintln!("failover scenario took {:?}", started.elapsed());
}

async fn scenario(nats: &NatsServer) {
    let node1 = start_node(nats, "n1");
    let mut node2 = Some(start_node(nats, "n2"));
    let node3 = start_node(nats, "n3");
    let node2_addr = node2.as_ref().expect("node 2").addr;
    create_session(&node1).await;
    create_session(node2.as_ref().expect("node 2")).await;
    create_session(&node3).await;
    // Going live is a command in the log: both replicas apply it.
    cluster_support::go_live(&node1).await;

    // Ana moderates on node 1 (she sees held hands); Bo is on node 2.
    let invite = admin(
        &node1,
        "POST",
        &format!("/api/sessions/{SESSION}/invites"),
        json!({"role": "moderator"}),
    )
    .await;
    let token = invite["token"].as_str().expect("an invite token");
    let mut ana = connect(node1.addr, SESSION).await;
    ana.join(&Join::new("Ana").client_id("ana-device").token(token))
        .await;
    let mut ana = Watched::new(ana);
    let mut bo = connect(node2_addr, SESSION).await;
    bo.join(&Join::new("Bo").client_id("bo-device")).await;
    assert_eq!(bo.welcome["session"]["state"], "live", "{}", bo.welcome);
    let bo_id = bo.participant_id();
    let secret = bo.welcome["resume_secret"]
        .as_str()
        .expect("a resume secret")
        .to_owned();
    // Chen on node 3, so that node 3 runs the session too.
    let mut chen = connect(node3.addr, SESSION).await;
    chen.join(&Join::new("Chen").client_id("chen-device")).await;
    ana.until_presence("presence of Ana, Bo and Chen", 3).await;

    // Bo raises his hand on node 2; Ana sees it on node 1.
    bo.send_json(&json!({"type": "hand.raise", "id": "h1"}))
        .await;
    assert_eq!(bo.next_of_type("ack").await["id"], "h1");
    ana.until("Bo's hand", common::TIMEOUT, |frame| {
        frame["type"] == "hand.raised" && frame["entry"]["participant"] == bo_id.as_str()
    })
    .await;
    let entry = ana.events[&ana.last_seq]["entry"]["entry"].clone();

    // Ana chats; Bo, on the other node, sees every message.
    let mut last_seen = 0;
    for index in 1..=3 {
        let seq = ana
            .chat(&format!("before-{index}"), "before the crash")
            .await;
        let message = bo.next_of_type("chat.message").await;
        assert_eq!(message["seq"], seq);
        last_seen = seq;
    }
    assert_eq!(bo.quiet_for(Duration::from_millis(300)).await, None);

    // Node 2 dies mid-session (SIGKILL), with Bo's connection on it.
    drop(node2.take());
    let killed_at = Instant::now();
    drop(bo);

    // Ana carries on, undisturbed.
    for index in 1..=3 {
        ana.chat(&format!("during-{index}"), "while node 2 is dead")
            .await;
    }
    // Within the timeout, nodes 1 and 3 let Bo's connection go: presence
    // drops him, and his raised hand is held for him, not lowered.
    ana.until("presence without Bo", NOTICED_WITHIN, |frame| {
        presence_of(frame, 2)
    })
    .await;
    let noticed_after = killed_at.elapsed();
    let mut chen_chats = 0;
    loop {
        let frame = chen.next_json().await;
        assert_ne!(frame["type"], "error", "{frame}");
        if frame["type"] == "chat.message" {
            chen_chats += 1;
        }
        if presence_of(&frame, 2) {
            break;
        }
    }
    let held: Vec<&Value> = ana
        .events
        .values()
        .filter(|event| event["type"] == "hand.held")
        .collect();
    assert_eq!(held.len(), 1, "one hand.held: {held:?}");
    assert_eq!(held[0]["participant"], bo_id.as_str());
    assert_eq!(held[0]["entry"], entry);
    assert!(
        ana.events
            .values()
            .all(|event| event["type"] != "hand.lowered"),
        "the hand is held, not lowered"
    );
    for index in 1..=2 {
        ana.chat(&format!("after-{index}"), "after node 2 is gone")
            .await;
    }

    // Bo reconnects to node 1 with his last seen seq and his secret.
    let mut back = connect(node1.addr, SESSION).await;
    back.join(
        &Join::new("Bo")
            .client_id("bo-device")
            .resume_from(last_seen)
            .resume_secret(&secret),
    )
    .await;
    assert_eq!(back.welcome["resumed"], true, "{}", back.welcome);
    assert_eq!(back.welcome["restored"], true, "node 1 knows Bo's secret");
    assert_eq!(back.participant_id(), bo_id, "the same participant");
    let your_entry = &back.welcome["snapshot"]["floor"]["your_entry"];
    assert_eq!(your_entry["entry"], entry, "{}", back.welcome);
    assert!(your_entry["held_since"].is_null(), "restored: {your_entry}");

    // Exactly what he missed: every seq from last_seen + 1 to the welcome's.
    let up_to = back.welcome_seq();
    let mut replayed = Vec::new();
    while replayed.len() < (up_to - last_seen) as usize {
        let frame = back.next_non_presence().await;
        assert_ne!(frame["type"], "error", "{frame}");
        if frame["seq"].is_u64() {
            replayed.push(frame);
        }
    }
    assert_eq!(
        seqs(&replayed),
        (last_seen + 1..=up_to).collect::<Vec<_>>(),
        "no gap, no repeat: {replayed:?}"
    );
    let kinds: Vec<&str> = replayed
        .iter()
        .map(|event| event["type"].as_str().unwrap_or_default())
        .collect();
    let restored = kinds.last().copied();
    assert_eq!(restored, Some("hand.restored"), "{kinds:?}");
    assert_eq!(kinds.iter().filter(|kind| **kind == "hand.held").count(), 1);
    assert_eq!(
        kinds.iter().filter(|kind| **kind == "chat.message").count(),
        5
    );
    // Ana, a moderator, received every one of them: the same events.
    ana.until("Bo's hand restored", common::TIMEOUT, |frame| {
        frame["type"] == "hand.restored"
    })
    .await;
    for event in &replayed {
        let seq = event["seq"].as_u64().expect("seq");
        assert_eq!(&ana.events[&seq], event, "seq {seq} differs");
    }

    // And then live, from the next seq on, nothing twice.
    let seq = ana.chat("live", "welcome back, Bo").await;
    assert_eq!(seq, up_to + 1);
    let mut live = back.next_non_presence().await;
    while live["type"] == "queue" {
        live = back.next_non_presence().await;
    }
    assert_eq!(live["seq"], up_to + 1, "{live}");
    assert_eq!(live["text"], "welcome back, Bo");
    ana.until_presence("presence with Bo back", 3).await;
    assert_eq!(ana.client.quiet_for(Duration::from_millis(300)).await, None);
    // Chen, on node 3, saw every chat and never an error or a close.
    while chen_chats < 9 {
        let frame = chen.next_non_presence().await;
        assert_ne!(frame["type"], "error", "{frame}");
        if frame["type"] == "chat.message" {
            chen_chats += 1;
        }
    }
    assert_eq!(chen.quiet_for(Duration::from_millis(300)).await, None);

    // Both survivors declared node 2 down; the log kept one command.
    let log = CommandLog::connect(CommandLogConfig::new(nats.url.as_str()))
        .await
        .expect("the command log opens");
    let stored = log.stored_entries().await.expect("the stream's state");
    let mut replay = log.replay(SESSION, 0).await.expect("a replay");
    let mut node_downs = Vec::new();
    for _ in 0..stored {
        let entry = futures_util::StreamExt::next(&mut replay)
            .await
            .expect("an entry")
            .expect("a valid entry")
            .entry;
        if let Command::NodeDown { node } = &entry.command {
            node_downs.push((node.clone(), entry.command_id.clone()));
        }
    }
    assert_eq!(
        node_downs.len(),
        1,
        "one node_down in the log: {node_downs:?}"
    );
    assert!(node_downs[0].0.starts_with("n2-"), "{node_downs:?}");
    eprintln!("node 2's death noticed after {noticed_after:?}");
    drop(node1.process);
    drop(node3.process);
}
