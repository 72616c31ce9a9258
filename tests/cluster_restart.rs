//! Cluster mode: a node that restarts, and a node that joins late, end up
//! with the same session as the node that never stopped.
//!
//! What a restarted node must not lose is what no stored event records:
//! the connections present on the other nodes, and a caption line still
//! being written there. It starts from its stored snapshot and replays the
//! command log after it. A node that never ran the session gets it from
//! the cluster's session directory and replays the log from the start.
//! Both must then make exactly the events the others make, with the same
//! `seq`, and store the same bytes.
//!
//! Needs `nats-server` on the PATH or in `/usr/sbin`, like
//! `tests/cluster_log.rs` (`tests/run-all.sh` installs it).

mod common;

mod nats_server;
use common::{start_cluster_node, Join};
use nats_server::{start_nats_server, NatsServer};
use serde_json::{json, Value};
use std::time::Duration;

/// The whole scenario must finish within this; it normally takes seconds.
const TEST_DEADLINE: Duration = Duration::from_secs(40);
const SESSION: &str = "plenary";

/// The presence counts and queue a newcomer is welcomed with, and the
/// caption line still being written: what a replica rebuilt must agree on.
fn replica_view(welcome: &Value) -> Value {
    let snapshot = &welcome["snapshot"];
    json!({
        "participants": snapshot["presence"]["participants"],
        "connections": snapshot["presence"]["connections"],
        "floor": snapshot["floor"],
        "partial": snapshot["captions"]["partial"],
        "recent": snapshot["captions"]["recent"],
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restarted_and_late_nodes_rebuild_the_same_session() {
    let nats = start_nats_server();
    tokio::time::timeout(TEST_DEADLINE, scenario(&nats))
        .await
        .expect("the scenario finishes in time");
}

async fn scenario(nats: &NatsServer) {
    let node1 = start_cluster_node(&nats.url, "node-1").await;
    let mut node2 = start_cluster_node(&nats.url, "node-2").await;
    node1.create_session(SESSION, "live").await;
    node2.session_when_known(SESSION).await;
    let captioner_token = node1.invite(SESSION, json!({"role": "captioner"})).await["token"]
        .as_str()
        .expect("an invite token")
        .to_owned();

    // Node 2 runs the session for a while (so it stores a snapshot and a
    // log position), then its only client leaves cleanly.
    let mut bo = node2.join(SESSION, &Join::new("Bo")).await;
    bo.chat("b1", "hello from node 2").await;
    bo.close().await;

    // Meanwhile on node 1: Ana is present with her hand up, and the
    // captioner has a line half written. None of that is a stored event
    // on node 2 but the hand.
    let mut ana = node1.join(SESSION, &Join::new("Ana")).await;
    ana.send_json(&json!({"type": "hand.raise", "id": "h1"}))
        .await;
    let raised = ana.next_of_type("ack").await;
    assert_eq!(raised["id"], "h1");
    let raised_seq = raised["seq"].as_u64().expect("a seq");
    let mut captioner = node1
        .join(SESSION, &Join::new("CART").token(&captioner_token))
        .await;
    captioner
        .send_json(&json!({"type": "caption.push", "lang": "en", "text": "Welcome to the", "final": false}))
        .await;
    ana.next_of_type("caption.partial").await;

    // Node 2 has applied and stored the hand after its first snapshot, so
    // its restart replays entries it already stored (to its replica only)
    // as well as new ones.
    node2.stored_events_up_to(SESSION, raised_seq).await;
    let stored = node2
        .running()
        .hub
        .store
        .load_session(SESSION)
        .await
        .expect("the store reads")
        .expect("node 2 has the session");
    let snapshot = stored.snapshot.expect("node 2 stored a snapshot");
    assert!(
        snapshot.log_position < stored.log_position,
        "entries after the snapshot: {} < {}",
        snapshot.log_position,
        stored.log_position
    );

    // Node 2 restarts while all that goes on.
    node2.restart().await;
    // And a third node, which never ran the session, starts late.
    let node3 = start_cluster_node(&nats.url, "node-3").await;
    node3.session_when_known(SESSION).await;

    // A newcomer on each node sees the same session.
    let mut on1 = node1.join(SESSION, &Join::new("Cy")).await;
    let mut on2 = node2.join(SESSION, &Join::new("Di")).await;
    let mut on3 = node3.join(SESSION, &Join::new("Ed")).await;
    let seq = on1.welcome_seq();
    assert_eq!(on2.welcome_seq(), seq, "node 2 is at the same seq");
    assert_eq!(on3.welcome_seq(), seq, "node 3 is at the same seq");
    let expected = replica_view(&on1.welcome);
    assert_eq!(
        expected["floor"]["order"].as_array().map(Vec::len),
        Some(1),
        "Ana's hand: {expected}"
    );
    assert_eq!(
        expected["partial"][0]["text"], "Welcome to the",
        "the open line: {expected}"
    );
    // The newcomers joined one after another, so each welcome counts the
    // ones before it too: node 2's one more than node 1's, node 3's two.
    for (node, welcome, earlier_newcomers) in
        [("node 2", &on2.welcome, 1), ("node 3", &on3.welcome, 2)]
    {
        let mut view = replica_view(welcome);
        for field in ["participants", "connections"] {
            let count = view[field].as_u64().expect("a count");
            view[field] = json!(count - earlier_newcomers);
        }
        assert_eq!(view, expected, "{node} rebuilt a different session");
    }

    // The captioner finishes the line on node 1: every node makes the same
    // `caption.final`, which needs the open line's start and number.
    captioner
        .send_json(&json!({"type": "caption.push", "lang": "en", "text": "Welcome to the plenary.", "final": true}))
        .await;
    let line = on1.next_of_type("caption.final").await;
    assert_eq!(on2.next_of_type("caption.final").await, line);
    assert_eq!(on3.next_of_type("caption.final").await, line);
    assert_eq!(ana.next_of_type("caption.final").await, line);
    // And later commands follow on with the same `seq` everywhere.
    let (message, _) = ana.chat("a1", "after the restart").await;
    assert_eq!(on2.next_of_type("chat.message").await, message);
    assert_eq!(on3.next_of_type("chat.message").await, message);

    // An invite made on node 1 is good on every node: they share its key.
    for (node, server) in [("node 2", &node2), ("node 3", &node3)] {
        let relief = server
            .join(SESSION, &Join::new("CART relief").token(&captioner_token))
            .await;
        assert_eq!(
            relief.welcome["participant"]["role"], "captioner",
            "{node} refused node 1's invite: {}",
            relief.welcome
        );
        relief.close().await;
    }

    // The three stores hold the same events, byte for byte.
    let up_to = message["seq"].as_u64().expect("a seq");
    let stored1 = node1.stored_events_up_to(SESSION, up_to).await;
    assert_eq!(stored1.len() as u64, up_to);
    assert_eq!(node2.stored_events_up_to(SESSION, up_to).await, stored1);
    assert_eq!(node3.stored_events_up_to(SESSION, up_to).await, stored1);

    // A snapshot node 2 cannot read (another format, as after an upgrade)
    // is not trusted: node 2 replays the whole log from the session as the
    // directory holds it, and still agrees.
    node2.shutdown().await;
    let database = rusqlite::Connection::open(
        node2
            .data_dir()
            .join(hybridhub::store::sqlite::DATABASE_FILE_NAME),
    )
    .expect("node 2's database opens");
    let changed = database
        .execute("UPDATE snapshots SET state = '{\"format\":99}'", [])
        .expect("the snapshot is overwritten");
    assert_eq!(changed, 1);
    drop(database);
    node2.restart().await;
    let on1 = node1.join(SESSION, &Join::new("Fay")).await;
    let on2 = node2.join(SESSION, &Join::new("Gus")).await;
    assert_eq!(on2.welcome_seq(), on1.welcome_seq());
    // Presence is left out here: node 2's connections of before its
    // shutdown leave when the others declare its old run down, which may
    // fall between the two joins.
    let without_presence = |welcome: &Value| {
        let mut view = replica_view(welcome);
        view["participants"] = Value::Null;
        view["connections"] = Value::Null;
        view
    };
    assert_eq!(
        without_presence(&on2.welcome),
        without_presence(&on1.welcome),
        "node 2 replayed the log differently"
    );
}
