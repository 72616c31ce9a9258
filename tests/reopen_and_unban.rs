//! Mistakes a chair or organiser can undo: a session ended too early is
//! reopened by the organiser, and a ban is lifted by a moderator.

mod common;

use common::{start, Join};
use serde_json::json;

#[tokio::test]
async fn the_organiser_reopens_a_session_ended_by_mistake_and_a_moderator_lifts_a_ban() {
    let server = start().await;
    server.create_session("main", "live").await;
    let token = server.invite("main", json!({"role": "moderator"})).await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut chair = server.join("main", &Join::new("Chair").token(&token)).await;
    let guest_join = Join::new("Guest").client_id("guest-browser");
    let guest = server.join("main", &guest_join).await;
    let guest_id = guest.participant_id();

    // A ban, then lifted: the same browser may join again.
    chair
        .send_json(
            &json!({"type":"participant.remove","id":"r","participant": guest_id,"ban": true}),
        )
        .await;
    assert_eq!(chair.next_of_type("ack").await["id"], "r");
    let mut refused = server.connect("main").await;
    refused.send_json(&guest_join.to_json()).await;
    assert_eq!(refused.next_json().await["code"], "banned");
    let mut not_a_moderator = server.join("main", &Join::new("Other")).await;
    let forbidden = not_a_moderator
        .expect_error(
            &json!({"type":"participant.unban","id":"u0","participant": guest_id}).to_string(),
        )
        .await;
    assert_eq!(forbidden["code"], "forbidden");
    chair
        .send_json(&json!({"type":"participant.unban","id":"u","participant": guest_id}))
        .await;
    assert_eq!(
        chair.next_of_type("participant.unbanned").await["participant"],
        guest_id
    );
    assert_eq!(chair.next_of_type("ack").await["id"], "u");
    server.join("main", &guest_join).await;

    // Ended by mistake, then reopened by the organiser.
    let ended = server
        .patch_session("main", json!({"state": "ended"}))
        .await;
    assert_eq!(ended.status, 200, "{}", ended.body);
    let refusal = chair
        .expect_error(r#"{"type":"chat.send","id":"c1","text":"Still there?"}"#)
        .await;
    assert_eq!(refusal["code"], "session_ended");
    let start_again = chair
        .expect_error(r#"{"type":"session.start","id":"s"}"#)
        .await;
    assert_eq!(
        start_again["code"], "session_ended",
        "a moderator cannot reopen"
    );
    let reopened = server.patch_session("main", json!({"state": "live"})).await;
    assert_eq!(reopened.status, 200, "{}", reopened.body);
    assert_eq!(reopened.json()["state"], "live");
    loop {
        let update = chair.next_of_type("session.updated").await;
        if update["session"]["state"] == "live" {
            break;
        }
    }
    chair.chat("c2", "We are back").await;
    let scheduled = server
        .patch_session("main", json!({"state": "scheduled"}))
        .await;
    assert_eq!(
        scheduled.status, 400,
        "a live session never goes back to scheduled"
    );
}
