//! Short smoke runs against the nginx + nchan peer (`peers/nchan/run`),
//! started on a free loopback port with a temporary prefix and stopped when
//! the test ends. They need nginx and Debian's libnginx-mod-nchan; without
//! them they are skipped, or fail under `LOADTEST_REQUIRE_PEERS=1`. They are
//! not benchmarks.

mod external_peer;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use external_peer::ExternalPeer;
use hybridhub_loadtest::options::{BroadcastOptions, WorkshopsOptions};
use hybridhub_loadtest::{Report, RunOptions, ScenarioOptions, Target};

/// Each run must finish within this; it normally takes about 4 s.
const RUN_DEADLINE: Duration = Duration::from_secs(60);

const NCHAN_MODULE: &str = "/usr/lib/nginx/modules/ngx_nchan_module.so";

/// nginx with nchan, and its temporary prefix (removed after nginx stops:
/// the peer is declared first, so it is dropped first).
struct Nchan {
    peer: ExternalPeer,
    _prefix: tempfile::TempDir,
}

fn start_nchan() -> Option<Nchan> {
    let module = std::env::var("NCHAN_MODULE").unwrap_or_else(|_| NCHAN_MODULE.to_string());
    if !external_peer::runs("nginx") && !external_peer::runs("/usr/sbin/nginx") {
        return external_peer::missing(
            "nginx is not installed (Debian: apt-get install nginx libnginx-mod-nchan)",
        );
    }
    if !Path::new(&module).is_file() {
        return external_peer::missing(&format!(
            "no nchan module at {module} (Debian: apt-get install libnginx-mod-nchan)"
        ));
    }
    let prefix = tempfile::tempdir().expect("a temporary nginx prefix");
    let port = external_peer::free_port();
    let mut command = Command::new(external_peer::peers_dir().join("nchan/run"));
    command
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .arg("--prefix")
        .arg(prefix.path());
    Some(Nchan {
        peer: external_peer::start(command, port),
        _prefix: prefix,
    })
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
async fn broadcast_through_nchan_reaches_every_subscriber() {
    let Some(nchan) = start_nchan() else { return };
    let mut options = RunOptions::smoke(
        ScenarioOptions::Broadcast(BroadcastOptions {
            messages_per_second: 20.0,
        }),
        Target::Nchan,
        nchan.peer.address.clone(),
    );
    // The master and its worker, which does the work; the master forks the
    // worker after it starts listening.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    let mut workers = nchan.peer.child_pids();
    while workers.is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
        workers = nchan.peer.child_pids();
    }
    assert!(!workers.is_empty(), "nginx has no worker process");
    let mut pids = vec![nchan.peer.pid()];
    pids.extend(&workers);
    options.common.server_pids = pids.clone();
    let report = run(options).await;
    let summary = report.human_summary();

    assert_eq!(report.target, "nchan");
    assert_eq!(report.connect.joined, 20, "{summary}");
    assert!(report.messages.published >= 30, "{summary}");
    assert_eq!(
        report.messages.delivered, report.messages.expected_deliveries,
        "{summary}"
    );
    assert_eq!(report.errors.disconnects + report.errors.error_frames, 0);
    // Both processes are read (a couple of seconds of this load may round
    // to zero CPU ticks, so only memory is sure to show).
    let server = report.server.expect("the peer's pids were given");
    assert_eq!(server.pids, pids, "{summary}");
    assert!(server.rss_peak_bytes > 0, "{summary}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workshops_through_nchan_stay_in_their_channels() {
    let Some(nchan) = start_nchan() else { return };
    let options = RunOptions::smoke(
        ScenarioOptions::Workshops(WorkshopsOptions {
            room_size: 10,
            messages_per_second_per_room: 10.0,
            session_prefix: "lt-nchan-workshop".to_string(),
        }),
        Target::Nchan,
        nchan.peer.address.clone(),
    );
    let report = run(options).await;
    let summary = report.human_summary();

    // Two channels of ten: a message that leaked into the other channel
    // would be counted there too, and deliveries would pass the expected.
    assert_eq!(report.connect.joined, 20, "{summary}");
    assert!(report.messages.published >= 30, "{summary}");
    assert_eq!(
        report.messages.delivered, report.messages.expected_deliveries,
        "{summary}"
    );
}
