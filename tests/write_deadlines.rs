//! Every write to a WebSocket has a deadline, so a client that stops
//! reading cannot hold its socket, and the kernel's buffers behind it, for
//! ever:
//!
//! - before `join`, the replies to a flood of bad frames must be written by
//!   the join deadline;
//! - the `welcome` and the catch-up of missed events must be through by the
//!   same deadline, and a client that never reads them leaves presence;
//! - after that, each round of frames must be written within the write
//!   timeout, even when too little is queued for the queue to overflow.
//!
//! Each case uses a client with a 4 KB receive buffer that never reads, and
//! watches the server's own count of open connections: a client that has
//! stopped reading cannot see a close frame that sits behind unread data.

mod common;

use common::{connect_with_socket, start_with, Join, TestServer};
use serde_json::json;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};
use tokio::net::TcpSocket;

/// Short, so that the test is quick; the defaults are 10 s and 20 s.
const JOIN_TIMEOUT: Duration = Duration::from_secs(2);
const WRITE_TIMEOUT: Duration = Duration::from_secs(2);
/// How long past its deadline a connection may take to be let go: the
/// close handshake's own timeout (1 s) and a loaded machine's scheduling.
const GRACE: Duration = Duration::from_secs(8);

async fn start() -> TestServer {
    start_with(|config| {
        config.hub.join_timeout = JOIN_TIMEOUT;
        config.hub.write_timeout = WRITE_TIMEOUT;
        // Liveness out of the way: the clients here must be let go for not
        // reading, not for being idle.
        config.hub.idle_timeout = Duration::from_secs(120);
        config.hub.ping_interval = Duration::from_secs(60);
        // Queues far larger than any kernel buffer, so that they never
        // overflow: the cut must come from the deadline.
        config.hub.outbound_max_frames = 100_000;
        config.hub.outbound_max_bytes = 256 * 1024 * 1024;
        config.hub.commands_per_second = 100_000;
        config.hub.command_burst = 100_000;
        config.hub.commands_per_ip_per_second = 100_000;
        config.hub.command_burst_per_ip = 100_000;
    })
    .await
}

fn small_receive_buffer() -> TcpSocket {
    let socket = TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    socket
}

/// A moderator, who may write more than the text a session keeps from one
/// participant: these tests send megabytes.
async fn moderator_writer(server: &TestServer) -> common::Client {
    let invite = server.invite("main", json!({"role": "moderator"})).await;
    let token = invite["token"].as_str().unwrap();
    server.join("main", &Join::new("Writer").token(token)).await
}

fn open_connections(server: &TestServer) -> usize {
    server
        .running()
        .hub
        .open_connections
        .load(Ordering::Relaxed)
}

