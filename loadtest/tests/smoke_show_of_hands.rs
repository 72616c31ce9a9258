//! A short smoke run of `show-of-hands` against hybridhub, started in this
//! process with `hybridhub::server::start` on 127.0.0.1:0: 50 participants
//! answer within 2 s, and every answer must be counted, at the moderator,
//! at the room display and in the final results, with the trail measured.
//! Not a benchmark.

use std::time::Duration;

use hybridhub_loadtest::{RunOptions, ScenarioOptions, Target};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn show_of_hands_counts_every_answer_and_measures_the_trail() {
    let data_dir = tempfile::tempdir().expect("a temporary data directory");
    let config = hybridhub::server::Config::for_tests(data_dir.path().to_path_buf());
    let server = hybridhub::server::start(config)
        .await
        .expect("hybridhub starts");
    let mut options = RunOptions::smoke(
        ScenarioOptions::default_show_of_hands(),
        Target::Hybridhub,
        server.addr.to_string(),
    );
    options.common.admin_token = Some(server.admin_token.clone());
    options.common.session = "lt-show-of-hands".to_string();
    options.common.clients = 50;
    options.common.duration = Duration::from_secs(2);
    let report = tokio::time::timeout(Duration::from_secs(90), hybridhub_loadtest::run(options))
        .await
        .expect("the run ends in time")
        .expect("the run completes");
    eprintln!("{}", report.human_summary());
    server.shutdown().await;

    assert_eq!(report.scenario, "show-of-hands");
    assert_eq!(report.connect.joined, 50);
    assert_eq!(report.errors.disconnects, 0);
    let hands = report
        .show_of_hands
        .as_ref()
        .expect("show-of-hands fills its section");
    assert_eq!(hands.participants, 50);
    assert_eq!(hands.answers_sent, 50, "every participant answers once");
    assert_eq!(hands.answers_acked, 50);
    assert_eq!(hands.answers_refused, 0);
    assert_eq!(hands.sent_per_option, vec![30, 20], "60% raise a hand");
    assert_eq!(hands.acked_per_option, hands.sent_per_option);
    for (name, observer) in [("moderator", &hands.moderator), ("display", &hands.display)] {
        let last = observer
            .last_tally
            .as_ref()
            .unwrap_or_else(|| panic!("the {name} received tallies"));
        assert_eq!(last.present, 50, "{name}: everyone present");
        assert_eq!(last.answered, 50, "{name}: every answer counted");
        assert_eq!(
            last.option_totals, hands.sent_per_option,
            "{name}: the totals are what was sent"
        );
        let results = observer
            .final_results
            .as_ref()
            .unwrap_or_else(|| panic!("the {name} received the final results"));
        assert_eq!(results.answered, 50, "{name}: final results");
        assert_eq!(results.option_totals, hands.sent_per_option);
        assert_eq!(observer.answers_never_counted, 0, "{name}");
        assert_eq!(
            observer.trail.count, 50,
            "{name}: a trail for every acknowledged answer"
        );
        assert!(observer.trail.max_ms > 0.0, "{name}: the trail is measured");
        assert!(
            observer.trail_of_last_answer_ms.is_some(),
            "{name}: the last answer's trail is measured"
        );
        // Tallies come at most once per 250 ms while the count moves.
        assert!(
            observer.tallies >= 2,
            "{name}: {} tallies",
            observer.tallies
        );
        assert!(observer.tally_interval.p50_ms >= 200.0, "{name}");
    }
    assert!(hands.every_answer_counted);
    assert!(
        hands.tallies_at_participants >= 50,
        "results are live: participants receive tallies too"
    );
}
