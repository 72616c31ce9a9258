//! Slow and silent clients at the edge: a connection that never sends a
//! request, one that drips its headers (slowloris), an idle keep-alive
//! connection, and a request whose body never arrives are all cut off
//! within the configured times, and the server keeps answering others.

mod common;

use common::start_with;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The header read timeout these tests configure.
const HEADER_TIMEOUT: Duration = Duration::from_millis(500);
/// The request timeout these tests configure.
const REQUEST_TIMEOUT: Duration = Duration::from_millis(500);
/// How much later than its timeout a connection may be closed on a busy
/// machine, and still pass.
const SLACK: Duration = Duration::from_secs(3);

async fn start() -> common::TestServer {
    start_with(|config| {
        config.edge.header_read_timeout = HEADER_TIMEOUT;
        config.edge.request_timeout = REQUEST_TIMEOUT;
    })
    .await
}

/// Reads until the server closes the connection (end of stream or a reset)
/// and returns everything read, or `None` if it is still open after `wait`.
async fn read_until_closed(
    stream: &mut (impl AsyncReadExt + Unpin),
    wait: Duration,
) -> Option<Vec<u8>> {
    let mut received = Vec::new();
    let reading = async {
        let mut buffer = [0u8; 4096];
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(count) => received.extend_from_slice(&buffer[..count]),
            }
        }
    };
    tokio::time::timeout(wait, reading).await.ok()?;
    Some(received)
}

#[tokio::test]
async fn a_connection_that_sends_nothing_is_closed_after_the_header_timeout() {
    let server = start().await;
    let started = Instant::now();
    let mut silent = TcpStream::connect(server.addr).await.unwrap();
    let closed = read_until_closed(&mut silent, HEADER_TIMEOUT + SLACK).await;
    let took = started.elapsed();
    assert!(
        closed.is_some(),
        "a connection that sent nothing was still open after {took:?} (header timeout {HEADER_TIMEOUT:?})"
    );
    assert!(
        took >= HEADER_TIMEOUT - Duration::from_millis(50),
        "closed after {took:?}, before its {HEADER_TIMEOUT:?}"
    );
    server.healthz_ok().await;
}

#[tokio::test]
async fn headers_dripped_byte_by_byte_are_cut_off_at_the_header_timeout() {
    let server = start().await;
    let stream = TcpStream::connect(server.addr).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let host = server.addr.to_string();
    // A slowloris: a request line, then one more header line every 100 ms,
    // never the blank line that ends the head.
    let drip = tokio::spawn(async move {
        let start = format!("GET /healthz HTTP/1.1\r\nHost: {host}\r\n");
        if writer.write_all(start.as_bytes()).await.is_err() {
            return;
        }
        for number in 0..100 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            let line = format!("X-Drip-{number}: a\r\n");
            if writer.write_all(line.as_bytes()).await.is_err() {
                return;
            }
        }
    });
    let started = Instant::now();
    let closed = read_until_closed(&mut reader, HEADER_TIMEOUT + SLACK).await;
    drip.abort();
    assert!(
        closed.is_some(),
        "a slowloris was still connected after {:?} (header timeout {HEADER_TIMEOUT:?})",
        started.elapsed()
    );
    server.healthz_ok().await;
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_the_header_timeout() {
    let server = start().await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let request = format!("GET /healthz HTTP/1.1\r\nHost: {}\r\n\r\n", server.addr);
    stream.write_all(request.as_bytes()).await.unwrap();
    // The answer comes, and then the connection stays idle.
    let mut answer = Vec::new();
    let mut buffer = [0u8; 1024];
    while !answer.ends_with(b"ok") {
        let count = tokio::time::timeout(common::TIMEOUT, stream.read(&mut buffer))
            .await
            .expect("the answer in time")
            .unwrap();
        assert!(count > 0, "closed before answering: {answer:?}");
        answer.extend_from_slice(&buffer[..count]);
    }
    assert!(answer.starts_with(b"HTTP/1.1 200"), "{answer:?}");
    let started = Instant::now();
    let closed = read_until_closed(&mut stream, HEADER_TIMEOUT + SLACK).await;
    assert!(
        closed.is_some(),
        "an idle keep-alive connection was still open after {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_request_whose_body_never_arrives_gets_408_at_the_request_timeout() {
    let server = start().await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    // The caption route reads its body before anything else; ten of the
    // hundred bytes promised arrive, then nothing.
    let request = format!(
        "POST /api/sessions/main/captions?token=x&seq=1 HTTP/1.1\r\nHost: {}\r\n\
         Content-Type: text/plain\r\nContent-Length: 100\r\n\r\n0123456789",
        server.addr
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let started = Instant::now();
    let answer = read_until_closed(&mut stream, REQUEST_TIMEOUT + SLACK)
        .await
        .unwrap_or_else(|| {
            panic!(
                "a request without its body was still waiting after {:?} (request timeout {REQUEST_TIMEOUT:?})",
                started.elapsed()
            )
        });
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"request_timeout\""), "{answer}");
    server.healthz_ok().await;
}
