//! A short soak with the hostile mix against hybridhub started in this
//! process: the honest participants must see every durable event once, and
//! the hostile clients must be refused or cut. Not a benchmark: the real
//! soak runs for 30 minutes (see BENCHMARKS.md, *Soak*).

use std::time::Duration;

use hybridhub_loadtest::scenario::soak::{HostileMix, SoakOptions};
use hybridhub_loadtest::{RunOptions, ScenarioOptions, Target};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_soak_keeps_honest_participants_whole_while_hostile_clients_are_refused() {
    let data_dir = tempfile::tempdir().expect("a temporary data directory");
    let mut config = hybridhub::server::Config::for_tests(data_dir.path().to_path_buf());
    config.metrics.listen = Some("127.0.0.1:0".parse().unwrap());
    // A small outbound bound, so that a slow reader is cut within seconds
    // rather than minutes.
    config.hub.outbound_max_frames = 64;
    // A lower upgrade limit, so that a storm of 5 s passes it; the honest
    // participants (about 13 joins and a few resumes on each of their 4
    // addresses) stay under it.
    config.hub.upgrades_per_ip_per_minute = 30;
    // A lower command rate, so that a flood burst small enough for the
    // small outbound bound passes it; the captioner's 18 commands a second
    // stay under it.
    config.hub.commands_per_second = 20;
    config.hub.command_burst = 20;
    let server = hybridhub::server::start(config)
        .await
        .expect("hybridhub starts");

    let mut soak = SoakOptions::standard();
    soak.churn_share = 0.2;
    soak.drops_per_second = 4.0;
    soak.warmup = Duration::from_secs(1);
    soak.rss_every = Duration::from_millis(250);
    soak.slice_every = Duration::from_secs(2);
    soak.metrics_address = server.metrics_addr.map(|address| address.to_string());
    soak.hostile = HostileMix {
        flooders: 1,
        // Past the command burst (20 here), with answers that fit the
        // small outbound bound.
        flood_burst: 30,
        flood_every: Duration::from_secs(1),
        slow_readers: 2,
        bad_framers: 1,
        bad_frames_per_second: 5.0,
        storm_per_second: 15.0,
        ..HostileMix::standard()
    };
    let mut options = RunOptions::smoke(
        ScenarioOptions::Soak(soak),
        Target::Hybridhub,
        server.addr.to_string(),
    );
    options.common.admin_token = Some(server.admin_token.clone());
    options.common.session = "lt-soak".to_string();
    options.common.clients = 50;
    options.common.duration = Duration::from_secs(6);
    options.common.server_pids = vec![std::process::id()];
    let report = hybridhub_loadtest::run(options)
        .await
        .expect("the run completes");
    eprintln!("{}", report.human_summary());
    server.shutdown().await;

    // Honest participants: all joined, every durable event seen exactly once.
    assert_eq!(report.connect.joined, 50);
    let churn = report.churn.as_ref().expect("a churn section");
    assert!(churn.resumes > 0, "some participants dropped and resumed");
    assert_eq!(churn.gaps, 0, "gaps");
    assert_eq!(churn.duplicates, 0, "duplicates");
    assert_eq!(churn.missing_at_end, 0, "missing at the end");
    assert_eq!(churn.participants_checked, 50);
    assert!(churn.final_seq > 0);
    assert!(report.latency["caption_partial"].count > 0);
    assert_eq!(
        report.errors.error_frames, 0,
        "no honest client was refused"
    );

    // Hostile clients: refused, closed or cut, each in its own way.
    let soak = report.soak.as_ref().expect("a soak section");
    let hostile = soak.hostile.as_ref().expect("a hostile section");
    let flood = &hostile.flooders;
    assert!(flood.refusals.get("rate_limited").copied().unwrap_or(0) > 0);
    assert!(flood.acked > 0, "a flood's first frames pass the limit");
    let bad = &hostile.bad_framers;
    for code in [
        "bad_json",
        "unknown_type",
        "invalid_field",
        "too_large",
        "binary_frame",
    ] {
        assert!(
            bad.refusals.get(code).copied().unwrap_or(0) > 0,
            "{code}: {bad:?}"
        );
    }
    assert!(
        bad.closes.get("1009").copied().unwrap_or(0) > 0,
        "oversized frames close with 1009"
    );
    let storm = &hostile.storm;
    assert!(storm.joins > 0);
    assert!(
        storm
            .join_failures
            .keys()
            .any(|failure| failure.contains("429")),
        "the storm passes the per-address upgrade limit: {storm:?}"
    );
    // Whether a slow reader is cut within these few seconds depends on how
    // far the kernel's socket buffers grew first (in the 30-minute soak it
    // took 9 minutes), so the smoke only checks that they joined and that
    // the honest participants were not slowed into gaps or closes.
    assert_eq!(hostile.slow_readers.clients, 2);
    assert!(hostile.slow_readers.joins >= 2);
    assert_eq!(report.errors.disconnects, 0, "no honest client was closed");
    assert!(soak.rss_samples.len() >= 10);
    assert!(soak.rss_slope_kib_per_minute.is_some());
    assert!(soak.slices.len() >= 2);
    let sliced: u64 = soak.slices.iter().map(|slice| slice.partial_captions).sum();
    assert!(sliced > 0 && sliced <= report.latency["caption_partial"].count);
}
