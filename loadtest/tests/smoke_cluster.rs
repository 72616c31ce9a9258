//! A short smoke run of the multi-server path: two hybridhub nodes in
//! cluster mode, started in this process with `hybridhub::server::start`,
//! sharing one `nats-server` (JetStream, monitoring on) that this test
//! starts on loopback ports the server picks itself (read back from its
//! ports file) and kills when it ends. Subscribers are
//! spread over both nodes, the publisher is on the first; every chat message
//! must reach every subscriber, latency must split into same-node and
//! cross-node, and the NATS traffic must grow with the commands, not with
//! the subscribers.
//!
//! Needs `nats-server` on the PATH or in `/usr/sbin` (Debian's package), like
//! the cluster tests of the server; it fails with an install hint otherwise.

mod nats_server;

use std::time::Duration;

use hybridhub::server::ClusterConfig;
use hybridhub_loadtest::options::BroadcastOptions;
use hybridhub_loadtest::{Report, RunOptions, ScenarioOptions, Target};
use nats_server::{start_nats_server, NatsServer};

/// The whole test must finish within this; it normally takes about 10 s.
const TEST_DEADLINE: Duration = Duration::from_secs(90);

/// A hybridhub node in cluster mode on an ephemeral loopback port.
struct Node {
    server: hybridhub::server::RunningServer,
    _data_dir: tempfile::TempDir,
}

async fn start_node(nats: &NatsServer, node_id: &str) -> Node {
    let data_dir = tempfile::tempdir().expect("a temporary data directory");
    let mut config = hybridhub::server::Config::for_tests(data_dir.path().to_path_buf());
    config.cluster = Some(ClusterConfig::new(nats.url.clone(), node_id));
    let server = hybridhub::server::start(config)
        .await
        .expect("a hybridhub node starts in cluster mode");
    Node {
        server,
        _data_dir: data_dir,
    }
}

async fn run_broadcast(nats: &NatsServer, nodes: &[Node], clients: usize, session: &str) -> Report {
    let mut options = RunOptions::smoke(
        ScenarioOptions::Broadcast(BroadcastOptions {
            messages_per_second: 20.0,
        }),
        Target::Hybridhub,
        String::new(),
    )
    .with_servers(
        nodes
            .iter()
            .map(|node| node.server.addr.to_string())
            .collect(),
    );
    options.common.clients = clients;
    options.common.session = session.to_string();
    options.common.admin_token = Some(nodes[0].server.admin_token.clone());
    // Both nodes run in this process.
    options.common.server_pids = vec![std::process::id()];
    options.common.nats_pid = Some(nats.child.id());
    options.common.nats_monitor = Some(nats.monitor.clone());
    options.common.nats_baseline = Duration::from_secs(1);
    let report = hybridhub_loadtest::run(options)
        .await
        .expect("the run completes");
    eprintln!("{}", report.human_summary());
    report
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broadcast_over_two_cluster_nodes_splits_latency_and_measures_nats() {
    let nats = start_nats_server();
    tokio::time::timeout(TEST_DEADLINE, scenario(&nats))
        .await
        .expect("the smoke runs finish in time");
}

async fn scenario(nats: &NatsServer) {
    let nodes = vec![
        start_node(nats, "lt-node-a").await,
        start_node(nats, "lt-node-b").await,
    ];
    let small = run_broadcast(nats, &nodes, 10, "lt-cluster-small").await;
    let large = run_broadcast(nats, &nodes, 40, "lt-cluster-large").await;
    for node in nodes {
        node.server.shutdown().await;
    }

    for (report, clients) in [(&small, 10u64), (&large, 40)] {
        let summary = report.human_summary();
        assert_eq!(report.connect.joined, clients, "{summary}");
        assert!(report.messages.published >= 30, "{summary}");
        assert_eq!(report.messages.acks, report.messages.published, "{summary}");
        assert_eq!(
            report.messages.delivered, report.messages.expected_deliveries,
            "every chat message reaches every subscriber on either node: {summary}"
        );
        assert_eq!(
            report.errors.error_frames
                + report.errors.disconnects
                + report.errors.unparseable_frames,
            0,
            "{summary}"
        );
        let cluster = report.cluster.as_ref().expect("a cluster section");
        assert_eq!(cluster.servers.len(), 2);
        assert_eq!(cluster.joined_per_server, vec![clients / 2, clients / 2]);
        assert_eq!(
            cluster.same_node_latency.count + cluster.cross_node_latency.count,
            report.messages.delivered
        );
        assert!(cluster.cross_node_latency.count > 0 && cluster.cross_node_latency.p99_ms > 0.0);
        assert_eq!(cluster.nats_pid, Some(nats.child.id()));
        let server = report.server.as_ref().expect("the server pids were given");
        assert!(server.cpu_seconds > 0.0 && server.rss_peak_bytes > 0);
        let traffic = cluster.nats.as_ref().expect("/varz was read");
        assert_eq!(traffic.commands, report.messages.published);
        assert!(traffic.window.in_msgs > 0 && traffic.window.out_msgs > 0);
        assert!(traffic.baseline_seconds > 0.5);
        assert!(
            traffic.messages_per_join > 0.0,
            "every join is a command in the log"
        );
    }
    // Each command crosses NATS a few times per node, whatever the number of
    // subscribers: at 40 subscribers a per-delivery cost would be over 40.
    let per_command = |report: &Report| {
        report
            .cluster
            .as_ref()
            .unwrap()
            .nats
            .as_ref()
            .unwrap()
            .messages_per_command
    };
    assert!(
        per_command(&large) < 15.0,
        "NATS messages per command at 40 subscribers: {}",
        per_command(&large)
    );
    assert!(
        per_command(&large) < per_command(&small) * 2.0,
        "NATS traffic per command must not grow with the subscribers: {} at 10, {} at 40",
        per_command(&small),
        per_command(&large)
    );
}
