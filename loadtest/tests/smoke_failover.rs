//! A short smoke run of failover (`--kill-node-after`): three hybridhub
//! nodes in cluster mode, each in a child process of its own (this test
//! program started again to run only `node_process`), share one
//! `nats-server`. A broadcast runs over them, and node 2 is killed with
//! SIGKILL in the middle of the window. Its subscribers must resume on
//! another node and see every chat message once: no gap, no duplicate,
//! nothing missing at the end, and every message delivered.
//!
//! Every child is killed when the test ends, and a child also exits when
//! its stdin closes (the test died) or after [`NODE_LIFETIME`]. Needs
//! `nats-server` on the PATH or in `/usr/sbin`, like `smoke_cluster`.

mod nats_server;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use hybridhub::server::ClusterConfig;
use hybridhub_loadtest::options::{BroadcastOptions, KillNode};
use hybridhub_loadtest::{RunOptions, ScenarioOptions, Target};
use nats_server::{start_nats_server, NatsServer};

/// The whole test must finish within this; it normally takes about 15 s.
const TEST_DEADLINE: Duration = Duration::from_secs(120);

/// A node process ends by itself after this, whatever happens to the test.
const NODE_LIFETIME: Duration = Duration::from_secs(90);

/// How a node child learns its NATS URL, node id and data directory.
const NATS_URL_VARIABLE: &str = "LT_FAILOVER_NODE_NATS_URL";
const NODE_ID_VARIABLE: &str = "LT_FAILOVER_NODE_ID";
const DATA_DIR_VARIABLE: &str = "LT_FAILOVER_NODE_DATA_DIR";

/// The line a node child prints once it listens: the marker, its address
/// and its admin token.
const READY_MARKER: &str = "lt-failover-node-ready";

/// The body of a node child process, not a test of its own: without the
/// variables the test sets, it returns at once.
#[test]
#[ignore = "a node process that broadcast_subscribers_resume_when_their_node_is_killed starts"]
fn node_process() {
    let (Ok(nats_url), Ok(node_id), Ok(data_dir)) = (
        std::env::var(NATS_URL_VARIABLE),
        std::env::var(NODE_ID_VARIABLE),
        std::env::var(DATA_DIR_VARIABLE),
    ) else {
        return;
    };
    // The test holds our stdin: its end means the test is gone.
    std::thread::spawn(|| {
        let _ = std::io::stdin().read_to_end(&mut Vec::new());
        std::process::exit(0);
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let mut config = hybridhub::server::Config::for_tests(data_dir.into());
        config.cluster = Some(ClusterConfig::new(nats_url, node_id));
        let server = hybridhub::server::start(config)
            .await
            .expect("a hybridhub node starts in cluster mode");
        println!("{READY_MARKER} {} {}", server.addr, server.admin_token);
        tokio::time::sleep(NODE_LIFETIME).await;
    });
    std::process::exit(0);
}

/// A node child: killed and reaped when dropped; its data directory is the
/// test's, so it goes even when the child is killed.
struct NodeProcess {
    child: Child,
    addr: String,
    admin_token: String,
    _data_dir: tempfile::TempDir,
}

impl Drop for NodeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_node(nats: &NatsServer, node_id: &str) -> NodeProcess {
    let data_dir = tempfile::tempdir().expect("a temporary data directory");
    let mut child = Command::new(std::env::current_exe().expect("this test program"))
        .args([
            "node_process",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(NATS_URL_VARIABLE, &nats.url)
        .env(NODE_ID_VARIABLE, node_id)
        .env(DATA_DIR_VARIABLE, data_dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the node child starts");
    let stdout = child.stdout.take().expect("a piped stdout");
    let (ready_sender, ready_receiver) = mpsc::channel();
    // Reads the child's output to its end, so that it never blocks on it.
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            // The test harness may have written its own words first.
            if let Some((_, rest)) = line.split_once(READY_MARKER) {
                let _ = ready_sender.send(rest.trim().to_string());
            }
        }
    });
    let mut node = NodeProcess {
        child,
        addr: String::new(),
        admin_token: String::new(),
        _data_dir: data_dir,
    };
    let ready = ready_receiver
        .recv_timeout(Duration::from_secs(30))
        .expect("the node child listens within 30 s");
    let (addr, admin_token) = ready.split_once(' ').expect("address and token");
    node.addr = addr.to_string();
    node.admin_token = admin_token.to_string();
    node
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broadcast_subscribers_resume_when_their_node_is_killed() {
    let nats = start_nats_server();
    let mut nodes: Vec<NodeProcess> = ["lt-fail-a", "lt-fail-b", "lt-fail-c"]
        .iter()
        .map(|id| start_node(&nats, id))
        .collect();
    let mut options = RunOptions::smoke(
        ScenarioOptions::Broadcast(BroadcastOptions {
            messages_per_second: 20.0,
        }),
        Target::Hybridhub,
        String::new(),
    )
    .with_servers(nodes.iter().map(|node| node.addr.clone()).collect());
    options.common.clients = 60;
    options.common.duration = Duration::from_secs(4);
    options.common.session = "lt-failover".to_string();
    options.common.admin_token = Some(nodes[0].admin_token.clone());
    options.common.server_pids = nodes.iter().map(|node| node.child.id()).collect();
    options.common.nats_pid = Some(nats.child.id());
    options.common.kill_node = Some(KillNode {
        node: 2,
        after: Duration::from_millis(1500),
    });
    let report = tokio::time::timeout(TEST_DEADLINE, hybridhub_loadtest::run(options))
        .await
        .expect("the run finishes in time")
        .expect("the run completes");
    let summary = report.human_summary();
    eprintln!("{summary}");
    let killed = nodes[2].child.try_wait().expect("the node's status");
    assert!(
        killed.is_some(),
        "node 2 was killed during the run: {summary}"
    );

    assert_eq!(report.connect.joined, 60, "{summary}");
    let failover = report.failover.as_ref().expect("a failover section");
    assert_eq!(failover.killed_node, 2);
    assert_eq!(failover.killed_pid, nodes[2].child.id());
    assert_eq!(failover.kill_error, None, "{summary}");
    assert!(failover.killed_node_rss_bytes > 0, "{summary}");
    assert_eq!(failover.subscribers_on_killed_node, 20, "{summary}");
    assert_eq!(failover.subscribers_followed, 60, "{summary}");
    assert_eq!(
        failover.disconnects, 20,
        "only the killed node's subscribers lost their connection: {summary}"
    );
    assert_eq!(failover.resumed, 20, "{summary}");
    assert_eq!(
        (failover.resume_refused, failover.resume_failed),
        (0, 0),
        "{summary}"
    );
    assert_eq!(
        (failover.gaps, failover.duplicates, failover.missing_at_end),
        (0, 0, 0),
        "every subscriber sees every seq once: {summary}"
    );
    assert!(failover.final_seq > 0, "{summary}");
    assert_eq!(failover.resume_to_welcome.count, 20, "{summary}");
    assert_eq!(failover.resume_to_first_delivery.count, 20, "{summary}");
    assert!(
        failover.resume_to_first_delivery.max_ms >= failover.resume_to_welcome.p50_ms,
        "{summary}"
    );
    assert!(report.messages.published >= 60, "{summary}");
    assert_eq!(report.messages.acks, report.messages.published, "{summary}");
    assert_eq!(
        report.messages.delivered, report.messages.expected_deliveries,
        "every message reaches every subscriber, replays included: {summary}"
    );
    let server = report
        .server
        .as_ref()
        .expect("the surviving nodes were read");
    assert!(server.cpu_seconds > 0.0, "{summary}");
    nodes.clear();
}
