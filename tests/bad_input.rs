//! Bad input gets its documented error code, the command's `id` echoed when
//! there is one, the connection stays open, and nothing stored changes. An
//! oversized frame closes with 1009 and the server carries on.

mod common;

use common::{start, start_with, Client, Join, TestServer};
use serde_json::{json, Value};

/// One bad frame: what to send, the expected `code`, the expected `id`.
struct Case {
    name: &'static str,
    frame: Frame,
    code: &'static str,
    id: Option<Value>,
}

enum Frame {
    Text(String),
    Binary(Vec<u8>),
}

fn text(
    name: &'static str,
    frame: impl Into<String>,
    code: &'static str,
    id: Option<Value>,
) -> Case {
    Case {
        name,
        frame: Frame::Text(frame.into()),
        code,
        id,
    }
}

fn join_with(field: &str, value: Value) -> String {
    let mut join = Join::new("Ana").to_json();
    join[field] = value;
    join.to_string()
}

async fn send(client: &mut Client, frame: &Frame) {
    match frame {
        Frame::Text(text) => client.send_text(text).await,
        Frame::Binary(bytes) => client.send_binary(bytes.clone()).await,
    }
}

/// Sends the case, checks the error, that the connection still answers a
/// ping, and that a fresh participant is welcomed with the same `seq`.
async fn check(server: &TestServer, client: &mut Client, case: &Case, seq_before: u64) {
    send(client, &case.frame).await;
    let error = client.next_of_type("error").await;
    assert_eq!(error["code"], case.code, "{}: {error}", case.name);
    match &case.id {
        Some(id) => assert_eq!(&error["id"], id, "{}: the id is echoed: {error}", case.name),
        None => assert!(
            error.get("id").is_none(),
            "{}: no id to echo: {error}",
            case.name
        ),
    }
    let message = error["message"]
        .as_str()
        .unwrap_or_else(|| panic!("{}: error without message: {error}", case.name));
    assert!(!message.is_empty(), "{}: the message explains", case.name);
    client.ping_pong(&format!("after {}", case.name)).await;
    assert_eq!(
        server.fresh_seq("main").await,
        seq_before,
        "{}: nothing was stored",
        case.name
    );
}

