//! Chat goes round: every participant receives `chat.message` with the next
//! `seq`, the sender's `ack` follows its message, newcomers get the history.

mod common;

use common::{assert_rfc3339_utc, seqs, start, Join};
use serde_json::{json, Value};

#[tokio::test]
async fn chat_goes_round_with_seq_ack_and_sender() {
    let server = start().await;
    server.create_session("main", "live").await;
    let mut ana = server
        .join("main", &Join::new("Ana").client_id("ana-1"))
        .await;
    let mut bo = server
        .join(
            "main",
            &Join::new("Bo").mode("onsite").stakeholder("government"),
        )
        .await;
    assert_eq!(ana.welcome_seq(), 0, "a new session starts at seq 0");
    assert_eq!(bo.welcome_seq(), 0);
    assert_eq!(ana.welcome["session"]["id"], "main");
    assert_eq!(ana.welcome["participant"]["name"], "Ana");
    assert_eq!(ana.welcome["participant"]["role"], "participant");
    assert_ne!(ana.participant_id(), bo.participant_id());

    let (message, ack) = ana
        .chat("c1", "Could the panel speak to rural access?")
        .await;
    assert_eq!(message["seq"], 1);
    assert_eq!(ack, json!({"type": "ack", "id": "c1", "seq": 1}));
    assert_eq!(
        message["from"],
        json!({"id": ana.participant_id(), "name": "Ana"})
    );
    assert_eq!(message["text"], "Could the panel speak to rural access?");
    assert_rfc3339_utc(&message["ts"]);

    // Bo receives exactly the same event, and no ack for someone else's command.
    let at_bo = bo.next_non_presence().await;
    assert_eq!(at_bo, message, "everyone receives the same event");

    // Bo answers with a numeric id: it is echoed as a number.
    bo.send_json(&json!({"type": "chat.send", "id": 7, "text": "Yes, after this question."}))
        .await;
    let reply = bo.next_non_presence().await;
    assert_eq!(reply["type"], "chat.message");
    assert_eq!(reply["seq"], 2, "seq goes up by one");
    assert_eq!(
        reply["from"],
        json!({"id": bo.participant_id(), "name": "Bo"})
    );
    assert_eq!(
        bo.next_non_presence().await,
        json!({"type": "ack", "id": 7, "seq": 2})
    );
    assert_eq!(ana.next_non_presence().await, reply);

    // A run of messages: seq strictly +1, both sides see the same order.
    let mut sent = Vec::new();
    for index in 0..10 {
        let (message, _) = ana
            .chat(&format!("run-{index}"), &format!("message {index}"))
            .await;
        sent.push(message);
    }
    assert_eq!(seqs(&sent), (3..=12).collect::<Vec<u64>>());
    let mut received = Vec::new();
    for _ in 0..10 {
        received.push(bo.next_non_presence().await);
    }
    assert_eq!(received, sent);
    // Nothing else (no ack, no duplicate) reaches Bo.
    assert_eq!(
        bo.quiet_for(std::time::Duration::from_millis(200)).await,
        None
    );
}

#[tokio::test]
async fn chat_without_id_is_acked_without_id() {
    let server = start().await;
    server.create_session("main", "live").await;
    let mut ana = server.join("main", &Join::new("Ana")).await;
    ana.send_json(&json!({"type": "chat.send", "text": "no id"}))
        .await;
    let message = ana.next_non_presence().await;
    assert_eq!(message["seq"], 1);
    assert_eq!(
        ana.next_non_presence().await,
        json!({"type": "ack", "seq": 1})
    );
}

