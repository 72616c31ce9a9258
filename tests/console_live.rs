//! The organisers' live feed over real HTTP and WebSockets:
//! `GET /api/event/live` sends every session's summary as server-sent
//! events when something changes, at most once a second; the organiser's
//! alone.

mod common;

use common::{start, Join, ADMIN_TOKEN};
use serde_json::Value;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// An open `GET /api/event/live` stream, read as it arrives.
struct LiveFeed {
    stream: TcpStream,
    buffer: String,
}

impl LiveFeed {
    async fn open(addr: std::net::SocketAddr) -> LiveFeed {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let request = format!(
            "GET /api/event/live HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {ADMIN_TOKEN}\r\nAccept: text/event-stream\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).await.unwrap();
        LiveFeed {
            stream,
            buffer: String::new(),
        }
    }

    /// The next `sessions` event's data, with when it arrived.
    async fn next(&mut self) -> (Value, Instant) {
        loop {
            if let Some(start) = self.buffer.find("data: ") {
                if let Some(length) = self.buffer[start..].find('\n') {
                    let data = self.buffer[start + 6..start + length].to_owned();
                    self.buffer.drain(..start + length);
                    return (serde_json::from_str(&data).unwrap(), Instant::now());
                }
            }
            let mut chunk = [0u8; 16 * 1024];
            let read = tokio::time::timeout(Duration::from_secs(10), self.stream.read(&mut chunk))
                .await
                .expect("an event within 10 s")
                .unwrap();
            assert!(read > 0, "the stream stayed open");
            self.buffer
                .push_str(&String::from_utf8_lossy(&chunk[..read]));
        }
    }

    /// Events until one whose session `id` passes `accept`.
    async fn until(&mut self, id: &str, accept: impl Fn(&Value) -> bool) -> Value {
        loop {
            let (data, _) = self.next().await;
            let session = data["sessions"]
                .as_array()
                .unwrap()
                .iter()
                .find(|session| session["id"] == id)
                .cloned()
                .unwrap();
            if accept(&session) {
                return session;
            }
        }
    }
}

#[tokio::test]
async fn the_live_feed_shows_counts_change_as_people_join_and_leave() {
    let server = start().await;
    server.create_session("a", "live").await;
    let mut feed = LiveFeed::open(server.running().addr).await;
    assert!(
        feed.buffer.is_empty(),
        "nothing is read before the first event"
    );
    let first = feed.until("a", |_| true).await;
    assert_eq!(first["state"], "live");
    assert_eq!(
        (first["in_room"].clone(), first["online"].clone()),
        (0.into(), 0.into())
    );
    assert_eq!(first["captions"][0]["lang"], "en");

    let onsite = server.join("a", &Join::new("Ana").mode("onsite")).await;
    let _remote = server.join("a", &Join::new("Bo").mode("remote")).await;
    let _hub = server
        .join(
            "a",
            &Join::new("Nairobi")
                .mode("remote")
                .hub("Nairobi hub", 25)
                .client_id("hub-1"),
        )
        .await;
    let joined = feed
        .until("a", |session| {
            session["in_room"] == 1 && session["hubs"].as_array().unwrap().len() == 1
        })
        .await;
    assert_eq!(joined["hubs"][0]["name"], "Nairobi hub");
    assert_eq!(joined["hubs"][0]["headcount"], 25);

    onsite.close().await;
    let left = feed.until("a", |session| session["in_room"] == 0).await;
    assert_eq!(left["hubs"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_live_feed_sends_at_most_one_event_a_second_and_none_while_nothing_changes() {
    let server = start().await;
    server.create_session("a", "scheduled").await;
    let mut feed = LiveFeed::open(server.running().addr).await;
    let (_, first_at) = feed.next().await;
    let mut people = Vec::new();
    for number in 0..5 {
        people.push(server.join("a", &Join::new(&format!("P{number}"))).await);
    }
    let (changed, changed_at) = feed.next().await;
    assert!(
        changed_at - first_at >= Duration::from_millis(900),
        "a second apart at least: {:?}",
        changed_at - first_at
    );
    assert_eq!(
        changed["sessions"][0]["online"], 5,
        "the joins batched into one event"
    );
    let quiet = tokio::time::timeout(Duration::from_millis(2500), feed.next()).await;
    assert!(
        quiet.is_err(),
        "no event while nothing changes: {:?}",
        quiet.map(|event| event.0)
    );
}

#[tokio::test]
async fn the_live_feed_is_the_organisers_alone() {
    let server = start().await;
    assert_eq!(server.get("/api/event/live").await.status, 401);
    let wrong = common::http(
        server.running().addr,
        "GET",
        "/api/event/live",
        &[("Authorization", "Bearer not-the-token")],
        None,
    )
    .await;
    assert_eq!(wrong.status, 403);
}
