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

    // Ended is final.
    for back in ["live", "scheduled"] {
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
