//! Short smoke runs against the uWebSockets.js peer (`peers/uws/server.js`),
//! started with `node` on a free loopback port and killed when the test
//! ends. They need Node.js and the peers' npm packages (`npm ci` in
//! `loadtest/peers`); without them they are skipped, or fail under
//! `LOADTEST_REQUIRE_PEERS=1`. They are not benchmarks.

mod external_peer;

use std::process::Command;
use std::time::Duration;

use external_peer::ExternalPeer;
use hybridhub_loadtest::options::BroadcastOptions;
use hybridhub_loadtest::{Report, RunOptions, ScenarioOptions, Target};

/// Each run must finish within this; it normally takes about 4 s.
const RUN_DEADLINE: Duration = Duration::from_secs(60);

fn start_uws() -> Option<ExternalPeer> {
    let peers = external_peer::peers_dir();
    if !external_peer::runs("node") {
        return external_peer::missing("node is not on the PATH");
    }
    if !peers
        .join("node_modules/@trufflesuite/uws-js-unofficial")
        .is_dir()
    {
        return external_peer::missing(
            "@trufflesuite/uws-js-unofficial is not installed; run `npm ci` in loadtest/peers",
        );
    }
    let port = external_peer::free_port();
    let mut command = Command::new("node");
    command
        .arg(peers.join("uws/server.js"))
        .args(["--listen", &format!("127.0.0.1:{port}")]);
    Some(external_peer::start(command, port))
}

async fn run(options: RunOptions) -> Report {
    let report = tokio::time::timeout(RUN_DEADLINE, hybridhub_loadtest::run(options))
        .await
        .expect("the run finishes in time")
        .expect("the run completes");
    eprintln!("{}", report.human_summary());
    report
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broadcast_through_uws_reaches_every_subscriber() {
    let Some(peer) = start_uws() else { return };
    let mut options = RunOptions::smoke(
        ScenarioOptions::Broadcast(BroadcastOptions {
            messages_per_second: 20.0,
        }),
        Target::Uws,
        peer.address.clone(),
    );
    options.common.server_pids = vec![peer.pid()];
    let report = run(options).await;
    let summary = report.human_summary();

    assert_eq!(report.target, "uws");
    assert_eq!(report.connect.joined, 20, "{summary}");
    assert!(report.messages.published >= 30, "{summary}");
    assert_eq!(
        report.messages.delivered, report.messages.expected_deliveries,
        "{summary}"
    );
    assert_eq!(report.latency["chat"].count, report.messages.delivered);
    assert_eq!(report.errors.disconnects + report.errors.error_frames, 0);
    // The node process is read (a couple of seconds of this load may round
    // to zero CPU ticks, so only memory is sure to show).
    let server = report.server.expect("the peer's pid was given");
    assert_eq!(server.pid, peer.pid());
    assert!(server.rss_peak_bytes > 0, "{summary}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plenary_through_uws_times_captions_and_chat() {
    let Some(peer) = start_uws() else { return };
    let options = RunOptions::smoke(
        ScenarioOptions::default_plenary(),
        Target::Uws,
        peer.address.clone(),
    );
    let report = run(options).await;
    let summary = report.human_summary();

    assert_eq!(report.connect.joined, 20, "{summary}");
    for kind in ["chat", "caption_partial", "caption_final"] {
        assert!(
            report
                .latency
                .get(kind)
                .is_some_and(|latency| latency.count > 0),
            "no {kind} in {summary}"
        );
    }
    assert_eq!(
        report.messages.delivered, report.messages.expected_deliveries,
        "{summary}"
    );
}
