//! The connection loop is generic over `Sink`/`Stream`: driven here with
//! in-memory channels instead of a socket, next to a real WebSocket client.

mod common;

use axum::extract::ws::Message;
use common::{start_with, Join};
use futures_util::Sink;
use hybridhub::ws::connection::{serve_connection, ConnectionContext};
use serde_json::{json, Value};
use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::mpsc;

/// A sink that forwards every message into a channel.
struct ChannelSink(mpsc::UnboundedSender<Message>);

impl Sink<Message> for ChannelSink {
    type Error = String;
    fn poll_ready(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), String>> {
        Poll::Ready(if self.0.is_closed() {
            Err("receiver gone".into())
        } else {
            Ok(())
        })
    }
    fn start_send(self: Pin<&mut Self>, message: Message) -> Result<(), String> {
        self.0.send(message).map_err(|_| "receiver gone".to_owned())
    }
    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), String>> {
        Poll::Ready(Ok(()))
    }
    fn poll_close(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), String>> {
        Poll::Ready(Ok(()))
    }
}

/// The test's end of a channel-driven connection.
struct Pipe {
    to_server: Option<mpsc::UnboundedSender<Result<Message, String>>>,
    from_server: mpsc::UnboundedReceiver<Message>,
    task: tokio::task::JoinHandle<()>,
}

fn open_pipe(server: &common::TestServer, session_id: &str) -> Pipe {
    let hub = server.running().hub.clone();
    let session = hub.session_handle(session_id).expect("the session exists");
    let context = ConnectionContext {
        hub,
        session_id: session_id.to_owned(),
        session,
        client_ip: std::net::Ipv4Addr::LOCALHOST.into(),
    };
    let (to_server, mut incoming) = mpsc::unbounded_channel::<Result<Message, String>>();
    let (outgoing, from_server) = mpsc::unbounded_channel();
    let stream = futures_util::stream::poll_fn(move |cx| incoming.poll_recv(cx));
    let task = tokio::spawn(serve_connection(ChannelSink(outgoing), stream, context));
    Pipe {
        to_server: Some(to_server),
        from_server,
        task,
    }
}

impl Pipe {
    fn send(&self, value: Value) {
        self.send_message(Message::Text(value.to_string().into()));
    }
    fn send_message(&self, message: Message) {
        self.to_server
            .as_ref()
            .expect("stream open")
            .send(Ok(message))
            .expect("the connection loop is running");
    }
    /// The next message that is not a WebSocket ping or a presence frame.
    async fn next(&mut self) -> Message {
        loop {
            let message = tokio::time::timeout(common::TIMEOUT, self.from_server.recv())
                .await
                .expect("a message within the timeout")
                .expect("the connection loop ended without a close");
            match &message {
                Message::Ping(_) | Message::Pong(_) => continue,
                Message::Text(text) if text.as_str().starts_with(r#"{"type":"presence"#) => {
                    continue
                }
                _ => return message,
            }
        }
    }
    async fn next_json(&mut self) -> Value {
        match self.next().await {
            Message::Text(text) => serde_json::from_str(text.as_str()).expect("JSON"),
            other => panic!("expected text, got {other:?}"),
        }
    }
    async fn next_close_code(&mut self) -> u16 {
        match self.next().await {
            Message::Close(Some(frame)) => frame.code,
            other => panic!("expected a close frame, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn channel_driven_connection_joins_chats_and_is_acked() {
    let server =
        start_with(|config| config.hub.presence_interval = Duration::from_millis(50)).await;
    server.create_session("main", "live").await;
    let mut watcher = server.join("main", &Join::new("Watcher")).await;
    let hub = server.running().hub.clone();
    let open_before = hub.open_connections.load(Ordering::Relaxed);

    let mut pipe = open_pipe(&server, "main");
    // Before join: ping works, chat does not.
    pipe.send(json!({"type": "ping", "id": 1}));
    assert_eq!(pipe.next_json().await, json!({"type": "pong", "id": 1}));
    pipe.send(json!({"type": "chat.send", "id": "early", "text": "hi"}));
    let error = pipe.next_json().await;
    assert_eq!(
        (error["code"].as_str(), error["id"].as_str()),
        (Some("not_joined"), Some("early"))
    );
    assert_eq!(
        hub.open_connections.load(Ordering::Relaxed),
        open_before + 1
    );

    pipe.send(
        Join::new("Piped")
            .stakeholder("academia")
            .region("asia_pacific")
            .to_json(),
    );
    let welcome = pipe.next_json().await;
    assert_eq!(welcome["type"], "welcome", "{welcome}");
    assert_eq!(welcome["participant"]["name"], "Piped");
    assert_eq!(welcome["seq"], 0);
    let piped_id = welcome["participant"]["id"].as_str().unwrap().to_owned();
    watcher
        .wait_presence("the piped participant", |p| {
            p["participants"] == 2 && p["by_region"]["asia_pacific"] == 1
        })
        .await;

    pipe.send(json!({"type": "chat.send", "id": "c1", "text": "through a channel"}));
    let message = pipe.next_json().await;
    assert_eq!(message["type"], "chat.message");
    assert_eq!(message["seq"], 1);
    assert_eq!(message["from"], json!({"id": piped_id, "name": "Piped"}));
    assert_eq!(message["text"], "through a channel");
    assert_eq!(
        pipe.next_json().await,
        json!({"type": "ack", "id": "c1", "seq": 1})
    );
    // The real WebSocket client receives the very same event.
    assert_eq!(watcher.next_non_presence().await, message);

    // And the other way round.
    let (from_watcher, _) = watcher.chat("w1", "and back over TCP").await;
    assert_eq!(pipe.next_json().await, from_watcher);

    // Bad input over the channel: errors, and the loop keeps going.
    pipe.send_message(Message::Text("not json".into()));
    assert_eq!(pipe.next_json().await["code"], "bad_json");
    pipe.send_message(Message::Binary(vec![1, 2, 3].into()));
    assert_eq!(pipe.next_json().await["code"], "binary_frame");
    pipe.send(json!({"type": "ping", "id": "alive"}));
    assert_eq!(
        pipe.next_json().await,
        json!({"type": "pong", "id": "alive"})
    );

    // The stream ends: the loop closes normally, leaves presence, and returns.
    pipe.to_server = None;
    assert_eq!(pipe.next_close_code().await, 1000);
    tokio::time::timeout(common::TIMEOUT, &mut pipe.task)
        .await
        .expect("the loop returns")
        .expect("no panic");
    assert_eq!(hub.open_connections.load(Ordering::Relaxed), open_before);
    watcher
        .wait_presence("the piped participant gone", |p| p["participants"] == 1)
        .await;
}

#[tokio::test]
async fn channel_driven_connection_times_out_without_join() {
    let server = start_with(|config| config.hub.join_timeout = Duration::from_millis(300)).await;
    server.create_session("main", "live").await;
    let mut pipe = open_pipe(&server, "main");
    assert_eq!(pipe.next_close_code().await, 4002);
    tokio::time::timeout(common::TIMEOUT, &mut pipe.task)
        .await
        .expect("the loop returns")
        .expect("no panic");
}

#[tokio::test]
async fn channel_driven_connection_is_closed_with_1012_at_shutdown() {
    let mut server = start_with(|_| {}).await;
    server.create_session("main", "live").await;
    let mut pipe = open_pipe(&server, "main");
    pipe.send(Join::new("Piped").to_json());
    assert_eq!(pipe.next_json().await["type"], "welcome");
    let (_, code) = tokio::join!(server.shutdown(), pipe.next_close_code());
    assert_eq!(code, 1012);
}