#[tokio::test]
async fn bad_input_after_join_gets_documented_errors() {
    let server = start().await;
    server.create_session("main", "live").await;
    let mut client = server.join("main", &Join::new("Ana")).await;
    // One real message first, so that "unchanged" is a seq other than 0.
    client.chat("first", "hello").await;

    let cases = vec![
        text(
            "malformed JSON",
            r#"{"type":"chat.send","text":"#,
            "bad_json",
            None,
        ),
        text("not JSON at all", "hello there", "bad_json", None),
        text(
            "JSON array",
            r#"[{"type":"chat.send","text":"hi"}]"#,
            "bad_json",
            None,
        ),
        text("JSON string", r#""chat.send""#, "bad_json", None),
        text(
            "unknown type",
            r#"{"type":"dance","id":"u1"}"#,
            "unknown_type",
            Some(json!("u1")),
        ),
        text(
            "id with escapes echoed exactly",
            r#"{"type":"dance","id":"q\"uo\\te \u00e9"}"#,
            "unknown_type",
            Some(json!("q\"uo\\te é")),
        ),
        text(
            "missing type",
            r#"{"id":"t1","text":"hi"}"#,
            "invalid_field",
            Some(json!("t1")),
        ),
        text(
            "type not a string",
            r#"{"type":5,"id":"t2"}"#,
            "invalid_field",
            Some(json!("t2")),
        ),
        text(
            "missing field",
            r#"{"type":"chat.send","id":"m1"}"#,
            "invalid_field",
            Some(json!("m1")),
        ),
        text(
            "wrong field type",
            r#"{"type":"chat.send","id":"w1","text":42}"#,
            "invalid_field",
            Some(json!("w1")),
        ),
        text(
            "id of the wrong type",
            r#"{"type":"chat.send","id":{"a":1},"text":"x"}"#,
            "invalid_field",
            None,
        ),
        text(
            "id too long",
            json!({"type":"chat.send","id":"i".repeat(100),"text":"x"}).to_string(),
            "invalid_field",
            None,
        ),
        text(
            "second join",
            join_with("name", json!("Ana again"))
                .replace(r#""type":"join""#, r#""type":"join","id":"j2""#),
            "already_joined",
            Some(json!("j2")),
        ),
        Case {
            name: "binary frame",
            frame: Frame::Binary(br#"{"type":"chat.send","text":"hi"}"#.to_vec()),
            code: "binary_frame",
            id: None,
        },
        text(
            "chat over 2000 chars",
            json!({"type":"chat.send","id":"big","text":"x".repeat(2001)}).to_string(),
            "too_large",
            Some(json!("big")),
        ),
        text(
            "empty chat",
            r#"{"type":"chat.send","id":"e1","text":""}"#,
            "invalid_field",
            Some(json!("e1")),
        ),
        text(
            "blank chat",
            r#"{"type":"chat.send","id":"e2","text":"  \n\t "}"#,
            "invalid_field",
            Some(json!("e2")),
        ),
        text(
            "NUL in chat",
            r#"{"type":"chat.send","id":"n1","text":"a\u0000b"}"#,
            "invalid_field",
            Some(json!("n1")),
        ),
        text(
            "numeric id echoed",
            r#"{"type":"chat.send","id":99,"text":""}"#,
            "invalid_field",
            Some(json!(99)),
        ),
        text(
            "huge number for an entry",
            r#"{"type":"floor.grant","id":"h1","entry":1e400}"#,
            "bad_json",
            None,
        ),
        text(
            "negative entry",
            r#"{"type":"queue.move","id":"h2","entry":-1,"position":0}"#,
            "invalid_field",
            Some(json!("h2")),
        ),
        text(
            "unknown field on a command",
            r#"{"type":"hand.raise","id":"h3","please":true}"#,
            "invalid_field",
            Some(json!("h3")),
        ),
        text(
            "a participant's moderator command",
            r#"{"type":"queue.lower_all","id":"h4"}"#,
            "forbidden",
            Some(json!("h4")),
        ),
        text(
            "a participant's caption",
            r#"{"type":"caption.push","id":"h5","lang":"en","text":"hi","final":true}"#,
            "forbidden",
            Some(json!("h5")),
        ),
        text(
            "unknown policy",
            r#"{"type":"queue.configure","id":"h6","policy":"loudest"}"#,
            "invalid_field",
            Some(json!("h6")),
        ),
        text(
            "question over the limit",
            json!({"type":"question.ask","id":"h7","text":"q".repeat(1001)}).to_string(),
            "too_large",
            Some(json!("h7")),
        ),
        text(
            "vote for a question that does not exist",
            r#"{"type":"question.upvote","id":"h8","question":404}"#,
            "not_found",
            Some(json!("h8")),
        ),
        text(
            "lowering a hand that is not raised",
            r#"{"type":"hand.lower","id":"h9"}"#,
            "not_found",
            Some(json!("h9")),
        ),
        text(
            "unknown caption language",
            r#"{"type":"captions.subscribe","id":"h10","langs":["tlh"]}"#,
            "invalid_field",
            Some(json!("h10")),
        ),
    ];
    for case in &cases {
        check(&server, &mut client, case, 1).await;
    }
    // The connection still works for real commands.
    let (message, _) = client.chat("last", "still here").await;
    assert_eq!(message["seq"], 2);
}

#[tokio::test]
async fn bad_input_before_join_gets_documented_errors() {
    let server = start().await;
    server.create_session("main", "live").await;
    let mut client = server.connect("main").await;

    let cases = vec![
        text("malformed JSON", "{", "bad_json", None),
        text("JSON array", "[1,2]", "bad_json", None),
        text(
            "unknown type",
            r#"{"type":"dance","id":"u1"}"#,
            "unknown_type",
            Some(json!("u1")),
        ),
        text(
            "chat before join",
            r#"{"type":"chat.send","id":"early","text":"hi"}"#,
            "not_joined",
            Some(json!("early")),
        ),
        Case {
            name: "binary frame",
            frame: Frame::Binary(vec![0, 1, 2, 3]),
            code: "binary_frame",
            id: None,
        },
        text(
            "join missing a field",
            r#"{"type":"join","id":"j0","name":"Ana","mode":"remote","stakeholder":"academia"}"#,
            "invalid_field",
            Some(json!("j0")),
        ),
        text(
            "bad mode",
            join_with("mode", json!("martian")),
            "invalid_field",
            None,
        ),
        text(
            "bad stakeholder",
            join_with("stakeholder", json!("journalist")),
            "invalid_field",
            None,
        ),
        text(
            "bad region",
            join_with("region", json!("mars")),
            "invalid_field",
            None,
        ),
        text(
            "negative resume_from",
            join_with("resume_from", json!(-1)),
            "invalid_field",
            None,
        ),
        text(
            "fractional resume_from",
            join_with("resume_from", json!(1.5)),
            "invalid_field",
            None,
        ),
        text(
            "name of the wrong type",
            join_with("name", json!(12)),
            "invalid_field",
            None,
        ),
        text(
            "empty name",
            join_with("name", json!("   ")),
            "invalid_field",
            None,
        ),
        text(
            "name over 80 chars",
            join_with("name", json!("n".repeat(81))),
            "too_large",
            None,
        ),
        text(
            "control character in name",
            join_with("name", json!("A\u{7}na")),
            "invalid_field",
            None,
        ),
        text(
            "hub with zero headcount",
            join_with("hub", json!({"name": "Hub", "headcount": 0})),
            "invalid_field",
            None,
        ),
        text(
            "hub over 10000",
            join_with("hub", json!({"name": "Hub", "headcount": 10001})),
            "invalid_field",
            None,
        ),
        text(
            "onsite hub",
            join_with("mode", json!("onsite"))
                .replace(r#""hub":null"#, r#""hub":{"name":"Hub","headcount":3}"#),
            "invalid_field",
            None,
        ),
        text(
            "client_id with spaces",
            join_with("client_id", json!("my browser")),
            "invalid_field",
            None,
        ),
        text(
            "client_id too long",
            join_with("client_id", json!("c".repeat(129))),
            "invalid_field",
            None,
        ),
    ];
    for case in &cases {
        check(&server, &mut client, case, 0).await;
    }
    // After all of that, a good join is still accepted on the same connection.
    let welcome = client.join(&Join::new("Ana")).await;
    assert_eq!(welcome["participant"]["name"], "Ana");
    let (message, _) = client.chat("c1", "joined at last").await;
    assert_eq!(message["seq"], 1);
}

#[tokio::test]
async fn oversized_frame_closes_with_1009_and_the_server_stays_healthy() {
    let server = start_with(|config| config.hub.frame_max_bytes = 8 * 1024).await;
    server.create_session("main", "live").await;
    let mut bystander = server.join("main", &Join::new("Bystander")).await;
    let mut offender = server.join("main", &Join::new("Offender")).await;
    assert_eq!(offender.welcome["limits"]["frame_max_bytes"], 8 * 1024);

    // Just under the limit is fine (the chat itself is then too long, which
    // is an error, not a close).
    let under =
        json!({"type": "chat.send", "id": "under", "text": "x".repeat(7 * 1024)}).to_string();
    assert!(under.len() < 8 * 1024);
    let error = offender.expect_error(&under).await;
    assert_eq!(error["code"], "too_large");
    offender.ping_pong("still open").await;

    let over = json!({"type": "chat.send", "id": "over", "text": "x".repeat(9 * 1024)}).to_string();
    offender.send_text(&over).await;
    assert_eq!(offender.expect_close().await, Some(1009));

    server.healthz_ok().await;
    let (message, _) = bystander.chat("after", "the server carries on").await;
    assert_eq!(message["seq"], 1, "the oversized frame stored nothing");
    let mut newcomer = server.join("main", &Join::new("Newcomer")).await;
    newcomer.ping_pong("healthy").await;
}

#[tokio::test]
async fn oversized_frame_before_join_closes_with_1009() {
    let server = start_with(|config| config.hub.frame_max_bytes = 4 * 1024).await;
    server.create_session("main", "live").await;
    let mut client = server.connect("main").await;
    client.send_text(&"y".repeat(5 * 1024)).await;
    assert_eq!(client.expect_close().await, Some(1009));
    server.healthz_ok().await;
    assert_eq!(server.fresh_seq("main").await, 0);
}