#[tokio::test]
async fn html_looking_text_comes_back_verbatim() {
    let server = start().await;
    server.create_session("main", "live").await;
    let mut ana = server.join("main", &Join::new("Ana")).await;
    let mut bo = server.join("main", &Join::new("<b>Bo</b> & \"co\"")).await;
    let texts = [
        r#"<script>alert("x")</script>"#,
        "<img src=x onerror=alert(1)> &amp; &lt;b&gt; <b>bold</b>",
        "quotes \" and ' and back\\slash, emoji 🌍, RTL مرحبا",
        "line one\nline two\ttab",
    ];
    for (index, text) in texts.iter().enumerate() {
        let (message, _) = ana.chat(&format!("h{index}"), text).await;
        assert_eq!(message["text"], *text, "sender's copy");
        assert_eq!(
            bo.next_non_presence().await["text"],
            *text,
            "receiver's copy"
        );
    }
    // The display name is not interpreted either.
    let (message, _) = bo.chat("from-bo", "hi").await;
    assert_eq!(message["from"]["name"], "<b>Bo</b> & \"co\"");
    // And the history in a newcomer's welcome keeps the texts as sent.
    let newcomer = server.join("main", &Join::new("Newcomer")).await;
    let history: Vec<Value> = newcomer.welcome["snapshot"]["chat"]
        .as_array()
        .unwrap()
        .clone();
    let history_texts: Vec<&str> = history
        .iter()
        .map(|event| event["text"].as_str().unwrap())
        .collect();
    assert_eq!(&history_texts[..4], &texts[..]);
}

#[tokio::test]
async fn newcomer_welcome_holds_recent_history() {
    let server = start().await;
    server.create_session("main", "live").await;
    let mut ana = server.join("main", &Join::new("Ana")).await;
    let mut sent = Vec::new();
    for index in 1..=3 {
        sent.push(
            ana.chat(&format!("c{index}"), &format!("hello {index}"))
                .await
                .0,
        );
    }
    let newcomer = server.join("main", &Join::new("  Newcomer \t")).await;
    assert_eq!(
        newcomer.welcome["participant"]["name"], "Newcomer",
        "names are trimmed"
    );
    assert_eq!(newcomer.welcome_seq(), 3);
    let history = newcomer.welcome["snapshot"]["chat"].as_array().unwrap();
    assert_eq!(
        history, &sent,
        "the history holds the same events, oldest first"
    );
    assert_eq!(newcomer.welcome["limits"]["chat_max_chars"], 2000);
}

#[tokio::test]
async fn history_in_welcome_is_the_last_fifty() {
    // 60 messages from one connection at once: past the default burst.
    let server = common::start_with(|config| config.hub.command_burst = 100).await;
    server.create_session("main", "live").await;
    let mut ana = server.join("main", &Join::new("Ana")).await;
    // Send without waiting for each ack, then collect the 55 acks.
    for index in 1..=55 {
        ana.send_json(&json!({"type": "chat.send", "id": index, "text": format!("m{index}")}))
            .await;
    }
    let mut acks = 0;
    while acks < 55 {
        let frame = ana.next_non_presence().await;
        match frame["type"].as_str() {
            Some("ack") => {
                acks += 1;
                assert_eq!(
                    frame["id"], frame["seq"],
                    "in this test, id {} should be acked with the same seq",
                    frame["id"]
                );
            }
            Some("chat.message") => {}
            _ => panic!("unexpected {frame}"),
        }
    }
    let newcomer = server.join("main", &Join::new("Newcomer")).await;
    assert_eq!(newcomer.welcome_seq(), 55);
    let history = newcomer.welcome["snapshot"]["chat"].as_array().unwrap();
    assert_eq!(
        seqs(history),
        (6..=55).collect::<Vec<u64>>(),
        "the last 50, oldest first"
    );
    assert_eq!(history[0]["text"], "m6");
    assert_eq!(history[49]["text"], "m55");
}

#[tokio::test]
async fn chat_length_limit_counts_characters_and_trims() {
    let server = start().await;
    server.create_session("main", "live").await;
    let mut ana = server.join("main", &Join::new("Ana")).await;
    // Exactly 2,000 characters, each two bytes in UTF-8: accepted.
    let longest = "é".repeat(2000);
    let (message, _) = ana.chat("longest", &longest).await;
    assert_eq!(message["text"].as_str().unwrap().chars().count(), 2000);
    assert_eq!(message["seq"], 1);
    // Surrounding white space is trimmed before counting.
    let padded = format!("   {}   ", "x".repeat(2000));
    let (message, _) = ana.chat("padded", &padded).await;
    assert_eq!(message["text"].as_str().unwrap(), "x".repeat(2000));
    // 2,001 characters: refused.
    let error = ana
        .expect_error(
            &json!({"type": "chat.send", "id": "over", "text": "é".repeat(2001)}).to_string(),
        )
        .await;
    assert_eq!(error["code"], "too_large");
    assert_eq!(error["id"], "over");
    assert_eq!(server.fresh_seq("main").await, 2);
}

