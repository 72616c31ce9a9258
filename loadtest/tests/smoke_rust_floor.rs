//! Short smoke runs of the scenarios against the bare Rust floor, started in
//! this process on 127.0.0.1:0. They keep the load generator working; they
//! are not benchmarks.

use hybridhub_loadtest::{RunOptions, ScenarioOptions, Target};

async fn start_floor() -> rust_floor::RunningFloor {
    rust_floor::start("127.0.0.1:0".parse().unwrap())
        .await
        .expect("the floor starts on an ephemeral port")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broadcast_delivers_every_message_to_every_subscriber() {
    let floor = start_floor().await;
    let mut options = RunOptions::smoke(
        ScenarioOptions::Broadcast(hybridhub_loadtest::options::BroadcastOptions {
            messages_per_second: 20.0,
        }),
        Target::RustFloor,
        floor.addr.to_string(),
    );
    // The floor runs in this process, so this process is the server to read.
    options.common.server_pids = vec![std::process::id()];
    let report = hybridhub_loadtest::run(options)
        .await
        .expect("the run completes");
    floor.shutdown().await;

    assert_eq!(report.connect.joined, 20, "{}", report.human_summary());
    assert_eq!(report.connect.failed, 0);
    assert!(
        report.messages.published >= 30,
        "{}",
        report.human_summary()
    );
    assert!(report.messages.delivered > 0);
    assert_eq!(
        report.messages.delivered,
        report.messages.expected_deliveries,
        "{}",
        report.human_summary()
    );
    assert_eq!(report.latency["chat"].count, report.messages.delivered);
    assert!(report.latency["all"].p99_ms > 0.0);
    assert_eq!(report.errors.error_frames + report.errors.disconnects, 0);
    let server = report.server.expect("the server pid was given");
    assert!(server.cpu_seconds > 0.0 && server.rss_peak_bytes > 0);
    assert!(report.connect.source_addresses > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plenary_times_captions_and_chat_separately() {
    let floor = start_floor().await;
    let options = RunOptions::smoke(
        ScenarioOptions::default_plenary(),
        Target::RustFloor,
        floor.addr.to_string(),
    );
    let report = hybridhub_loadtest::run(options)
        .await
        .expect("the run completes");
    floor.shutdown().await;

    assert_eq!(report.connect.joined, 20, "{}", report.human_summary());
    for kind in ["chat", "caption_partial", "caption_final"] {
        assert!(
            report
                .latency
                .get(kind)
                .is_some_and(|latency| latency.count > 0),
            "no {kind} in {}",
            report.human_summary()
        );
    }
    assert!(
        report.messages.delivery_ratio > 0.99,
        "{}",
        report.human_summary()
    );
    assert!(report.notes.iter().any(|note| note.contains("hands")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn join_storm_welcomes_everyone() {
    let floor = start_floor().await;
    let mut options = RunOptions::smoke(
        ScenarioOptions::JoinStorm,
        Target::RustFloor,
        floor.addr.to_string(),
    );
    options.common.clients = 50;
    options.common.connect_concurrency = 1000;
    let report = hybridhub_loadtest::run(options)
        .await
        .expect("the run completes");
    floor.shutdown().await;

    assert_eq!(report.connect.joined, 50, "{}", report.human_summary());
    let storm = report.join_storm.expect("join-storm fills its section");
    assert!(storm.seconds_until_all_welcomed > 0.0);
    assert!(report.connect.joins_per_second > 0.0);
    assert_eq!(report.connect.join_latency.count, 50);
}

#[tokio::test]
async fn scenarios_the_floor_cannot_serve_are_refused() {
    let workshops = RunOptions::smoke(
        ScenarioOptions::default_workshops(),
        Target::RustFloor,
        "127.0.0.1:9",
    );
    assert!(hybridhub_loadtest::run(workshops)
        .await
        .unwrap_err()
        .contains("rooms"));
    let churn = RunOptions::smoke(
        ScenarioOptions::default_churn(),
        Target::RustFloor,
        "127.0.0.1:9",
    );
    assert!(hybridhub_loadtest::run(churn)
        .await
        .unwrap_err()
        .contains("hybridhub"));
}

#[tokio::test]
async fn remote_targets_are_refused_without_the_flag() {
    let options = RunOptions::smoke(
        ScenarioOptions::default_broadcast(),
        Target::RustFloor,
        "192.0.2.10:80",
    );
    let error = hybridhub_loadtest::run(options).await.unwrap_err();
    assert!(error.contains("not loopback"), "{error}");
}

#[tokio::test]
async fn limits_are_enforced_before_any_connection() {
    let mut options = RunOptions::smoke(
        ScenarioOptions::default_broadcast(),
        Target::RustFloor,
        "127.0.0.1:9",
    );
    options.common.clients = hybridhub_loadtest::options::MAX_CLIENTS + 1;
    assert!(hybridhub_loadtest::run(options).await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_server_is_an_error_not_a_hang() {
    // A port held by a socket that is bound but never listens, for the whole
    // run: connections to it are refused, and no other server (another
    // test's floor on an ephemeral port) can be given it meanwhile.
    let closed = tokio::net::TcpSocket::new_v4().unwrap();
    closed.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let address = closed.local_addr().unwrap();
    let options = RunOptions::smoke(
        ScenarioOptions::default_broadcast(),
        Target::RustFloor,
        address.to_string(),
    );
    let error = hybridhub_loadtest::run(options).await.unwrap_err();
    assert!(error.contains("no subscriber could join"), "{error}");
    drop(closed);
}
