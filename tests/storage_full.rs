//! A full disk: the server stays up, keeps every acknowledged event, and
//! says `storage_full` (507 over HTTP) rather than `not_found` or a bare
//! 500. The disk is filled by capping the database with
//! `--max-database-mb`'s setting, which fails writes exactly as a full
//! disk does (SQLite's SQLITE_FULL).

mod common;

use common::{start_with, Incoming, Join};
use serde_json::json;

#[tokio::test]
async fn a_full_disk_is_named_and_loses_nothing_acknowledged() {
    let mut server = start_with(|config| {
        config.max_database_bytes = Some(256 * 1024);
    })
    .await;
    server.create_session("main", "live").await;
    let mut writer = server.join("main", &Join::new("Writer")).await;

    // Long messages until the store is full.
    let text = "😀".repeat(1990);
    let mut acknowledged = Vec::new();
    let mut refusal = None;
    'writing: for number in 0..200 {
        let id = format!("m{number}");
        writer
            .send_json(&json!({"type":"chat.send","id": id, "text": format!("{number} {text}")}))
            .await;
        loop {
            match writer.recv().await {
                Incoming::Json(frame) if frame["type"] == "ack" && frame["id"] == id.as_str() => {
                    acknowledged.push(number);
                    break;
                }
                Incoming::Json(frame) if frame["type"] == "error" => {
                    refusal = Some(frame);
                    break 'writing;
                }
                Incoming::Json(_) => {}
                other => panic!("message {number}: {other:?}"),
            }
        }
    }
    let refusal = refusal.expect("the store filled up");
    assert_eq!(refusal["code"], "storage_full", "{}", refusal["message"]);
    assert!(
        acknowledged.len() > 3,
        "some messages fit: {acknowledged:?}"
    );

    // The server answers, says why, and refuses new things plainly.
    server.healthz_ok().await;
    // What space the refused message left takes small writes only: new
    // sessions fit until it too is gone, then they are refused plainly.
    let mut created_sessions = 0;
    let refused = loop {
        let id = format!("another-{created_sessions}");
        let created = server
            .admin(
                "POST",
                "/api/sessions",
                &json!({"id": id, "title": "Another session", "state": "live"}),
            )
            .await;
        if created.status != 201 {
            break created;
        }
        created_sessions += 1;
        assert!(created_sessions < 1000, "the store never filled up");
    };
    assert_eq!(refused.status, 507, "{}", refused.body);
    assert_eq!(refused.error_code(), "storage_full");
    // Joins store a little each (the participant, the attendance): they
    // fit until the last pages are gone, then they are refused plainly.
    let mut welcomed = Vec::new();
    let refused = loop {
        let mut newcomer = server.connect("main").await;
        newcomer
            .send_json(&Join::new(&format!("Newcomer {}", welcomed.len())).to_json())
            .await;
        let answer = newcomer.next_json().await;
        if answer["type"] != "welcome" {
            break answer;
        }
        welcomed.push(newcomer);
        assert!(welcomed.len() < 500, "joins never filled the store");
    };
    assert_eq!(refused["type"], "error");
    assert_eq!(refused["code"], "storage_full", "{}", refused["message"]);

    // Space freed (the cap lifted): every acknowledged message is there.
    server.config.max_database_bytes = None;
    server.restart().await;
    let reader = server.join("main", &Join::new("Reader")).await;
    let stored: Vec<u64> = reader.welcome["snapshot"]["chat"]
        .as_array()
        .unwrap()
        .iter()
        .map(|message| {
            let text = message["text"].as_str().unwrap();
            text.split(' ').next().unwrap().parse().unwrap()
        })
        .collect();
    for number in &acknowledged {
        assert!(
            stored.contains(number),
            "acknowledged message {number} was lost: {stored:?}"
        );
    }
}
