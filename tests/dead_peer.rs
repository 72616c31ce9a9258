//! Liveness: a peer that vanishes (stops reading and answering) is found by
//! ping and idle timeout and leaves presence; a client that never joins is
//! closed with 4002; a silent one with 4001.

mod common;

use common::{start_with, Join};
use serde_json::Value;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A masked client text frame (RFC 6455 §5.2), by hand.
fn masked_text_frame(payload: &[u8]) -> Vec<u8> {
    let mask = [0x37u8, 0xfa, 0x21, 0x3d];
    let mut frame = vec![0x81u8];
    match payload.len() {
        length if length < 126 => frame.push(0x80 | length as u8),
        length if length <= 0xffff => {
            frame.push(0x80 | 126);
            frame.extend_from_slice(&(length as u16).to_be_bytes());
        }
        length => {
            frame.push(0x80 | 127);
            frame.extend_from_slice(&(length as u64).to_be_bytes());
        }
    }
    frame.extend_from_slice(&mask);
    frame.extend(
        payload
            .iter()
            .enumerate()
            .map(|(i, byte)| byte ^ mask[i % 4]),
    );
    frame
}

/// Reads one unmasked server frame: (opcode, payload).
async fn read_server_frame(stream: &mut TcpStream) -> (u8, Vec<u8>) {
    let mut head = [0u8; 2];
    stream.read_exact(&mut head).await.expect("frame head");
    assert_eq!(head[1] & 0x80, 0, "server frames are not masked");
    let length = match head[1] & 0x7f {
        126 => {
            let mut bytes = [0u8; 2];
            stream.read_exact(&mut bytes).await.unwrap();
            u16::from_be_bytes(bytes) as usize
        }
        127 => {
            let mut bytes = [0u8; 8];
            stream.read_exact(&mut bytes).await.unwrap();
            u64::from_be_bytes(bytes) as usize
        }
        short => short as usize,
    };
    let mut payload = vec![0u8; length];
    stream.read_exact(&mut payload).await.unwrap();
    (head[0] & 0x0f, payload)
}

/// A raw TCP client that performs the WebSocket handshake and the join by
/// hand, then is never read from or written to again.
async fn raw_joined_peer(addr: std::net::SocketAddr, session: &str, name: &str) -> TcpStream {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "GET /ws/sessions/{session} HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    // Read the 101 response head byte by byte, so no frame bytes are consumed.
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        let mut byte = [0u8; 1];
        stream.read_exact(&mut byte).await.unwrap();
        head.push(byte[0]);
    }
    let head = String::from_utf8(head).unwrap();
    assert!(
        head.starts_with("HTTP/1.1 101"),
        "handshake refused: {head}"
    );
    assert!(
        head.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="),
        "the accept key of RFC 6455's example: {head}"
    );

    let join = Join::new(name).to_json().to_string();
    stream
        .write_all(&masked_text_frame(join.as_bytes()))
        .await
        .unwrap();
    loop {
        let (opcode, payload) = read_server_frame(&mut stream).await;
        if opcode == 0x1 {
            let frame: Value = serde_json::from_slice(&payload).unwrap();
            assert_eq!(frame["type"], "welcome", "{frame}");
            return stream;
        }
    }
}

#[tokio::test]
async fn dead_peer_leaves_presence_within_seconds() {
    // The watcher answers a ping every 150 ms, so it stays well within the
    // idle timeout even when it is late by a second on a loaded machine.
    const IDLE: Duration = Duration::from_millis(1500);
    let server = start_with(|config| {
        config.hub.idle_timeout = IDLE;
        config.hub.ping_interval = Duration::from_millis(150);
        config.hub.presence_interval = Duration::from_millis(100);
    })
    .await;
    server.create_session("main", "live").await;
    let mut watcher = server.join("main", &Join::new("Watcher")).await;

    let before_join = Instant::now();
    let dead = tokio::time::timeout(
        common::TIMEOUT,
        raw_joined_peer(server.addr, "main", "Ghost"),
    )
    .await
    .expect("raw handshake and join");
    watcher
        .wait_presence("the raw peer present", |p| p["participants"] == 2)
        .await;

    // The watcher keeps answering pings (its reads do), the ghost does not.
    let gone = watcher
        .wait_presence("the raw peer gone", |p| p["participants"] == 1)
        .await;
    assert_eq!(gone["connections"], 1);
    assert_eq!(gone["attendees"], 1);
    let took = before_join.elapsed();
    assert!(
        took >= IDLE,
        "a peer is given its whole idle timeout, not dropped after {took:?}"
    );
    // The watcher, which answers pings, is still served.
    watcher.ping_pong("alive").await;
    server.healthz_ok().await;
    drop(dead);
}

#[tokio::test]
async fn live_client_answering_pings_outlives_the_idle_timeout() {
    // Ten pings per idle timeout: a client answering them stays open even
    // if several pings or pongs are late on a loaded machine.
    let server = start_with(|config| {
        config.hub.idle_timeout = Duration::from_millis(1500);
        config.hub.ping_interval = Duration::from_millis(150);
    })
    .await;
    server.create_session("main", "live").await;
    let mut client = server.join("main", &Join::new("Patient")).await;
    // Read (and so answer pings) for three idle timeouts without sending.
    assert_eq!(
        client.quiet_for(Duration::from_millis(4500)).await,
        None,
        "still open"
    );
    client.ping_pong("still here").await;
}

#[tokio::test]
async fn silent_client_is_closed_with_4001() {
    // Pings rarer than the idle timeout: a client that reads but never
    // sends anything is idle.
    let server = start_with(|config| {
        config.hub.idle_timeout = Duration::from_millis(500);
        config.hub.ping_interval = Duration::from_secs(60);
    })
    .await;
    server.create_session("main", "live").await;
    let mut client = server.join("main", &Join::new("Silent")).await;
    assert_eq!(client.expect_close().await, Some(4001));
}

#[tokio::test]
async fn client_that_never_joins_is_closed_with_4002() {
    // Long enough for the ping's round trip below on a loaded machine.
    let server = start_with(|config| config.hub.join_timeout = Duration::from_secs(1)).await;
    server.create_session("main", "live").await;
    let mut client = server.connect("main").await;
    // Pings before join do not extend the join deadline.
    client.ping_pong("not joining").await;
    assert_eq!(client.expect_close().await, Some(4002));
    assert_eq!(server.fresh_seq("main").await, 0);
}
