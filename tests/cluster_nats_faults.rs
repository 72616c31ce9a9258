//! Cluster mode when NATS itself fails, with real hybridhub binaries
//! (`serve --nats`) and real `nats-server`s on loopback.
//!
//! - `nats_restarts_and_the_event_goes_on`: one `nats-server` with a fixed
//!   port and storage, two nodes, a client on each. After a few acked chats
//!   NATS is killed (SIGKILL) and started again on the same port and
//!   storage. While it is down a chat is refused with the retryable error;
//!   afterwards chats through either node are acked and reach the other
//!   node's client with the same `seq`, and neither client ever sees a gap,
//!   a repeat, another error or a close (the nodes reconnect, and each
//!   session's owner follows the log again from where it was). A node
//!   started after the restart, with an empty store, rebuilds the session
//!   from the log alone: a client resuming there from 0 gets every acked
//!   chat, in place, the same events the first client saw.
//!
//! - `a_killed_jetstream_server_of_three_costs_nothing`: three `nats-server`s
//!   in one JetStream cluster; the stream exists with one replica and the
//!   nodes, started with `--nats-replicas 3` and all three URLs, make it
//!   three. The server leading the stream is killed (SIGKILL) mid-session:
//!   JetStream elects another leader, the nodes that were connected to it
//!   move to another server, and the event goes on as above; a node started
//!   afterwards finds every acked chat in the log.
//!
//! Needs `nats-server` on the PATH or in `/usr/sbin`, like the other
//! cluster tests (`tests/run-all.sh` installs it).

mod cluster_support;
mod common;
mod nats_server;
use cluster_support::{
    create_session, go_live, presence_of, start_node, Node, Sent, Watched, SESSION,
};
use common::{connect, seqs, Incoming, Join};
use nats_server::{start_nats_cluster, start_nats_server, NatsCluster};
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// Each scenario must finish within this; they normally take 5 to 25 s.
const TEST_DEADLINE: Duration = Duration::from_secs(55);
/// Heartbeats every 100 ms and a node declared down after 3 s of silence:
/// short, so that nodes that came back from NATS at different moments and
/// wrongly declared each other down would show in this test (their clients
/// would be closed), but well over the client's reconnect delay (≤ 1.1 s).
const NODE_ARGUMENTS: [&str; 4] = [
    "--heartbeat-interval-ms",
    "100",
    "--node-timeout-ms",
    "3000",
];
/// How long NATS stays down: longer than the node timeout, so that a node
/// that took the silence of the others for their death (rather than its
/// own isolation) would declare them down, and close their clients.
const OUTAGE: Duration = Duration::from_secs(4);
/// How long after NATS is back (or a JetStream leader is lost) commands may
/// still be refused: reconnect, JetStream's recovery or election, and a
/// refused append's 5 s ack timeout.
const RECOVERED_WITHIN: Duration = Duration::from_secs(25);

/// The two scenarios run one after the other, not side by side: each
/// starts several processes and has timing to keep on a two-core machine.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a Tokio runtime")
}

fn node(nats: &str, node_id: &str, extra: &[&str]) -> Node {
    let mut arguments = NODE_ARGUMENTS.to_vec();
    arguments.extend_from_slice(extra);
    start_node(nats, node_id, &arguments)
}

/// A participant on `node`, watched from its welcome on.
async fn watched(node: &Node, name: &str) -> Watched {
    let mut client = connect(node.addr, SESSION).await;
    client
        .join(&Join::new(name).client_id(&format!("{name}-device")))
        .await;
    assert_eq!(
        client.welcome["session"]["state"], "live",
        "{}",
        client.welcome
    );
    Watched::new(client)
}

/// Three chats each way, `<when>-ana-<n>` and `<when>-bo-<n>`, each acked
/// and seen on the other node with the same `seq`, appended to `acked`.
/// The first of each way may take `first_within` (the log recovering
/// after a fault); the others the usual timeout.
async fn chats_both_ways(
    ana: &mut Watched,
    bo: &mut Watched,
    when: &str,
    first_within: Duration,
    acked: &mut Vec<(u64, String)>,
) {
    for index in 1..=3 {
        let within = if index == 1 {
            first_within
        } else {
            common::TIMEOUT
        };
        let text = format!("{when}-ana-{index}");
        acked.push((chat_across(ana, bo, &text, within).await, text));
        let text = format!("{when}-bo-{index}");
        acked.push((chat_across(bo, ana, &text, within).await, text));
    }
}

/// The session on both nodes, live, with Ana watched on node 1 and Bo on
/// node 2, once each sees both present.
async fn ana_and_bo(node1: &Node, node2: &Node) -> (Watched, Watched) {
    create_session(node1).await;
    create_session(node2).await;
    go_live(node1).await;
    let mut ana = watched(node1, "Ana").await;
    let bo = watched(node2, "Bo").await;
    ana.until("Ana and Bo", common::TIMEOUT, |frame| presence_of(frame, 2))
        .await;
    (ana, bo)
}

