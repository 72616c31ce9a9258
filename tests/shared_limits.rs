//! Limits that opening more connections does not multiply: a participant's
//! tabs share one command allowance, every connection from one client
//! address shares another, and the chat and question text a session keeps
//! is bounded per participant and in all, across a restart.

mod common;

use common::{connect_with_socket, start_with, Client, Join, TestServer};
use serde_json::json;
use std::time::{Duration, Instant};
use tokio::net::TcpSocket;

/// Floods `count` chat messages on each client at once, then reads every
/// answer; returns how many were acked, and the refusals' messages.
async fn flood(clients: &mut [Client], count: usize) -> (usize, Vec<String>) {
    for client in clients.iter_mut() {
        for number in 0..count {
            client
                .send_json(
                    &json!({"type": "chat.send", "id": number, "text": format!("spam {number}")}),
                )
                .await;
        }
    }
    let (mut acked, mut refusals) = (0, Vec::new());
    for client in clients.iter_mut() {
        let mut answered = 0;
        while answered < count {
            let frame = client.next_non_presence().await;
            match frame["type"].as_str() {
                Some("ack") => {
                    acked += 1;
                    answered += 1;
                }
                Some("error") => {
                    assert_eq!(frame["code"], "rate_limited", "{frame}");
                    refusals.push(frame["message"].as_str().unwrap().to_owned());
                    answered += 1;
                }
                _ => {}
            }
        }
    }
    (acked, refusals)
}

/// Sends a command and returns its answer: the `ack` or `error` with its id.
async fn answer_to(client: &mut Client, command: serde_json::Value) -> serde_json::Value {
    let id = command["id"].clone();
    client.send_json(&command).await;
    loop {
        let frame = client.next_non_presence().await;
        if frame["id"] == id && matches!(frame["type"].as_str(), Some("ack" | "error")) {
            return frame;
        }
    }
}

/// The most a limiter may let through in `elapsed`: its burst, and one
/// more per period that passed.
fn allowance(burst: u32, per_second: u32, elapsed: Duration) -> usize {
    (burst + (elapsed.as_secs_f64() * f64::from(per_second)).floor() as u32) as usize
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_participant_s_tabs_share_one_allowance() {
    let server = start_with(|config| {
        config.hub.commands_per_second = 1;
        config.hub.command_burst = 5;
    })
    .await;
    server.create_session("main", "live").await;
    let first = server
        .join("main", &Join::new("Two Tabs").client_id("two-tabs"))
        .await;
    let secret = first.welcome["resume_secret"].as_str().unwrap().to_owned();
    let second = server
        .join(
            "main",
            &Join::new("Two Tabs")
                .client_id("two-tabs")
                .resume_secret(&secret),
        )
        .await;
    assert_eq!(
        first.welcome["you"]["id"], second.welcome["you"]["id"],
        "both tabs are one participant"
    );
    let started = Instant::now();
    let (acked, refusals) = flood(&mut [first, second], 10).await;
    let at_most = allowance(5, 1, started.elapsed());
    assert!(
        acked <= at_most && at_most < 20,
        "two tabs of one participant got {acked} of 20 through; one allowance is at most {at_most}"
    );
    assert!(
        refusals[0].contains("all your connections together"),
        "{}",
        refusals[0]
    );
}

fn socket_from(source: &str) -> TcpSocket {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(format!("{source}:0").parse().unwrap()).unwrap();
    socket
}

async fn join_from(server: &TestServer, source: &str, name: &str) -> Client {
    let mut client = connect_with_socket(socket_from(source), server.addr, "main").await;
    client.join(&Join::new(name)).await;
    client
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_from_one_address_share_an_allowance_and_other_addresses_keep_theirs() {
    let server = start_with(|config| {
        config.hub.commands_per_ip_per_second = 2;
        config.hub.command_burst_per_ip = 10;
    })
    .await;
    server.create_session("main", "live").await;
    // Five participants from one address, each well within their own
    // allowance (30 a second), flood 10 messages each.
    let mut crowd = Vec::new();
    for number in 0..5 {
        crowd.push(join_from(&server, "127.0.0.1", &format!("Crowd {number}")).await);
    }
    let mut elsewhere = join_from(&server, "127.0.0.2", "Elsewhere").await;
    let started = Instant::now();
    let (acked, refusals) = flood(&mut crowd, 10).await;
    let at_most = allowance(10, 2, started.elapsed());
    assert!(
        acked <= at_most && at_most < 50,
        "five participants from one address got {acked} of 50 through; the address's allowance is at most {at_most}"
    );
    assert!(
        refusals
            .iter()
            .all(|message| message.contains("from one address")),
        "{refusals:?}"
    );
    // Another address is not held back by the first one's flood.
    let answer = answer_to(
        &mut elsewhere,
        json!({"type": "chat.send", "id": "from-elsewhere", "text": "still heard"}),
    )
    .await;
    assert_eq!(answer["type"], "ack", "{answer}");
    assert!(
        server
            .running()
            .hub
            .metrics
            .rate_limit_hits(hybridhub::metrics::RateLimit::CommandsPerAddress)
            >= (50 - acked) as u64
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_text_kept_from_one_participant_is_bounded_across_a_restart() {
    let mut server = start_with(|config| {
        config.hub.commands_per_second = 10_000;
        config.hub.command_burst = 10_000;
    })
    .await;
    server.create_session("main", "live").await;
    // 2,000 three-byte characters: 6,000 bytes a message, so 43 fit in the
    // 256 KiB a participant may have stored and the 44th does not.
    let text = "語".repeat(2000);
    let per_participant = hybridhub::core::WRITTEN_BYTES_PER_PARTICIPANT_MAX as usize;
    let fitting = per_participant / text.len();
    let mut writer = server
        .join("main", &Join::new("Long Writer").client_id("long-writer"))
        .await;
    let secret = writer.welcome["resume_secret"].as_str().unwrap().to_owned();
    for number in 0..fitting {
        let (_, ack) = writer.chat(&format!("c{number}"), &text).await;
        assert_eq!(ack["type"], "ack", "{ack}");
    }
    let refused = answer_to(
        &mut writer,
        json!({"type": "chat.send", "id": "over", "text": text}),
    )
    .await;
    assert_eq!(refused["code"], "capacity", "{refused}");
    assert!(
        refused["message"].as_str().unwrap().contains("256 KiB"),
        "{refused}"
    );
    // Questions count against the same allowance: 4,144 bytes are left,
    // room for one question of 3,000 bytes and not for a second.
    let question = json!({"type": "question.ask", "id": "q1", "text": "語".repeat(1000)});
    let first_question = answer_to(&mut writer, question).await;
    assert_eq!(first_question["type"], "ack", "{first_question}");
    let question = json!({"type": "question.ask", "id": "q2", "text": "語".repeat(1000)});
    let second_question = answer_to(&mut writer, question).await;
    assert_eq!(second_question["code"], "capacity", "{second_question}");
    // Someone else may still write.
    let mut other = server.join("main", &Join::new("Other")).await;
    let (_, ack) = other.chat("other", "hello").await;
    assert_eq!(ack["type"], "ack");
    drop(writer);
    drop(other);

    // The tally is rebuilt from what was stored.
    server.restart().await;
    let mut back = server
        .join(
            "main",
            &Join::new("Long Writer")
                .client_id("long-writer")
                .resume_secret(&secret),
        )
        .await;
    let refused = answer_to(
        &mut back,
        json!({"type": "chat.send", "id": "again", "text": "語".repeat(1000)}),
    )
    .await;
    assert_eq!(refused["code"], "capacity", "{refused}");
}
