//! What an operator's tools read: `/metrics` (on its own listener, or on
//! the main one behind a token, or nowhere), whose figures move with real
//! traffic, and `/readyz`, which answers 503 while the server drains at
//! shutdown. (`tests/python/metrics_check.py` parses `/metrics` with
//! Prometheus' own client library.)

mod common;

use common::{http, start, start_with, upgrade_status, Join};
use hybridhub::server::MetricsExposure;
use std::net::SocketAddr;
use std::time::Duration;

const METRICS_TOKEN: &str = "metrics-token-0123456789abcdef";

/// The value of the sample named exactly `sample` (name and labels as the
/// text format writes them), or `None` if there is none.
fn sample(text: &str, sample: &str) -> Option<f64> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .find_map(|line| {
            let (name, value) = line.rsplit_once(' ')?;
            (name == sample).then(|| value.parse().expect("a number"))
        })
}

async fn scrape(addr: SocketAddr, headers: &[(&str, &str)]) -> String {
    let response = http(addr, "GET", "/metrics", headers, None).await;
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(
        response.header("content-type"),
        Some("text/plain; version=0.0.4; charset=utf-8")
    );
    response.body
}

#[tokio::test]
async fn metrics_are_served_nowhere_unless_asked() {
    let server = start().await;
    assert_eq!(server.get("/metrics").await.status, 404);
    assert!(server.running().metrics_addr.is_none());
}

#[tokio::test]
async fn metrics_on_the_main_port_need_the_metrics_token() {
    let server = start_with(|config| {
        config.metrics = MetricsExposure {
            listen: None,
            token: Some(METRICS_TOKEN.into()),
        };
    })
    .await;
    let missing = server.get("/metrics").await;
    assert_eq!(
        (missing.status, missing.error_code().as_str()),
        (401, "unauthorized")
    );
    let wrong = http(
        server.addr,
        "GET",
        "/metrics",
        &[("Authorization", "Bearer wrong-token-0123456789abcdef")],
        None,
    )
    .await;
    assert_eq!(
        (wrong.status, wrong.error_code().as_str()),
        (403, "forbidden")
    );
    // The admin token is not the metrics token.
    let admin = format!("Bearer {}", common::ADMIN_TOKEN);
    let as_admin = http(
        server.addr,
        "GET",
        "/metrics",
        &[("Authorization", &admin)],
        None,
    )
    .await;
    assert_eq!(as_admin.status, 403);
    let bearer = format!("bearer {METRICS_TOKEN}");
    let text = scrape(server.addr, &[("Authorization", &bearer)]).await;
    assert!(
        text.contains("# TYPE hybridhub_websocket_connections gauge"),
        "{text}"
    );
}

#[tokio::test]
async fn a_short_metrics_token_is_refused_at_start_up() {
    let directory = tempfile::tempdir().unwrap();
    let mut config = hybridhub::server::Config::for_tests(directory.path().to_path_buf());
    config.metrics.token = Some("too-short".into());
    let message = hybridhub::server::start(config)
        .await
        .err()
        .expect("refused")
        .to_string();
    assert!(message.contains("at least 24 characters"), "{message}");
}