/// A chat through `from`, acked (after refusals, if the log is still
/// recovering), and the same event with the same `seq` at `to`.
async fn chat_across(from: &mut Watched, to: &mut Watched, id: &str, within: Duration) -> u64 {
    let (seq, _) = from.chat_until_acked(id, id, within).await;
    let seen = to.event(seq, within).await;
    assert_eq!(seen, from.events[&seq], "seq {seq} differs between nodes");
    assert_eq!(seen["text"], id);
    seq
}

/// A new client on `node` that resumes from 0: every event of the session,
/// from seq 1 to its welcome's, once each, in order. The welcome may take
/// a while on a node that has just started after a JetStream server died:
/// its replay's consumer may first be placed on the dead server.
async fn every_event(node: &Node, name: &str) -> BTreeMap<u64, Value> {
    let join = Join::new(name)
        .client_id(&format!("{name}-device"))
        .resume_from(0);
    let mut client = connect(node.addr, SESSION).await;
    client.send_json(&join.to_json()).await;
    client.welcome = loop {
        match client.recv_within(RECOVERED_WITHIN).await {
            Some(Incoming::Json(frame)) if frame["type"] == "welcome" => break frame,
            Some(Incoming::Json(frame)) if frame["type"] == "presence" => continue,
            other => panic!("{name}'s join was not welcomed: {other:?}"),
        }
    };
    assert_eq!(client.welcome["resumed"], true, "{}", client.welcome);
    let up_to = client.welcome_seq();
    let mut events = Vec::new();
    while events.len() < up_to as usize {
        let frame = client.next_non_presence().await;
        assert_ne!(frame["type"], "error", "{frame}");
        if frame["seq"].is_u64() {
            events.push(frame);
        }
    }
    assert_eq!(
        seqs(&events),
        (1..=up_to).collect::<Vec<_>>(),
        "no gap, no repeat"
    );
    client.close().await;
    events
        .into_iter()
        .map(|event| (event["seq"].as_u64().expect("seq"), event))
        .collect()
}

/// Every acked chat is in `events` at its `seq` with its text, and every
/// event that `seen` has is the same in `events`.
fn assert_kept(
    events: &BTreeMap<u64, Value>,
    acked: &[(u64, String)],
    seen: &BTreeMap<u64, Value>,
) {
    for (seq, text) in acked {
        let event = events
            .get(seq)
            .unwrap_or_else(|| panic!("acked chat {text:?} (seq {seq}) is missing"));
        assert_eq!(event["type"], "chat.message", "{event}");
        assert_eq!(event["text"], text.as_str(), "{event}");
    }
    for (seq, event) in seen {
        assert_eq!(events.get(seq), Some(event), "seq {seq} differs");
    }
}

#[test]
fn nats_restarts_and_the_event_goes_on() {
    let _alone = one_at_a_time();
    let started = Instant::now();
    let mut nats = start_nats_server();
    runtime().block_on(async {
        tokio::time::timeout(TEST_DEADLINE, restart_scenario(&mut nats))
            .await
            .expect("the scenario finishes in time");
    });
    eprintln!("NATS restart scenario took {:?}", started.elapsed());
}

async fn restart_scenario(nats: &mut nats_server::NatsServer) {
    let url = nats.url.clone();
    let node1 = node(&url, "n1", &[]);
    let node2 = node(&url, "n2", &[]);
    let (mut ana, mut bo) = ana_and_bo(&node1, &node2).await;

    // Chats both ways, acked and seen on the other node.
    let mut acked = Vec::new();
    chats_both_ways(&mut ana, &mut bo, "before", common::TIMEOUT, &mut acked).await;

    // NATS dies (SIGKILL: no goodbye to its clients, no flush).
    nats.kill();
    let killed_at = Instant::now();
    tokio::time::sleep(Duration::from_millis(300)).await;
    // A chat now cannot be stored: it is refused, retryably, not acked.
    match ana.try_chat("while-down", "while NATS is down").await {
        Sent::Refused(error) => eprintln!("refused while NATS is down: {error}"),
        Sent::Acked(seq) => panic!("acked with seq {seq} while NATS is down"),
    }
    tokio::time::sleep(OUTAGE.saturating_sub(killed_at.elapsed())).await;

    // Back on the same port with the same storage.
    nats.restart();
    let restarted_at = Instant::now();

    // Chats work again through both nodes and reach the other one.
    chats_both_ways(&mut ana, &mut bo, "after", RECOVERED_WITHIN, &mut acked).await;
    eprintln!(
        "chats acked again {:?} after the restart",
        restarted_at.elapsed()
    );

    // Nothing acked was lost, nothing doubled: a client resuming from 0 on
    // node 2, and one on a node started now with an empty store, which
    // has only the log to go by.
    let on_node2 = every_event(&node2, "Dee").await;
    assert_kept(&on_node2, &acked, &ana.events);
    assert_kept(&on_node2, &acked, &bo.events);
    let node3 = node(&url, "n3", &[]);
    create_session(&node3).await;
    let on_node3 = every_event(&node3, "Eve").await;
    assert_kept(&on_node3, &acked, &ana.events);
    // Node 3's replica is node 2's, up to where node 2's client looked.
    for (seq, event) in &on_node2 {
        assert_eq!(
            on_node3.get(seq),
            Some(event),
            "seq {seq} differs on node 3"
        );
    }
    // Ana and Bo were never disturbed, and are served still.
    chat_across(&mut ana, &mut bo, "at-the-end", common::TIMEOUT).await;
    drop(node3);
    drop(node1);
    drop(node2);
}

