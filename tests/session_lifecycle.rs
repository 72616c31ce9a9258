//! An ended session is read-only: chat is refused with `session_ended`,
//! history stays readable.

mod common;

use common::{start, Join};
use serde_json::json;

#[tokio::test]
async fn ended_session_refuses_chat_and_keeps_history() {
    let server = start().await;
    server.create_session("ws-7", "live").await;
    let mut ana = server.join("ws-7", &Join::new("Ana")).await;
    let (said, _) = ana.chat("c1", "thank you all").await;

    let response = server
        .patch_session("ws-7", json!({"state": "ended"}))
        .await;
    assert_eq!(response.status, 200, "{}", response.body);
    let event = ana.next_non_presence().await;
    assert_eq!(event["type"], "session.updated");
    assert_eq!(event["session"]["state"], "ended");
    assert_eq!(event["seq"], 2);

    let error = ana
        .expect_error(r#"{"type":"chat.send","id":"late","text":"one more thing"}"#)
        .await;
    assert_eq!(error["code"], "session_ended");
    assert_eq!(error["id"], "late");
    ana.ping_pong("still connected").await;

    // Ended never goes back to scheduled (the organiser may reopen it as
    // live; see tests/reopen_and_unban.rs).
    for back in ["scheduled"] {
        let response = server.patch_session("ws-7", json!({"state": back})).await;
        assert_eq!(response.status, 400, "ended → {back}: {}", response.body);
        assert_eq!(response.error_code(), "invalid_field");
    }
    assert_eq!(
        server.get("/api/sessions/ws-7").await.json()["state"],
        "ended"
    );

    // Newcomers may still join and read the history, but not chat.
    let mut reader = server.join("ws-7", &Join::new("Latecomer")).await;
    assert_eq!(reader.welcome["session"]["state"], "ended");
    assert_eq!(reader.welcome_seq(), 2);
    assert_eq!(reader.welcome["snapshot"]["chat"], json!([said]));
    let error = reader
        .expect_error(r#"{"type":"chat.send","id":7,"text":"hello?"}"#)
        .await;
    assert_eq!(error["code"], "session_ended");
    assert_eq!(error["id"], 7);
    assert_eq!(server.fresh_seq("ws-7").await, 2, "nothing was stored");

    // Created ended: the same.
    server.create_session("archived", "ended").await;
    let mut visitor = server.join("archived", &Join::new("Visitor")).await;
    let error = visitor
        .expect_error(r#"{"type":"chat.send","id":"x","text":"hi"}"#)
        .await;
    assert_eq!(error["code"], "session_ended");
}

/// A scheduled session goes live by itself at its start time, through the
/// session's own timer, whether or not anyone is connected: a client that
/// joined early sees it happen, and the listing says so.
#[tokio::test]
async fn a_scheduled_session_goes_live_by_itself_at_its_start_time() {
    let server = start().await;
    let now = hybridhub::hub::wall_clock_now();
    let starts_at = now.plus_millis(2_000);
    for id in ["soon", "unwatched"] {
        let response = server
            .admin(
                "POST",
                "/api/sessions",
                &json!({"id": id, "title": "Starting soon", "starts_at": starts_at.to_rfc3339()}),
            )
            .await;
        assert_eq!(response.status, 201, "{}", response.body);
    }
    let mut early = server.join("soon", &Join::new("Early bird")).await;
    assert_eq!(early.welcome["session"]["state"], "scheduled");

    let event = early.next_of_type("session.updated").await;
    assert_eq!(event["session"]["state"], "live");
    let live_at =
        hybridhub::core::Millis::parse_rfc3339(event["session"]["live_at"].as_str().unwrap())
            .expect("live_at is RFC 3339");
    assert!(
        live_at >= starts_at,
        "not before its start time: {live_at:?} < {starts_at:?}"
    );
    assert_eq!(
        server.get("/api/sessions/soon").await.json()["state"],
        "live"
    );

    // Nobody joined this one; it went live all the same.
    let deadline = tokio::time::Instant::now() + common::TIMEOUT;
    loop {
        let listed = server.get("/api/sessions/unwatched").await.json();
        if listed["state"] == "live" {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the unwatched session is still {}",
            listed["state"]
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// A moderator may start a scheduled session early, once.
#[tokio::test]
async fn a_moderator_starts_a_session_early() {
    let server = start().await;
    server.create_session("later", "scheduled").await;
    let invite = server.invite("later", json!({"role": "moderator"})).await;
    let mut chair = server
        .join(
            "later",
            &Join::new("Chair").token(invite["token"].as_str().unwrap()),
        )
        .await;
    let mut ana = server.join("later", &Join::new("Ana")).await;
    let refused = ana
        .expect_error(r#"{"type":"session.start","id":"s0"}"#)
        .await;
    assert_eq!(refused["code"], "forbidden");

    chair
        .send_json(&json!({"type": "session.start", "id": "s1"}))
        .await;
    let updated = ana.next_of_type("session.updated").await;
    assert_eq!(updated["session"]["state"], "live");
    let again = chair
        .expect_error(r#"{"type":"session.start","id":"s2"}"#)
        .await;
    assert_eq!(again["code"], "invalid_field", "{again}");
}

/// Where to hear, watch and speak is part of the session: set when it is
/// created or changed, in every participant's `welcome`, and checked.
#[tokio::test]
async fn a_session_carries_its_links_and_its_venue_s_time_zone() {
    let server = start().await;
    let links = json!({
        "webcast": "https://webcast.example.org/plenary",
        "meeting": "https://meet.jit.si/igf-plenary",
        "instructions": "Unmute when the chair calls your name",
    });
    let response = server
        .admin(
            "POST",
            "/api/sessions",
            &json!({"id": "plenary", "title": "Plenary", "state": "live",
                    "time_zone": "Europe/Oslo", "links": links}),
        )
        .await;
    assert_eq!(response.status, 201, "{}", response.body);
    let ana = server.join("plenary", &Join::new("Ana")).await;
    assert_eq!(ana.welcome["session"]["links"], links);
    assert_eq!(ana.welcome["session"]["time_zone"], "Europe/Oslo");

    for (bad, field) in [
        (json!({"time_zone": "Mars/Olympus"}), "time_zone"),
        (
            json!({"links": {"meeting": "javascript:alert(1)"}}),
            "links.meeting",
        ),
        (
            json!({"links": {"webcast": "ftp://example.org/x"}}),
            "links.webcast",
        ),
        (json!({"links": {"phone": "+47 1234"}}), "phone"),
    ] {
        let refused = server.patch_session("plenary", bad.clone()).await;
        assert_eq!(refused.status, 400, "{bad}: {}", refused.body);
        assert_eq!(refused.error_code(), "invalid_field");
        assert!(refused.body.contains(field), "{bad}: {}", refused.body);
    }
    let removed = server
        .patch_session("plenary", json!({"links": {}, "time_zone": ""}))
        .await;
    assert_eq!(removed.status, 200, "{}", removed.body);
    assert!(removed.json().get("links").is_none(), "{}", removed.body);
    assert!(
        removed.json().get("time_zone").is_none(),
        "{}",
        removed.body
    );
}