#[tokio::test]
async fn metrics_on_their_own_listener_move_with_real_traffic() {
    let server = start_with(|config| {
        config.metrics = MetricsExposure {
            listen: Some("127.0.0.1:0".parse().unwrap()),
            token: None,
        };
    })
    .await;
    let metrics = server
        .running()
        .metrics_addr
        .expect("the metrics listener's address");
    assert_ne!(metrics, server.addr);
    assert_eq!(
        server.get("/metrics").await.status,
        404,
        "not on the main port"
    );

    let before = scrape(metrics, &[]).await;
    assert_eq!(
        sample(&before, "hybridhub_websocket_connections"),
        Some(0.0)
    );
    assert_eq!(
        sample(&before, "hybridhub_sessions{state=\"live\"}"),
        Some(0.0)
    );

    server.create_session("main", "live").await;
    let mut client = server.join("main", &Join::new("Counted")).await;
    client.chat("c1", "hello").await;
    // A refused command: nobody has the floor to end.
    let refused = client
        .expect_error(r#"{"type":"floor.end","id":"e1"}"#)
        .await;
    assert_eq!(refused["code"], "not_found");
    // A caption line, through the Zoom-style API.
    let caption_path = server.caption_path("main", None).await;
    let posted = server.post_caption(&caption_path, 1, "Hello.\n").await;
    assert_eq!(posted.status, 200, "{}", posted.body);
    let own = format!("http://{}", server.addr);
    assert_eq!(
        upgrade_status(server.addr, "main", &[("Origin", "http://evil.example")]).await,
        Some(403)
    );
    assert_eq!(
        upgrade_status(server.addr, "no-such-session", &[("Origin", &own)]).await,
        Some(404)
    );
    server.get("/api/sessions/main/transcript.vtt").await;
    server.get("/api/sessions/main/transcript.vtt").await;

    let after = scrape(metrics, &[]).await;
    assert_eq!(sample(&after, "hybridhub_websocket_connections"), Some(1.0));
    assert_eq!(
        sample(&after, "hybridhub_sessions{state=\"live\"}"),
        Some(1.0)
    );
    assert_eq!(
        sample(
            &after,
            "hybridhub_websocket_upgrades_refused_total{reason=\"origin\"}"
        ),
        Some(1.0)
    );
    assert_eq!(
        sample(
            &after,
            "hybridhub_websocket_upgrades_refused_total{reason=\"no_such_session\"}"
        ),
        Some(1.0)
    );
    assert_eq!(
        sample(&after, "hybridhub_transcript_renderings_total"),
        Some(1.0)
    );
    assert_eq!(
        sample(&after, "hybridhub_transcript_cache_hits_total"),
        Some(1.0)
    );
    // The session's creation, the join and the chat were committed.
    let commits = sample(&after, "hybridhub_store_commit_seconds_count").expect("commits");
    assert!(commits >= 3.0, "{commits} commits\n{after}");
    let requests = sample(&after, "hybridhub_store_commit_batch_requests_sum").unwrap();
    assert!(
        requests >= commits,
        "each commit carries a request at least"
    );
    // The WebSocket, and the scrape's own connection to the metrics port.
    let tcp = sample(&after, "hybridhub_tcp_connections").unwrap();
    assert!(tcp >= 2.0, "{tcp} TCP connections");
    // The session owner's work: the welcome, acks, the chat message and
    // presence went out; the chat, the refused command and the post came in.
    let deliveries = sample(&after, "hybridhub_deliveries_total").unwrap();
    assert!(deliveries >= 3.0, "{deliveries} deliveries\n{after}");
    let bytes = sample(&after, "hybridhub_delivered_bytes_total").unwrap();
    assert!(bytes > deliveries * 10.0, "{bytes} bytes\n{after}");
    // The chat, the refused command, the caption post, and the
    // organiser's invite for the caption URL (recorded in the session).
    assert_eq!(
        sample(&after, "hybridhub_commands_total"),
        Some(4.0),
        "{after}"
    );
    assert_eq!(
        sample(
            &after,
            "hybridhub_command_refusals_total{code=\"not_found\"}"
        ),
        Some(1.0)
    );
    assert_eq!(
        sample(&after, "hybridhub_caption_lines_total{lang=\"en\"}"),
        Some(1.0)
    );
    for registered in [
        "hybridhub_outbound_queue_drops_total",
        "hybridhub_slow_consumer_disconnects_total",
        "hybridhub_accept_errors_total",
    ] {
        assert!(
            sample(&after, registered).is_some(),
            "{registered}\n{after}"
        );
    }
    // Series with labels known in advance are there from the start.
    for series in [
        "hybridhub_command_refusals_total{code=\"rate_limited\"}",
        "hybridhub_rate_limit_hits_total{limit=\"commands\"}",
        "hybridhub_rate_limit_hits_total{limit=\"transcripts\"}",
        "hybridhub_tcp_connections_refused_total{cap=\"per_ip\"}",
        "hybridhub_websocket_upgrades_refused_total{reason=\"session_full\"}",
    ] {
        assert_eq!(sample(&after, series), Some(0.0), "{series}\n{after}");
    }

    client.close().await;
    let deadline = tokio::time::Instant::now() + common::TIMEOUT;
    loop {
        let text = scrape(metrics, &[]).await;
        if sample(&text, "hybridhub_websocket_connections") == Some(0.0) {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "{text}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn readyz_answers_503_while_the_server_drains() {
    let mut server = start_with(|config| config.shutdown_drain = Duration::from_secs(2)).await;
    let ready = server.get("/readyz").await;
    assert_eq!((ready.status, ready.body.as_str()), (200, "ready"));
    server.healthz_ok().await;
    let addr = server.addr;
    let shutting_down = tokio::spawn(async move { server.shutdown().await });
    let deadline = tokio::time::Instant::now() + Duration::from_secs(1);
    let draining = loop {
        let response = http(addr, "GET", "/readyz", &[], None).await;
        if response.status != 200 || tokio::time::Instant::now() > deadline {
            break response;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    assert_eq!((draining.status, draining.body.as_str()), (503, "draining"));
    // Alive all the while: only readiness changed.
    assert_eq!(http(addr, "GET", "/healthz", &[], None).await.status, 200);
    shutting_down.await.unwrap();
}

#[tokio::test]
async fn frames_refused_before_they_reach_the_session_are_counted_by_code() {
    let server = start_with(|config| {
        config.metrics = MetricsExposure {
            listen: None,
            token: Some(METRICS_TOKEN.into()),
        };
    })
    .await;
    server.create_session("main", "live").await;
    let bearer = format!("Bearer {METRICS_TOKEN}");
    let auth = [("Authorization", bearer.as_str())];
    // Before `join`: a malformed frame and a command.
    let mut client = server.connect("main").await;
    client.send_text("{not json").await;
    assert_eq!(client.next_json().await["code"], "bad_json");
    client
        .send_json(&serde_json::json!({"type": "chat.send", "id": 1, "text": "hi"}))
        .await;
    assert_eq!(client.next_json().await["code"], "not_joined");
    // After it: a malformed frame and an unknown type.
    client.join(&Join::new("Counted")).await;
    client.send_text("{not json either").await;
    assert_eq!(client.next_non_presence().await["code"], "bad_json");
    client
        .send_json(&serde_json::json!({"type": "no.such", "id": 2}))
        .await;
    assert_eq!(client.next_non_presence().await["code"], "unknown_type");
    let after = scrape(server.addr, &auth).await;
    for (code, count) in [
        ("bad_json", 2.0),
        ("not_joined", 1.0),
        ("unknown_type", 1.0),
    ] {
        assert_eq!(
            sample(
                &after,
                &format!("hybridhub_command_refusals_total{{code=\"{code}\"}}")
            ),
            Some(count),
            "{code}\n{after}"
        );
    }
}
