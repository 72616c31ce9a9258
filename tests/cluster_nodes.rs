//! Cluster mode end to end: two hybridhub servers in this process, each
//! with its own data directory, share one `nats-server` with JetStream
//! (`--nats`). A client on each node; chat, hands, presence and resume must
//! look the same whichever node a client is on: the same events with the
//! same `seq`, and after a move to the other node, exactly the missed ones.
//!
//! The organiser creates the session on node 1 only: it reaches node 2
//! through the cluster's session directory, and creating it again on node
//! 2 is refused as a duplicate. Making it live on node 1 is a command in
//! the log, so both replicas apply it with the same stamped time.
//!
//! Needs `nats-server` on the PATH or in `/usr/sbin`, like
//! `tests/cluster_log.rs` (`tests/run-all.sh` installs it).

mod common;

mod nats_server;
use common::{seqs, start_cluster_node, Join};
use nats_server::{start_nats_server, NatsServer};
use serde_json::{json, Value};
use std::time::Duration;

/// The whole scenario must finish within this; it normally takes seconds.
const TEST_DEADLINE: Duration = Duration::from_secs(30);
const SESSION: &str = "plenary";

/// The organiser's request for the session.
fn session_body() -> Value {
    json!({
        "id": SESSION,
        "title": "Plenary",
        "state": "scheduled",
        "starts_at": common::scheduled_session_times().0,
        "ends_at": common::scheduled_session_times().1,
    })
}

fn presence_of(count: u64) -> impl Fn(&Value) -> bool {
    move |presence| presence["participants"] == count && presence["connections"] == count
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_serve_one_session_alike() {
    let nats = start_nats_server();
    tokio::time::timeout(TEST_DEADLINE, scenario(&nats))
        .await
        .expect("the scenario finishes in time");
}

async fn scenario(nats: &NatsServer) {
    let node1 = start_cluster_node(&nats.url, "node-1").await;
    let node2 = start_cluster_node(&nats.url, "node-2").await;
    assert!(node1
        .running()
        .hub
        .next_connection_id()
        .0
        .starts_with("node-1-"));
    assert!(node2
        .running()
        .hub
        .next_connection_id()
        .0
        .starts_with("node-2-"));
    let created = node1.admin("POST", "/api/sessions", &session_body()).await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(
        node2.session_when_known(SESSION).await,
        created.json(),
        "node 2 has the session as node 1 created it"
    );
    let again = node2.admin("POST", "/api/sessions", &session_body()).await;
    assert_eq!(again.status, 409, "one id, one session: {}", again.body);

    // Going live through node 1 is a command in the log.
    let patch = node1.patch_session(SESSION, json!({"state": "live"})).await;
    assert_eq!(patch.status, 200, "{}", patch.body);
    let live = patch.json();
    assert!(live["live_at"].is_string(), "{live}");

    // Ana on node 1, Bo on node 2: node 2's replica has the change too,
    // with the same stamped time.
    let mut ana = node1.join(SESSION, &Join::new("Ana")).await;
    let mut bo = node2
        .join(SESSION, &Join::new("Bo").client_id("bo-device"))
        .await;
    assert_eq!(bo.welcome["session"], live, "node 2 applied the change");
    assert_eq!(ana.welcome["session"], live);
    assert_ne!(ana.participant_id(), bo.participant_id());
    assert_eq!(
        node2.get(&format!("/api/sessions/{SESSION}")).await.json()["state"],
        "live",
        "node 2's registry learned the change from the log"
    );

    // Presence, from the replicated joins, counts both on both nodes.
    ana.wait_presence("Ana and Bo", presence_of(2)).await;
    bo.wait_presence("Ana and Bo", presence_of(2)).await;

    // Chat through node 1 reaches node 2 as the same event.
    let (message, _) = ana.chat("c1", "hello from node 1").await;
    assert_eq!(bo.next_of_type("chat.message").await, message);

    // A hand raised on node 2 changes the queue Ana sees on node 1.
    bo.send_json(&json!({"type": "hand.raise", "id": "h1"}))
        .await;
    let ack = bo.next_of_type("ack").await;
    assert_eq!(ack["id"], "h1");
    let bo_queue = bo.next_of_type("queue").await;
    let ana_queue = ana.next_of_type("queue").await;
    assert_eq!(ana_queue, bo_queue);
    assert_eq!(ana_queue["order"].as_array().map(Vec::len), Some(1));
    // And a chat through node 2 reaches node 1.
    let (message, ack) = bo.chat("c2", "hello from node 2").await;
    assert_eq!(ana.next_of_type("chat.message").await, message);
    bo.send_json(&json!({"type": "hand.lower", "id": "l1"}))
        .await;
    let lowered = bo.next_of_type("ack").await;
    assert_eq!(lowered["id"], "l1");
    assert!(lowered["seq"].as_u64() > ack["seq"].as_u64());
    let empty = ana.next_of_type("queue").await;
    assert_eq!(empty["order"], json!([]));

    // Bo leaves node 2 (the leave goes through the log: node 1 counts it).
    let last_seen = lowered["seq"].as_u64().expect("ack seq");
    let bo_id = bo.participant_id();
    let secret = bo.welcome["resume_secret"]
        .as_str()
        .expect("resume secret")
        .to_owned();
    bo.close().await;
    ana.wait_presence("Ana alone", presence_of(1)).await;

    // What Bo misses, sent through node 1.
    let mut missed = Vec::new();
    for index in 1..=3 {
        let text = format!("while away {index}");
        missed.push(ana.chat(&format!("away-{index}"), &text).await.0);
    }

    // Bo comes back on node 1 and gets exactly what he missed.
    let mut back = node1
        .join(
            SESSION,
            &Join::new("Bo")
                .client_id("bo-device")
                .resume_from(last_seen)
                .resume_secret(&secret),
        )
        .await;
    assert_eq!(back.welcome["resumed"], true);
    assert_eq!(back.welcome["restored"], true, "node 1 knows Bo's secret");
    assert_eq!(back.participant_id(), bo_id, "the same participant");
    let up_to = back.welcome_seq();
    let mut replayed = Vec::new();
    for _ in last_seen..up_to {
        replayed.push(back.next_non_presence().await);
    }
    assert_eq!(
        seqs(&replayed),
        (last_seen + 1..=up_to).collect::<Vec<_>>(),
        "no gap: {replayed:?}"
    );
    assert_eq!(replayed, missed, "exactly the missed chat");
    assert_eq!(
        back.quiet_for(Duration::from_millis(300)).await,
        None,
        "nothing twice"
    );
    assert!(
        presence_of(2)(&back.welcome["snapshot"]["presence"]),
        "{}",
        back.welcome
    );

    // Both replicas stored the same events, byte for byte.
    let stored1 = node1.stored_events_up_to(SESSION, up_to).await;
    let stored2 = node2.stored_events_up_to(SESSION, up_to).await;
    assert_eq!(stored1.len() as u64, up_to);
    assert_eq!(stored1, stored2, "the two nodes' stores differ");
}
