//! A restart on the same data directory keeps sessions, chat and `seq`.

mod common;

use common::{seqs, start, Join};
use serde_json::Value;

#[tokio::test]
async fn restart_keeps_chat_history_and_seq() {
    let mut server = start().await;
    server.create_session("main", "live").await;
    server.create_session("later", "scheduled").await;
    let mut ana = server
        .join("main", &Join::new("Ana").client_id("ana-device"))
        .await;
    let ana_id = ana.participant_id();
    let ana_secret = ana.welcome["resume_secret"].as_str().unwrap().to_owned();
    let mut sent = Vec::new();
    for index in 1..=3 {
        sent.push(
            ana.chat(&format!("c{index}"), &format!("before restart {index}"))
                .await
                .0,
        );
    }
    let renamed = server
        .patch_session(
            "main",
            serde_json::json!({"title": "Main session, renamed"}),
        )
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.body);
    let updated = ana.next_non_presence().await;
    assert_eq!(updated["type"], "session.updated");
    assert_eq!(updated["seq"], 4);

    server.restart().await;
    assert_eq!(
        ana.expect_close().await,
        Some(1012),
        "connected clients are told the server is restarting"
    );

    // Sessions survive, with their changes.
    let sessions = server.get("/api/sessions").await.json();
    let ids: Vec<&str> = sessions
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["main", "later"], "live first, then scheduled");
    let main = server.get("/api/sessions/main").await.json();
    assert_eq!(main["title"], "Main session, renamed");
    assert_eq!(main["state"], "live");

    // seq continues, the chat is still there, identities still restore.
    let mut again = server
        .join(
            "main",
            &Join::new("Ana")
                .client_id("ana-device")
                .resume_secret(&ana_secret),
        )
        .await;
    assert_eq!(
        again.welcome_seq(),
        4,
        "welcome seq continues where it stopped"
    );
    assert_eq!(again.welcome["session"]["title"], "Main session, renamed");
    let history: Vec<Value> = again.welcome["snapshot"]["chat"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(
        history, sent,
        "the chat history survived the restart byte for byte"
    );
    assert_eq!(
        again.participant_id(),
        ana_id,
        "the participant survived the restart"
    );
    assert_eq!(again.welcome["restored"], true);

    let (message, ack) = again.chat("after", "after restart").await;
    assert_eq!(message["seq"], 5, "a new chat gets the next seq");
    assert_eq!(ack["seq"], 5);
    assert_eq!(message["from"]["id"], ana_id.as_str());

    // A second restart, to be sure the new message was stored too.
    again.close().await;
    server.restart().await;
    let newcomer = server.join("main", &Join::new("Newcomer")).await;
    assert_eq!(newcomer.welcome_seq(), 5);
    let history = newcomer.welcome["snapshot"]["chat"].as_array().unwrap();
    assert_eq!(seqs(history), vec![1, 2, 3, 5]);
    assert_eq!(history[3]["text"], "after restart");
    // Participant ids continue too: no one else is given Ana's id.
    assert_ne!(newcomer.participant_id(), ana_id);
}

#[tokio::test]
async fn resume_across_a_restart_reads_from_the_store() {
    let mut server = start().await;
    server.create_session("main", "live").await;
    let mut ana = server.join("main", &Join::new("Ana")).await;
    let mut sent = Vec::new();
    for index in 1..=4 {
        sent.push(ana.chat(&format!("c{index}"), &format!("m{index}")).await.0);
    }
    ana.close().await;
    server.restart().await;
    let mut back = server.join("main", &Join::new("Ana").resume_from(1)).await;
    assert_eq!(back.welcome["resumed"], true);
    assert_eq!(back.welcome_seq(), 4);
    let mut replayed = Vec::new();
    for _ in 0..3 {
        replayed.push(back.next_non_presence().await);
    }
    assert_eq!(
        replayed,
        sent[1..].to_vec(),
        "events 2..=4 after resume_from 1, from the store"
    );
    assert_eq!(
        back.quiet_for(std::time::Duration::from_millis(200)).await,
        None
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acked_chat_survives_a_shutdown_that_races_with_chat() {
    // A burst of 200 at once; this test is not about rate limits.
    let mut server = common::start_with(|config| config.hub.command_burst = 1000).await;
    server.create_session("main", "live").await;
    let mut ana = server.join("main", &Join::new("Ana")).await;
    // Fire a burst without waiting, then shut down while it is in flight.
    for index in 1..=200 {
        ana.send_json(&serde_json::json!({"type": "chat.send", "id": index, "text": format!("burst {index}")})).await;
    }
    // Once the first acks come back the burst is flowing; stop then.
    let mut acked = Vec::new();
    while acked.len() < 20 {
        let frame = ana.next_non_presence().await;
        if frame["type"] == "ack" {
            acked.push(frame["seq"].as_u64().unwrap());
        }
    }
    let collect = async {
        let mut close = None;
        loop {
            match ana.recv().await {
                common::Incoming::Json(frame) if frame["type"] == "ack" => {
                    acked.push(frame["seq"].as_u64().unwrap())
                }
                common::Incoming::Json(_) => {}
                common::Incoming::Close(code) => {
                    close = code;
                    break;
                }
                common::Incoming::Ended(_) => break,
                common::Incoming::Binary(_) => panic!("binary from the server"),
            }
        }
        (acked, close)
    };
    let (_, (acked, close)) = tokio::join!(server.shutdown(), collect);
    eprintln!("{} acked before the close ({close:?})", acked.len());
    if let Some(code) = close {
        assert!(code == 1012 || code == 1011, "close code {code}");
    }
    server.restart().await;
    let newcomer = server.join("main", &Join::new("Newcomer")).await;
    let stored = newcomer.welcome_seq();
    let max_acked = acked.iter().copied().max().unwrap_or(0);
    assert!(
        stored >= max_acked,
        "acked up to seq {max_acked}, but only {stored} survived the restart"
    );
    // Whatever was stored is contiguous: the history ends at `stored` with no gaps.
    let history = newcomer.welcome["snapshot"]["chat"].as_array().unwrap();
    let expected_len = stored.min(50) as usize;
    assert_eq!(history.len(), expected_len);
    assert_eq!(
        seqs(history),
        ((stored - expected_len as u64 + 1)..=stored).collect::<Vec<u64>>()
    );
    for event in history {
        let seq = event["seq"].as_u64().unwrap();
        assert_eq!(
            event["text"],
            format!("burst {seq}"),
            "seq {seq} holds the message sent as number {seq}"
        );
    }
}