#[test]
fn a_killed_jetstream_server_of_three_costs_nothing() {
    let _alone = one_at_a_time();
    let started = Instant::now();
    let mut cluster = start_nats_cluster(3);
    runtime().block_on(async {
        tokio::time::timeout(TEST_DEADLINE, cluster_scenario(&mut cluster))
            .await
            .expect("the scenario finishes in time");
    });
    eprintln!("JetStream cluster scenario took {:?}", started.elapsed());
}

/// The server leading the stream, as JetStream tells through `urls`, once
/// the stream has `replicas` copies (the leader and `replicas - 1` peers)
/// and is led by another server than `not`; waited for, within `within`.
async fn stream_leader(urls: &str, replicas: usize, not: Option<&str>, within: Duration) -> String {
    use hybridhub::cluster::{parse_servers, STREAM_NAME};
    let servers = parse_servers(urls).expect("the cluster's URLs");
    let client = async_nats::connect(servers.as_slice())
        .await
        .expect("a NATS connection");
    let context = async_nats::jetstream::new(client);
    let deadline = Instant::now() + within;
    let mut last = None;
    loop {
        if let Ok(mut stream) = context.get_stream(STREAM_NAME).await {
            if let Ok(info) = stream.info().await {
                let cluster = info.cluster.clone().unwrap_or_default();
                let placed =
                    info.config.num_replicas == replicas && cluster.replicas.len() == replicas - 1;
                if let Some(leader) = cluster.leader.clone() {
                    if placed && Some(leader.as_str()) != not {
                        return leader;
                    }
                }
                last = Some(format!(
                    "{} replicas, {:?}",
                    info.config.num_replicas, cluster
                ));
            }
        }
        assert!(
            Instant::now() < deadline,
            "the stream is not led with {replicas} replicas within {within:?}: {last:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn cluster_scenario(cluster: &mut NatsCluster) {
    let started = Instant::now();
    let urls = cluster.urls();
    // The stream exists already, with one replica (as a single-server
    // deployment made it).
    {
        use hybridhub::cluster::{CommandLog, CommandLogConfig};
        let config = CommandLogConfig::new(urls.as_str());
        let log = CommandLog::connect(config)
            .await
            .expect("the stream is made");
        assert_eq!(log.stored_entries().await.expect("the stream's state"), 0);
    }
    stream_leader(&urls, 1, None, common::TIMEOUT * 2).await;
    eprintln!(
        "JetStream's cluster made the stream after {:?}",
        started.elapsed()
    );

    // The nodes ask for three replicas: the stream is changed.
    let node1 = node(&urls, "n1", &["--nats-replicas", "3"]);
    let node2 = node(&urls, "n2", &["--nats-replicas", "3"]);
    stream_leader(&urls, 3, None, common::TIMEOUT * 2).await;
    eprintln!("three replicas after {:?}", started.elapsed());

    let (mut ana, mut bo) = ana_and_bo(&node1, &node2).await;
    let mut acked = Vec::new();
    chats_both_ways(&mut ana, &mut bo, "before", common::TIMEOUT, &mut acked).await;

    // The server leading the stream dies.
    let leader = stream_leader(&urls, 3, None, common::TIMEOUT).await;
    cluster.server_named(&leader).kill();
    let killed_at = Instant::now();
    let survivors: Vec<String> = cluster
        .servers
        .iter()
        .filter(|server| server.is_running())
        .map(|server| server.url.clone())
        .collect();
    let survivors = survivors.join(",");

    // The event goes on: chats through both nodes, acked and delivered on
    // the other node with the same seq, none lost, none twice.
    chats_both_ways(&mut ana, &mut bo, "after", RECOVERED_WITHIN, &mut acked).await;
    eprintln!(
        "chats acked again {:?} after the leader {leader} was killed",
        killed_at.elapsed()
    );
    // Another server leads the stream, which still has three replicas
    // (one of them offline).
    stream_leader(&survivors, 3, Some(&leader), common::TIMEOUT).await;

    // Every acked chat is in the log: a node started now, with an empty
    // store and only the surviving servers, rebuilds it all.
    let on_node2 = every_event(&node2, "Dee").await;
    assert_kept(&on_node2, &acked, &ana.events);
    assert_kept(&on_node2, &acked, &bo.events);
    let node3 = node(&survivors, "n3", &["--nats-replicas", "3"]);
    create_session(&node3).await;
    let on_node3 = every_event(&node3, "Eve").await;
    assert_kept(&on_node3, &acked, &ana.events);
    for (seq, event) in &on_node2 {
        assert_eq!(
            on_node3.get(seq),
            Some(event),
            "seq {seq} differs on node 3"
        );
    }
    chat_across(&mut ana, &mut bo, "at-the-end", common::TIMEOUT).await;
    drop(node3);
    drop(node1);
    drop(node2);
}
