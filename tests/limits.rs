//! Rate and capacity limits: commands per participant per second, WebSocket
//! upgrades per client IP, and connections in all. Past a limit the client
//! gets a clear error, the server stays healthy, and nothing is applied.

mod common;

use common::{start_with, upgrade_status, Join};
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test]
async fn a_flood_of_commands_is_rate_limited_and_the_connection_recovers() {
    // One command a second after a burst of 5: of a flood of 30, the burst
    // gets through, and then one more per second the flood takes to be
    // answered (measured below: a stalled machine lets more through).
    const RATE: u32 = 1;
    const BURST: u32 = 5;
    let server = start_with(|config| {
        config.hub.commands_per_second = RATE;
        config.hub.command_burst = BURST;
    })
    .await;
    server.create_session("main", "live").await;
    let mut flooder = server.join("main", &Join::new("Flood")).await;
    let mut watcher = server.join("main", &Join::new("Watcher")).await;
    // The server's limiter sees the flood within this window: from before
    // the first command is sent to after the last answer is read.
    let flood_started = Instant::now();
    for number in 0..30 {
        flooder
            .send_json(&json!({"type":"chat.send","id":number,"text":format!("spam {number}")}))
            .await;
    }
    // Pings are never limited.
    flooder
        .send_json(&json!({"type":"ping","id":"still-there"}))
        .await;
    let (mut acked, mut limited, mut ponged) = (0, 0, false);
    while acked + limited < 30 || !ponged {
        let frame = flooder.next_non_presence().await;
        match frame["type"].as_str() {
            Some("pong") => ponged = true,
            Some("ack") => acked += 1,
            Some("error") => {
                assert_eq!(frame["code"], "rate_limited", "{frame}");
                assert!(frame["message"]
                    .as_str()
                    .unwrap()
                    .contains(&format!("at most {RATE} commands per second")));
                limited += 1;
            }
            _ => {}
        }
    }
    let flood_took = flood_started.elapsed();
    // The burst, plus one per whole second the limiter may have seen pass.
    let at_most = BURST + (flood_took.as_secs_f64() * f64::from(RATE)).floor() as u32;
    assert!(
        (BURST..=at_most).contains(&acked),
        "about the burst got through: {acked} acked, at most {at_most} in {flood_took:?}"
    );
    assert!(
        at_most < 30,
        "the flood took {flood_took:?}: no limit was shown"
    );
    assert_eq!(limited, 30 - acked);
    // Only the accepted messages were stored and sent: the watcher gets
    // each of them, however slowly, and nothing more.
    for _ in 0..acked {
        let delivered = watcher.next_non_presence().await;
        assert_eq!(delivered["type"], "chat.message", "{delivered}");
    }
    assert_eq!(
        watcher.quiet_for(Duration::from_millis(300)).await,
        None,
        "more delivered than the {acked} acked"
    );
    assert_eq!(server.fresh_seq("main").await, u64::from(acked));
    // After a pause (longer than the limiter's 1 s between commands) the
    // connection may write again.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let (message, ack) = flooder.chat("later", "after a pause").await;
    assert_eq!(ack["seq"], message["seq"]);
    server.healthz_ok().await;
}

#[tokio::test]
async fn upgrades_per_address_and_connections_in_all_are_bounded() {
    let server = start_with(|config| {
        config.hub.upgrades_per_ip_per_minute = 3;
    })
    .await;
    server.create_session("main", "live").await;
    let mut open = Vec::new();
    for number in 0..3 {
        open.push(server.join("main", &Join::new(&format!("P{number}"))).await);
    }
    assert_eq!(open.len(), 3, "the first three upgrades are allowed");
    assert_eq!(upgrade_status(server.addr, "main", &[]).await, Some(429));
    server.healthz_ok().await;

    let full = start_with(|config| {
        config.hub.max_connections = 2;
    })
    .await;
    full.create_session("main", "live").await;
    let _first = full.join("main", &Join::new("A")).await;
    let _second = full.join("main", &Join::new("B")).await;
    assert_eq!(upgrade_status(full.addr, "main", &[]).await, Some(503));
}

#[tokio::test]
async fn sessions_and_connections_per_session_are_bounded() {
    let server = start_with(|config| {
        config.hub.max_sessions = 2;
        config.hub.max_connections_per_session = 1;
    })
    .await;
    server.create_session("one", "live").await;
    server.create_session("two", "live").await;
    let third = server
        .admin(
            "POST",
            "/api/sessions",
            &json!({"id": "three", "title": "Three", "state": "live"}),
        )
        .await;
    assert_eq!(third.status, 429, "{}", third.body);
    assert_eq!(third.error_code(), "rate_limited");
    assert_eq!(
        server
            .get("/api/sessions")
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let first = server.join("one", &Join::new("A")).await;
    assert_eq!(upgrade_status(server.addr, "one", &[]).await, Some(503));
    // Another session still has room, and the place frees up on leaving.
    let _other = server.join("two", &Join::new("B")).await;
    first.close().await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let _again = server.join("one", &Join::new("C")).await;
}

#[tokio::test]
async fn ended_sessions_are_archived_and_hold_no_place_under_the_session_cap() {
    let mut server = start_with(|config| {
        config.hub.max_sessions = 2;
    })
    .await;
    server.create_session("one", "live").await;
    server.create_session("two", "scheduled").await;
    let create = |id: &'static str| json!({"id": id, "title": id, "state": "live"});
    let refused = server
        .admin("POST", "/api/sessions", &create("three"))
        .await;
    assert_eq!(refused.status, 429, "{}", refused.body);

    // Ending a session frees its place; it stays readable.
    let ended = server.patch_session("one", json!({"state": "ended"})).await;
    assert_eq!(ended.status, 200, "{}", ended.body);
    let created = server
        .admin("POST", "/api/sessions", &create("three"))
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(
        server.get("/api/sessions/one").await.json()["state"],
        "ended"
    );
    let report = server
        .admin("GET", "/api/sessions/one/report", &json!({}))
        .await;
    assert_eq!(report.status, 200, "{}", report.body);

    // Reopening it would take a place again: refused while none is free.
    let reopened = server.patch_session("one", json!({"state": "live"})).await;
    assert_eq!(reopened.status, 503, "{}", reopened.body);
    assert_eq!(reopened.error_code(), "capacity");
    assert!(
        reopened.body.contains("end one before reopening"),
        "{}",
        reopened.body
    );

    // The same holds after a restart, counted from what was stored.
    server.restart().await;
    let refused = server.admin("POST", "/api/sessions", &create("four")).await;
    assert_eq!(refused.status, 429, "{}", refused.body);
    let ended = server
        .patch_session("three", json!({"state": "ended"}))
        .await;
    assert_eq!(ended.status, 200, "{}", ended.body);
    let created = server.admin("POST", "/api/sessions", &create("four")).await;
    assert_eq!(created.status, 201, "{}", created.body);
}
