//! Short smoke runs of every scenario against hybridhub, started in this
//! process with `hybridhub::server::start` on 127.0.0.1:0. They keep the
//! load generator and the wire contract in step; they are not benchmarks.

use std::time::Duration;

use hybridhub_loadtest::options::{BroadcastOptions, ChurnOptions, WorkshopsOptions};
use hybridhub_loadtest::{Report, RunOptions, ScenarioOptions, Target};

/// A hybridhub on an ephemeral loopback port, with its data directory.
struct TestServer {
    server: hybridhub::server::RunningServer,
    _data_dir: tempfile::TempDir,
}

impl TestServer {
    async fn start() -> Self {
        let data_dir = tempfile::tempdir().expect("a temporary data directory");
        let config = hybridhub::server::Config::for_tests(data_dir.path().to_path_buf());
        let server = hybridhub::server::start(config)
            .await
            .expect("hybridhub starts");
        TestServer {
            server,
            _data_dir: data_dir,
        }
    }

    /// Smoke options against this server, in session `session` (created
    /// through the admin API by the load generator).
    fn options(&self, scenario: ScenarioOptions, session: &str) -> RunOptions {
        let mut options =
            RunOptions::smoke(scenario, Target::Hybridhub, self.server.addr.to_string());
        options.common.admin_token = Some(self.server.admin_token.clone());
        options.common.session = session.to_string();
        options
    }

    async fn run(&self, options: RunOptions) -> Report {
        let report = hybridhub_loadtest::run(options)
            .await
            .expect("the run completes");
        eprintln!("{}", report.human_summary());
        report
    }

    async fn shutdown(self) {
        self.server.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broadcast_delivers_every_chat_message_to_every_participant() {
    let server = TestServer::start().await;
    let report = server
        .run(server.options(
            ScenarioOptions::Broadcast(BroadcastOptions {
                messages_per_second: 20.0,
            }),
            "lt-broadcast",
        ))
        .await;
    server.shutdown().await;

    assert_eq!(report.connect.joined, 20);
    assert!(report.messages.published >= 30);
    assert_eq!(
        report.messages.acks, report.messages.published,
        "every chat.send is acknowledged"
    );
    assert!(report.messages.delivered > 0);
    assert_eq!(
        report.messages.delivered,
        report.messages.expected_deliveries
    );
    assert_eq!(
        report.errors.error_frames + report.errors.disconnects + report.errors.unparseable_frames,
        0
    );
    assert!(report.latency["chat"].count > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plenary_runs_and_counts_what_the_server_refuses() {
    let server = TestServer::start().await;
    let report = server
        .run(server.options(ScenarioOptions::default_plenary(), "lt-plenary"))
        .await;
    server.shutdown().await;

    assert_eq!(report.connect.joined, 20);
    assert!(report
        .latency
        .get("chat")
        .is_some_and(|latency| latency.count > 0));
    assert!(
        report.messages.other_actions > 0,
        "hands were raised and lowered"
    );
    // Captions and hands may not exist yet: then they come back as error
    // frames and are left out of the expected deliveries. Either way every
    // accepted message must reach every participant.
    let captions_delivered = report
        .latency
        .get("caption_partial")
        .map_or(0, |latency| latency.count);
    assert!(captions_delivered > 0 || report.messages.publish_rejected > 0);
    assert_eq!(
        report.messages.delivered,
        report.messages.expected_deliveries
    );
    assert_eq!(report.errors.disconnects, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workshops_keep_each_session_to_itself() {
    let server = TestServer::start().await;
    let mut options = server.options(
        ScenarioOptions::Workshops(WorkshopsOptions {
            room_size: 10,
            messages_per_second_per_room: 5.0,
            session_prefix: "lt-smoke-workshop".to_string(),
        }),
        "unused",
    );
    options.common.clients = 40;
    let report = server.run(options).await;
    server.shutdown().await;

    assert_eq!(report.connect.joined, 40);
    assert_eq!(report.parameters["rooms"], 4);
    assert!(report.messages.delivered > 0);
    // A delivery across sessions would push the count over the expected one.
    assert_eq!(
        report.messages.delivered,
        report.messages.expected_deliveries
    );
    assert_eq!(report.errors.error_frames, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn join_storm_welcomes_everyone_and_presence_catches_up() {
    let server = TestServer::start().await;
    let mut options = server.options(ScenarioOptions::JoinStorm, "lt-join-storm");
    options.common.clients = 50;
    options.common.connect_concurrency = 1000;
    options.common.duration = Duration::from_secs(3);
    let report = server.run(options).await;
    server.shutdown().await;

    assert_eq!(report.connect.joined, 50);
    assert_eq!(report.connect.failed, 0);
    let storm = report.join_storm.expect("join-storm fills its section");
    assert!(storm.seconds_until_all_welcomed > 0.0);
    assert!(
        storm.presence_frames_per_connection_min >= 1,
        "every participant hears presence"
    );
    // Presence is batched, so a storm of 50 costs a few frames each, not 50.
    assert!(storm.presence_frames_per_connection_max < 25);
    assert_eq!(storm.last_presence_participants_max, 50);
    assert_eq!(
        storm.last_presence_participants_min, 50,
        "everyone's last presence counts everyone"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn churn_resumes_without_gaps_or_duplicates() {
    let server = TestServer::start().await;
    let mut options = server.options(
        ScenarioOptions::Churn(ChurnOptions {
            chat_messages_per_second: 20.0,
            drops_per_second: 10.0,
            reconnect_delay: Duration::from_millis(50),
        }),
        "lt-churn",
    );
    options.common.duration = Duration::from_secs(3);
    let report = server.run(options).await;
    server.shutdown().await;

    assert_eq!(report.connect.joined, 20);
    let churn = report.churn.expect("churn fills its section");
    assert!(churn.drops >= 5, "participants dropped: {}", churn.drops);
    assert_eq!(churn.resumes, churn.drops);
    assert_eq!(churn.reconnect_failures, 0);
    assert_eq!(churn.resume_refused, 0);
    assert!(churn.final_seq > 0);
    assert_eq!(churn.gaps, 0);
    assert_eq!(churn.duplicates, 0);
    assert_eq!(churn.missing_at_end, 0);
    assert_eq!(churn.participants_checked, 20);
    assert!(report.messages.delivered > 0);
}
