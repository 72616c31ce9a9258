//! Transcript downloads are cheap for the server: each rendering is cached
//! until the track gets a new line (or the session a new title or start),
//! carries a strong `ETag` (`If-None-Match` gets `304`), and each client
//! address may download only so many per minute (`429`, `rate_limited`).

mod common;

use common::{http, start, start_with, TestServer};
use hybridhub::metrics::RateLimit;
use serde_json::json;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpSocket;

const VTT: &str = "/api/sessions/main/transcript.vtt";

/// A live session `main` with a captioner's caption URL (path and query).
async fn live_session_with_caption_url(server: &TestServer) -> String {
    server.create_session("main", "live").await;
    server.caption_path("main", None).await
}

/// Posts caption text as captioning software would; each `\n` finishes a
/// line, which is stored before the answer.
async fn post_caption(server: &TestServer, url: &str, seq: u64, text: &str) {
    let response = server.post_caption(url, seq, text).await;
    assert_eq!(response.status, 200, "caption post: {}", response.body);
}

fn renderings(server: &TestServer) -> u64 {
    server.running().hub.metrics.transcript_renderings.get()
}

fn cache_hits(server: &TestServer) -> u64 {
    server.running().hub.metrics.transcript_cache_hits.get()
}

#[tokio::test]
async fn an_unchanged_transcript_is_rendered_once_and_revalidated_by_its_etag() {
    let server = start().await;
    let url = live_session_with_caption_url(&server).await;
    post_caption(&server, &url, 1, "The first line.\n").await;

    let first = server.get(VTT).await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert!(first.body.contains("The first line."), "{}", first.body);
    let etag = first
        .header("etag")
        .expect("a transcript carries an ETag")
        .to_owned();
    assert!(
        etag.starts_with('"') && etag.ends_with('"'),
        "a strong ETag: {etag}"
    );
    assert_eq!(first.header("cache-control"), Some("no-cache"));

    let second = server.get(VTT).await;
    assert_eq!(second.header("etag"), Some(etag.as_str()));
    assert_eq!(second.body, first.body);
    assert_eq!(
        (renderings(&server), cache_hits(&server)),
        (1, 1),
        "the second download came from the cache"
    );

    let revalidated = http(server.addr, "GET", VTT, &[("If-None-Match", &etag)], None).await;
    assert_eq!(revalidated.status, 304);
    assert_eq!(revalidated.body, "");
    assert_eq!(revalidated.header("etag"), Some(etag.as_str()));
    assert_eq!(renderings(&server), 1);

    // A new line on the track makes a new transcript with a new tag.
    post_caption(&server, &url, 2, "The second line.\n").await;
    let third = server.get(VTT).await;
    assert!(third.body.contains("The second line."), "{}", third.body);
    let new_etag = third.header("etag").unwrap();
    assert_ne!(new_etag, etag, "a new line changes the ETag");
    assert_eq!(renderings(&server), 2);
    let stale = http(server.addr, "GET", VTT, &[("If-None-Match", &etag)], None).await;
    assert_eq!(stale.status, 200, "the old tag no longer matches");
    assert!(stale.body.contains("The second line."));

    // Each format is its own rendering.
    let srt = server.get("/api/sessions/main/transcript.srt").await;
    assert_eq!(srt.status, 200);
    assert_ne!(srt.header("etag"), Some(new_etag));
    assert_eq!(renderings(&server), 3);
}

#[tokio::test]
async fn a_new_title_changes_the_cached_transcript() {
    let server = start().await;
    let url = live_session_with_caption_url(&server).await;
    post_caption(&server, &url, 1, "A line.\n").await;
    let before = server.get(VTT).await;
    let patched = server
        .patch_session("main", json!({"title": "Renamed plenary"}))
        .await;
    assert_eq!(patched.status, 200, "{}", patched.body);
    let after = server.get(VTT).await;
    assert!(after.body.contains("Renamed plenary"), "{}", after.body);
    assert_ne!(after.header("etag"), before.header("etag"));
}

/// `GET path` from a socket bound to `address`; the status.
async fn status_from(server: SocketAddr, address: Ipv4Addr, path: &str) -> u16 {
    let socket = TcpSocket::new_v4().unwrap();
    socket
        .bind(SocketAddr::new(IpAddr::V4(address), 0))
        .unwrap();
    let exchange = async {
        let mut stream = socket.connect(server).await.unwrap();
        let request = format!("GET {path} HTTP/1.1\r\nHost: {server}\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).await.unwrap();
        answer.split(' ').nth(1).unwrap().parse().unwrap()
    };
    tokio::time::timeout(common::TIMEOUT, exchange)
        .await
        .expect("an answer in time")
}

#[tokio::test]
async fn downloads_past_the_per_address_rate_get_429_rate_limited() {
    const PER_MINUTE: u32 = 3;
    let server = start_with(|config| config.edge.transcripts_per_ip_per_minute = PER_MINUTE).await;
    let url = live_session_with_caption_url(&server).await;
    post_caption(&server, &url, 1, "A line.\n").await;
    for download in 1..=PER_MINUTE {
        let response = server.get(VTT).await;
        assert_eq!(response.status, 200, "download {download}");
    }
    let refused = server.get(VTT).await;
    assert_eq!(
        (refused.status, refused.error_code().as_str()),
        (429, "rate_limited")
    );
    let retry_after: u64 = refused
        .header("retry-after")
        .expect("Retry-After says when to come back")
        .parse()
        .unwrap();
    assert!(
        (1..=60).contains(&retry_after),
        "Retry-After: {retry_after}"
    );
    assert_eq!(
        server
            .running()
            .hub
            .metrics
            .rate_limit_hits(RateLimit::Transcripts),
        1
    );
    // Another address has its own allowance.
    assert_eq!(
        status_from(server.addr, Ipv4Addr::new(127, 0, 0, 2), VTT).await,
        200
    );
}
