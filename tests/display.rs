//! The room display over real WebSockets: a display invite or a moderator's
//! invite with `display: true` joins as a display, which sees the queue's
//! names, is counted as nobody in presence, and may send no commands.

mod common;

use common::{start, Join, TestServer};
use serde_json::{json, Value};

async fn token(server: &TestServer, session: &str, role: &str) -> String {
    let invite = server.invite(session, json!({ "role": role })).await;
    invite["token"].as_str().unwrap().to_owned()
}

fn display_join(token: Option<&str>, display_flag: bool) -> Value {
    json!({"type": "join", "name": "Room display", "mode": "onsite", "stakeholder": "other",
           "region": "unspecified", "token": token, "display": display_flag})
}

#[tokio::test]
async fn a_display_sees_names_in_the_queue_counts_as_nobody_and_commands_nothing() {
    let server = start().await;
    server.create_session("main", "live").await;
    let display_token = token(&server, "main", "display").await;
    let invite = server.invite("main", json!({"role": "display"})).await;
    assert!(
        invite["url"]
            .as_str()
            .unwrap()
            .contains("/s/main/display?token="),
        "a display invite links to the room display: {invite}"
    );

    let mut ana = server.join("main", &Join::new("Ana")).await;
    let mut display = server.connect("main").await;
    display
        .send_json(&display_join(Some(&display_token), false))
        .await;
    let welcome = display.next_of_type("welcome").await;
    assert_eq!(welcome["participant"]["role"], "display");
    assert!(
        welcome["snapshot"]["floor"]["entries"].is_array(),
        "a display gets the queue's entries: {welcome}"
    );
    assert_eq!(welcome["snapshot"]["presence"]["attendees"], 1, "only Ana");
    assert_eq!(welcome["snapshot"]["presence"]["participants"], 1);
    assert_eq!(welcome["snapshot"]["presence"]["connections"], 2);

    ana.send_json(&json!({"type": "hand.raise", "id": "h"}))
        .await;
    let raised = display.next_of_type("hand.raised").await;
    assert_eq!(
        raised["entry"]["name"], "Ana",
        "the display names who is waiting"
    );

    for frame in [
        json!({"type": "chat.send", "id": 1, "text": "hello from the projector"}),
        json!({"type": "hand.raise", "id": 2}),
        json!({"type": "question.ask", "id": 3, "text": "?"}),
        json!({"type": "floor.end", "id": 4}),
        json!({"type": "report.request", "id": 5}),
    ] {
        display.send_json(&frame).await;
        let error = display.next_of_type("error").await;
        assert_eq!(
            error["code"], "forbidden",
            "{frame} from a display: {error}"
        );
        assert_eq!(error["id"], frame["id"]);
    }

    // The equity report counts the display as nobody.
    let report = server
        .admin("GET", "/api/sessions/main/report", &Value::Null)
        .await
        .json();
    assert_eq!(report["attendance"]["unique"]["total"], 1, "{report}");
}

#[tokio::test]
async fn display_true_needs_a_moderator_or_display_invite() {
    let server = start().await;
    server.create_session("main", "live").await;
    let moderator_token = token(&server, "main", "moderator").await;
    let captioner_token = token(&server, "main", "captioner").await;

    let mut refused = server.connect("main").await;
    refused.send_json(&display_join(None, true)).await;
    assert_eq!(refused.next_of_type("error").await["code"], "forbidden");
    refused
        .send_json(&display_join(Some(&captioner_token), true))
        .await;
    assert_eq!(refused.next_of_type("error").await["code"], "forbidden");

    let mut display = server.connect("main").await;
    display
        .send_json(&display_join(Some(&moderator_token), true))
        .await;
    let welcome = display.next_of_type("welcome").await;
    assert_eq!(
        welcome["participant"]["role"], "display",
        "a moderator's link opens a display, not a second moderator"
    );
    assert!(
        welcome["snapshot"].get("roster").is_none(),
        "no roster for a display"
    );
}
