//! Short smoke runs of several generator processes under one command
//! (`--processes`): the `hybridhub-loadtest` binary is run against the Rust
//! floor (started in this test process on 127.0.0.1:0), starts its worker
//! copies, and writes one report whose counts, CPU and latency histograms
//! cover every process. Each run is killed if it overruns. Not benchmarks.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use hybridhub_loadtest::Report;

/// A run that has not ended by then is killed and the test fails.
const RUN_DEADLINE: Duration = Duration::from_secs(60);

/// Runs the load generator with `arguments`; returns its exit status and
/// stderr.
fn run_loadtest(arguments: &[String]) -> (bool, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hybridhub-loadtest"))
        .args(arguments)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the load generator starts");
    let deadline = Instant::now() + RUN_DEADLINE;
    let status = loop {
        if let Some(status) = child
            .try_wait()
            .expect("the load generator can be waited for")
        {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the load generator ran past {RUN_DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        use std::io::Read;
        let _ = pipe.read_to_string(&mut stderr);
    }
    (status.success(), stderr)
}

/// The smoke settings: short phases, few source addresses.
fn smoke_arguments(scenario: &str, server: &str, clients: usize, processes: usize) -> Vec<String> {
    [
        scenario,
        "--target",
        "rust-floor",
        "--server",
        server,
        "--clients",
        &clients.to_string(),
        "--processes",
        &processes.to_string(),
        "--duration",
        "2",
        "--settle",
        "0.2",
        "--drain-timeout",
        "3",
        "--connect-timeout",
        "30",
        "--handshake-timeout",
        "10",
        "--source-addresses",
        "4",
        "--quiet",
    ]
    .iter()
    .map(|argument| argument.to_string())
    .collect()
}

fn read_report(path: &Path) -> Report {
    hybridhub_loadtest::table::read_report(path).expect("the run wrote its report")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broadcast_over_three_processes_counts_every_subscriber() {
    let floor = rust_floor::start("127.0.0.1:0".parse().unwrap())
        .await
        .expect("the floor starts");
    let directory = tempfile::tempdir().expect("a temporary directory");
    let json = directory.path().join("broadcast.json");
    let mut arguments = smoke_arguments("broadcast", &floor.addr.to_string(), 40, 3);
    arguments.extend([
        "--rate".to_string(),
        "20".to_string(),
        // The floor runs in this test process.
        "--server-pid".to_string(),
        std::process::id().to_string(),
        "--json".to_string(),
        json.display().to_string(),
    ]);
    let (succeeded, stderr) = tokio::task::spawn_blocking(move || run_loadtest(&arguments))
        .await
        .unwrap();
    floor.shutdown().await;
    assert!(succeeded, "the run failed: {stderr}");
    let report = read_report(&json);
    let summary = report.human_summary();
    eprintln!("{summary}");

    assert_eq!(report.load_generator.processes, 3, "{summary}");
    assert_eq!(report.connect.attempted, 40, "{summary}");
    assert_eq!(report.connect.joined, 40, "{summary}");
    assert_eq!(report.connect.join_latency.count, 40, "{summary}");
    assert!(report.messages.published >= 30, "{summary}");
    // Every process's subscribers are expected and counted: 40 per message.
    assert_eq!(
        report.messages.expected_deliveries,
        report.messages.published * 40,
        "{summary}"
    );
    assert_eq!(
        report.messages.delivered, report.messages.expected_deliveries,
        "{summary}"
    );
    // The merged histogram holds every delivery of every process.
    assert_eq!(report.latency["all"].count, report.messages.delivered);
    assert!(report.latency["all"].p99_ms > 0.0);
    assert_eq!(report.errors.disconnects + report.errors.error_frames, 0);
    assert!(report.load_generator.cpu_seconds > 0.0, "{summary}");
    assert!(report.server.is_some_and(|server| server.cpu_seconds > 0.0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn join_storm_over_two_processes_merges_every_join() {
    let floor = rust_floor::start("127.0.0.1:0".parse().unwrap())
        .await
        .expect("the floor starts");
    let directory = tempfile::tempdir().expect("a temporary directory");
    let json = directory.path().join("join-storm.json");
    let mut arguments = smoke_arguments("join-storm", &floor.addr.to_string(), 50, 2);
    arguments.extend(["--json".to_string(), json.display().to_string()]);
    let (succeeded, stderr) = tokio::task::spawn_blocking(move || run_loadtest(&arguments))
        .await
        .unwrap();
    floor.shutdown().await;
    assert!(succeeded, "the run failed: {stderr}");
    let report = read_report(&json);
    let summary = report.human_summary();

    assert_eq!(report.load_generator.processes, 2, "{summary}");
    assert_eq!(report.connect.joined, 50, "{summary}");
    assert_eq!(report.connect.join_latency.count, 50, "{summary}");
    let storm = report.join_storm.expect("join-storm fills its section");
    assert!(storm.seconds_until_all_welcomed > 0.0, "{summary}");
}

#[tokio::test]
async fn an_unreachable_server_fails_every_process_in_time() {
    let address = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let arguments = smoke_arguments("broadcast", &address.to_string(), 20, 2);
    let started = Instant::now();
    let (succeeded, stderr) = tokio::task::spawn_blocking(move || run_loadtest(&arguments))
        .await
        .unwrap();
    assert!(!succeeded);
    assert!(stderr.contains("no subscriber could join"), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[tokio::test]
async fn churn_refuses_several_processes() {
    let arguments: Vec<String> = ["churn", "--server", "127.0.0.1:9", "--processes", "2"]
        .iter()
        .map(|argument| argument.to_string())
        .collect();
    let (succeeded, stderr) = tokio::task::spawn_blocking(move || run_loadtest(&arguments))
        .await
        .unwrap();
    assert!(!succeeded);
    assert!(stderr.contains("one generator process"), "{stderr}");
}
