//! A `welcome` stays within what a connection can send, however many
//! questions or people a session gathers: a flood of long questions used to
//! grow every `welcome` past the write buffer, so that every later join, a
//! moderator's included, was closed before its `welcome`, and the stored
//! questions kept it so after a restart.

mod common;

use common::{start, Client, Join, TestServer};
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// Askers in the flood; each asks until refused.
const ASKERS: usize = 60;
/// The open questions one participant may have (the documented cap).
const OPEN_PER_PARTICIPANT: usize = 5;
/// The newest questions a `welcome` or a page carries.
const PAGE: usize = 100;

fn long_question(asker: usize, number: usize) -> String {
    // 1,000 characters of four bytes each: the longest question there is.
    format!("{asker:03}-{number}-{}", "😀".repeat(994))
}

async fn ask_until_refused(client: &mut Client, asker: usize) -> usize {
    let mut accepted = 0;
    for number in 0..OPEN_PER_PARTICIPANT + 2 {
        let id = format!("q{asker}-{number}");
        client
            .send_json(
                &json!({"type":"question.ask","id": id, "text": long_question(asker, number)}),
            )
            .await;
        loop {
            let frame = client.next_non_presence().await;
            match frame["type"].as_str() {
                Some("ack") if frame["id"] == id.as_str() => {
                    accepted += 1;
                    break;
                }
                Some("error") if frame["id"] == id.as_str() => {
                    assert_eq!(frame["code"], "capacity", "{frame}");
                    return accepted;
                }
                _ => {}
            }
        }
    }
    accepted
}

async fn moderator_token(server: &TestServer) -> String {
    server.invite("main", json!({"role": "moderator"})).await["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Pages through `snapshot.more` until `more` is false; returns every item.
async fn page_through(client: &mut Client, part: &str, first: &[Value]) -> Vec<Value> {
    let mut items = first.to_vec();
    let mut more = true;
    let mut round = 0;
    while more {
        round += 1;
        let mut frame =
            json!({"type": "snapshot.more", "id": format!("more{round}"), "part": part});
        match part {
            "questions" => {
                let oldest = items
                    .iter()
                    .map(|q| q["id"].as_u64().unwrap())
                    .min()
                    .unwrap();
                frame["before"] = json!(oldest);
            }
            _ => {
                let last = items
                    .iter()
                    .map(|p| p["id"].as_str().unwrap().to_owned())
                    .max()
                    .unwrap();
                frame["after"] = json!(last);
            }
        }
        client.send_json(&frame).await;
        let page = client.next_of_type("snapshot.page").await;
        assert_eq!(page["part"], part);
        let page_items = page["items"].as_array().unwrap();
        assert!(!page_items.is_empty() || !page["more"].as_bool().unwrap());
        items.extend(page_items.iter().cloned());
        more = page["more"].as_bool().unwrap();
        let ack = client.next_of_type("ack").await;
        assert_eq!(ack["id"], format!("more{round}"));
    }
    items
}

fn question_ids(questions: &[Value]) -> BTreeSet<u64> {
    questions
        .iter()
        .map(|q| q["id"].as_u64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_question_flood_locks_nobody_out_before_or_after_a_restart() {
    let mut server = start().await;
    server.create_session("main", "live").await;
    let mut askers = Vec::new();
    let mut asked = 0;
    for asker in 0..ASKERS {
        let mut client = server
            .join("main", &Join::new(&format!("Flood {asker}")))
            .await;
        let accepted = ask_until_refused(&mut client, asker).await;
        assert_eq!(
            accepted, OPEN_PER_PARTICIPANT,
            "each person's open questions are capped"
        );
        asked += accepted;
        askers.push(client);
    }
    // 300 questions of 4 KB: well past the write buffer a `welcome` used
    // to have to fit in.
    for round in ["before the restart", "after the restart"] {
        let token = moderator_token(&server).await;
        let mut moderator = server.join("main", &Join::new("Chair").token(&token)).await;
        let snapshot = &moderator.welcome["snapshot"];
        assert_eq!(snapshot["questions_total"], asked, "{round}");
        let first = snapshot["questions"].as_array().unwrap().clone();
        assert_eq!(first.len(), PAGE, "{round}");
        let all = page_through(&mut moderator, "questions", &first).await;
        assert_eq!(all.len(), asked, "{round}: every question once");
        assert_eq!(question_ids(&all).len(), asked, "{round}");

        let participant = server.join("main", &Join::new("Latecomer")).await;
        assert_eq!(participant.welcome["snapshot"]["questions_total"], asked);
        let display_token = server.invite("main", json!({"role": "display"})).await["token"]
            .as_str()
            .unwrap()
            .to_owned();
        let mut display = server.connect("main").await;
        display
            .join(&Join::new("Room display").token(&display_token))
            .await;
        drop(askers);
        askers = Vec::new();
        if round == "before the restart" {
            server.restart().await;
        }
    }
}

#[tokio::test]
async fn the_roster_comes_in_pages_and_only_to_moderators() {
    let server = start().await;
    server.create_session("main", "live").await;
    let long_name = |n: usize| format!("{n:04} {}", "Ж".repeat(70));
    let mut people = Vec::new();
    for n in 0..520 {
        people.push(server.join("main", &Join::new(&long_name(n))).await);
    }
    let token = moderator_token(&server).await;
    let mut moderator = server.join("main", &Join::new("Chair").token(&token)).await;
    let snapshot = moderator.welcome["snapshot"].clone();
    assert_eq!(snapshot["roster_total"], 521);
    let first = snapshot["roster"].as_array().unwrap().clone();
    assert_eq!(first.len(), 500);
    let everyone = page_through(&mut moderator, "roster", &first).await;
    let ids: BTreeSet<String> = everyone
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!((everyone.len(), ids.len()), (521, 521));

    let participant = &mut people[0];
    assert!(participant.welcome["snapshot"]
        .get("roster_total")
        .is_none());
    let refusal = participant
        .expect_error(r#"{"type":"snapshot.more","id":"r","part":"roster","after":""}"#)
        .await;
    assert_eq!(refusal["code"], "forbidden");
    let refusal = participant
        .expect_error(r#"{"type":"snapshot.more","id":"r","part":"chat","before":1}"#)
        .await;
    assert_eq!(refusal["code"], "invalid_field");
}