#[tokio::test]
async fn welcome_with_fifty_long_non_ascii_messages_is_delivered() {
    // Default size limits. 50 chats of 2,000 four-byte characters are all
    // within the documented limits, yet make the welcome's history about
    // 400 KB. (Only the rate limit is raised, to send them at once.) Two
    // people write them: one participant's text kept is bounded (256 KiB).
    let server = common::start_with(|config| config.hub.command_burst = 100).await;
    server.create_session("main", "live").await;
    let text = "🌍".repeat(2000);
    for writer in ["Ana", "Bo"] {
        let mut client = server.join("main", &Join::new(writer)).await;
        for index in 1..=25 {
            client
                .send_json(&json!({"type": "chat.send", "id": index, "text": text}))
                .await;
        }
        let mut acks = 0;
        while acks < 25 {
            let frame = client.next_non_presence().await;
            assert_ne!(frame["type"], "error", "{frame}");
            if frame["type"] == "ack" {
                acks += 1;
            }
        }
    }
    let mut newcomer = server.connect("main").await;
    newcomer.send_json(&Join::new("Newcomer").to_json()).await;
    match newcomer.recv().await {
        common::Incoming::Json(welcome) => {
            assert_eq!(welcome["type"], "welcome");
            assert_eq!(welcome["snapshot"]["chat"].as_array().unwrap().len(), 50);
        }
        other => panic!("a newcomer to a session with long non-ASCII chat history gets {other:?} instead of welcome"),
    }
}

/// Rounds are pipelined (the owner applies the next round while the last
/// one is being written), with the store in its default full-fsync mode so
/// that several rounds are in flight. Every client still sees every message
/// in `seq` order without a gap, and each sender's acks come in the order it
/// sent, each naming the `seq` its message was broadcast with.
#[tokio::test]
async fn concurrent_senders_see_one_gapless_order_and_acks_in_order() {
    let server = common::start_with(|config| {
        config.durability = hybridhub::store::sqlite::Durability::Full;
    })
    .await;
    server.create_session("main", "live").await;
    const SENDERS: usize = 4;
    const MESSAGES_EACH: usize = 25;
    let mut senders = Vec::new();
    for number in 0..SENDERS {
        senders.push(
            server
                .join("main", &Join::new(&format!("Sender {number}")))
                .await,
        );
    }
    let mut watcher = server.join("main", &Join::new("Watcher")).await;
    for index in 0..MESSAGES_EACH {
        for (number, sender) in senders.iter_mut().enumerate() {
            let frame = json!({"type": "chat.send", "id": format!("s{number}-{index}"), "text": format!("{number}/{index}")});
            sender.send_json(&frame).await;
        }
    }
    let total = SENDERS * MESSAGES_EACH;
    let mut seq_of_text = std::collections::HashMap::new();
    let mut seen = Vec::new();
    while seen.len() < total {
        let message = watcher.next_of_type("chat.message").await;
        seen.push(message["seq"].as_u64().unwrap());
        seq_of_text.insert(
            message["text"].as_str().unwrap().to_owned(),
            message["seq"].as_u64().unwrap(),
        );
    }
    assert_eq!(seen, (1..=total as u64).collect::<Vec<_>>());
    for (number, sender) in senders.iter_mut().enumerate() {
        for index in 0..MESSAGES_EACH {
            let ack = sender.next_of_type("ack").await;
            assert_eq!(
                ack["id"],
                format!("s{number}-{index}"),
                "acks in the order sent"
            );
            assert_eq!(
                ack["seq"].as_u64(),
                seq_of_text.get(&format!("{number}/{index}")).copied()
            );
        }
    }
}