/// Waits until the server holds `expected` WebSocket connections, or
/// panics after `limit`.
async fn until_open_connections(server: &TestServer, expected: usize, limit: Duration, what: &str) {
    let started = Instant::now();
    while open_connections(server) != expected {
        assert!(
            started.elapsed() < limit,
            "{what}: the server still holds {} connections after {:?} (expected {expected})",
            open_connections(server),
            started.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Sends frames until the server stops taking them (its writes are
/// blocked, so it no longer reads), or `most` frames.
async fn flood_until_blocked(client: &mut common::Client, frame: &str, most: usize) -> usize {
    use futures_util::SinkExt;
    use tokio_tungstenite::tungstenite::Message;
    for sent in 0..most {
        let send = client.ws.send(Message::text(frame.to_owned()));
        match tokio::time::timeout(Duration::from_millis(500), send).await {
            Ok(Ok(())) => {}
            Ok(Err(_)) | Err(_) => return sent,
        }
    }
    most
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_floods_before_join_and_never_reads_is_let_go_at_the_join_deadline() {
    let server = start().await;
    server.create_session("main", "live").await;
    let mut flooder = connect_with_socket(small_receive_buffer(), server.addr, "main").await;
    let started = Instant::now();
    // Each bad frame gets an error reply, which the flooder never reads.
    let frame = json!({"type": "no.such.frame", "id": "x".repeat(200)}).to_string();
    let sent = flood_until_blocked(&mut flooder, &frame, 200_000).await;
    assert!(
        sent < 200_000,
        "the server read 200,000 frames without its replies blocking"
    );
    until_open_connections(&server, 0, JOIN_TIMEOUT + GRACE, "pre-join flood").await;
    eprintln!(
        "the flooder sent {sent} frames and was let go after {:?}",
        started.elapsed()
    );
    server.healthz_ok().await;
    drop(flooder);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_never_reads_its_catch_up_is_let_go_and_leaves_presence() {
    let server = start().await;
    server.create_session("main", "live").await;
    // About 12 MB of chat to catch up on: more than the kernel's buffers
    // between the server and a client that does not read.
    let mut writer = moderator_writer(&server).await;
    let text = "語".repeat(2000);
    for id in 1..=2000u64 {
        writer
            .send_json(&json!({"type": "chat.send", "id": id, "text": text}))
            .await;
        if id % 100 == 0 {
            // Keep the writer's own socket drained.
            while writer.next_of_type("ack").await["id"] != json!(id) {}
        }
    }

    let mut watcher = server.join("main", &Join::new("Watcher")).await;
    let mut stalled = connect_with_socket(small_receive_buffer(), server.addr, "main").await;
    let started = Instant::now();
    stalled
        .send_json(&Join::new("Never Reads").resume_from(0).to_json())
        .await;
    // The watcher sees the stalled client counted, then gone again: it is
    // not left present while it does not read.
    let mut counted = false;
    loop {
        assert!(
            started.elapsed() < JOIN_TIMEOUT + GRACE,
            "the stalled client is still present after {:?}",
            started.elapsed()
        );
        let Some(common::Incoming::Json(presence)) =
            watcher.recv_within(Duration::from_millis(500)).await
        else {
            continue;
        };
        if presence["type"] != "presence" {
            continue;
        }
        // The watcher and the stalled client; the writer is staff.
        let participants = presence["participants"].as_u64().unwrap();
        if participants == 2 {
            counted = true;
        }
        if counted && participants == 1 {
            break;
        }
    }
    until_open_connections(&server, 2, GRACE, "catch-up never read").await;
    assert!(server.running().hub.metrics.write_timeouts.get() >= 1);
    eprintln!(
        "the stalled client was let go after {:?}",
        started.elapsed()
    );
    drop(stalled);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_joined_client_that_stops_reading_is_let_go_at_the_write_timeout() {
    let server = start().await;
    server.create_session("main", "live").await;
    let mut stalled = connect_with_socket(small_receive_buffer(), server.addr, "main").await;
    stalled.join(&Join::new("Stops Reading")).await;
    let mut writer = moderator_writer(&server).await;
    let text = "語".repeat(2000);
    // About 12 MB: more than the kernel's buffers between the server and a
    // client that does not read, so the server's write to it blocks. Its
    // queue (256 MiB) never overflows, so only the write timeout can let
    // it go.
    let mut sent = 0u64;
    while sent < 2_000 {
        for _ in 0..50 {
            sent += 1;
            writer
                .send_json(&json!({"type": "chat.send", "id": sent, "text": text}))
                .await;
        }
        while writer.next_of_type("ack").await["id"] != json!(sent) {}
    }
    let started = Instant::now();
    until_open_connections(&server, 1, WRITE_TIMEOUT + GRACE, "stopped reading").await;
    assert_eq!(server.running().hub.metrics.write_timeouts.get(), 1);
    assert_eq!(
        server.running().hub.metrics.slow_consumer_disconnects.get(),
        0,
        "the queue overflowed: this test is about the write timeout"
    );
    eprintln!(
        "the stalled client was let go {:?} after the last of {sent} messages",
        started.elapsed()
    );
    drop(stalled);
}
