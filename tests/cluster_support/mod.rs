//! Helpers for the tests that run real hybridhub binaries in cluster mode
//! (`serve --nats`): a node process killed (SIGKILL) and reaped on drop,
//! the organiser's calls, and a client whose every event is checked for
//! gaps and repeats. Shared by `cluster_failover` and `cluster_nats_faults`;
//! the test crate must also declare `mod common;`.

#![allow(dead_code)]

use crate::common::{self, http, Client, Incoming};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::process::{Child, Command as Process, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tempfile::TempDir;

/// The organiser's token on every node.
pub const ADMIN: &str = "cluster-admin-token-long-enough-to-pass";
/// The session every cluster test runs.
pub const SESSION: &str = "plenary";

/// A child process, killed (SIGKILL) and reaped when dropped, so that a
/// failing assertion never leaves one running.
pub struct Killed(pub Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A hybridhub binary in cluster mode, with its own data directory.
pub struct Node {
    pub process: Killed,
    pub addr: SocketAddr,
    _data: TempDir,
}

/// Starts `hybridhub serve --nats <nats> --node-id <node_id>` with 100 ms
/// presence periods and `extra` arguments, and waits until it prints its
/// address. Set `NODE_TEST_LOG` (a `RUST_LOG` filter, e.g. `info`) to see
/// the node's log, prefixed with its id.
pub fn start_node(nats: &str, node_id: &str, extra: &[&str]) -> Node {
    let data = tempfile::tempdir().expect("a temporary directory");
    let log = std::env::var("NODE_TEST_LOG").ok();
    let mut child = Process::new(env!("CARGO_BIN_EXE_hybridhub"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(data.path())
        .args(["--nats", nats, "--node-id", node_id])
        .args(["--presence-interval-ms", "100"])
        .args(extra)
        .env("HYBRIDHUB_ADMIN_TOKEN", ADMIN)
        .env("RUST_LOG", log.as_deref().unwrap_or("error"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the hybridhub binary starts");
    let stdout = child.stdout.take().expect("stdout is piped");
    let stderr = child.stderr.take().expect("stderr is piped");
    let process = Killed(child);
    // Start-up errors go to stderr: kept to explain a node that did not start.
    let errors = Arc::new(Mutex::new(String::new()));
    {
        let errors = errors.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = BufReader::new(stderr).read_to_string(&mut text);
            errors.lock().expect("stderr lock").push_str(&text);
        });
    }
    let mut stdout = BufReader::new(stdout);
    let mut line = String::new();
    // Logs go to stdout too: the address is the first line that is not one.
    while !line.contains("listening on http://") {
        line.clear();
        let read = stdout.read_line(&mut line).expect("the node's stdout");
        if read == 0 {
            std::thread::sleep(Duration::from_millis(100));
            panic!(
                "{node_id} exited without printing its address: {}",
                errors.lock().expect("stderr lock")
            );
        }
        if log.is_some() && !line.contains("listening on http://") {
            eprint!("[{node_id}] {line}");
        }
    }
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("{node_id} printed no address: {line:?}"))
        .parse()
        .expect("a socket address");
    // Keep reading, so that the node never writes to a closed pipe.
    let prefix = node_id.to_owned();
    std::thread::spawn(move || {
        for line in stdout.lines().map_while(Result::ok) {
            if log.is_some() {
                eprintln!("[{prefix}] {line}");
            }
        }
    });
    Node {
        process,
        addr,
        _data: data,
    }
}

/// An organiser's call that must succeed; its JSON answer.
pub async fn admin(node: &Node, method: &str, path: &str, body: Value) -> Value {
    let authorization = format!("Bearer {ADMIN}");
    let headers = [
        ("Authorization", authorization.as_str()),
        ("Content-Type", "application/json"),
    ];
    let body = body.to_string();
    let response = http(node.addr, method, path, &headers, Some(body.as_bytes())).await;
    assert!(response.status < 300, "{method} {path}: {}", response.body);
    response.json()
}

/// Creates the session through `node`, or finds it there: the first node
/// asked creates it in the cluster's session directory (201), and any
/// other answers 409 but has the session from then on.
pub async fn create_session(node: &Node) {
    let body = json!({
        "id": SESSION,
        "title": "Plenary",
        "state": "scheduled",
        "starts_at": common::scheduled_session_times().0,
        "ends_at": common::scheduled_session_times().1,
    })
    .to_string();
    let authorization = format!("Bearer {ADMIN}");
    let headers = [
        ("Authorization", authorization.as_str()),
        ("Content-Type", "application/json"),
    ];
    let created = http(
        node.addr,
        "POST",
        "/api/sessions",
        &headers,
        Some(body.as_bytes()),
    )
    .await;
    assert!(
        matches!(created.status, 201 | 409),
        "POST /api/sessions: {} {}",
        created.status,
        created.body
    );
    let path = format!("/api/sessions/{SESSION}");
    let found = http(node.addr, "GET", &path, &[], None).await;
    assert_eq!(
        found.status, 200,
        "after {}: {}",
        created.status, found.body
    );
}

/// Makes the session live through `node`: a command in the log, which
/// every replica applies.
pub async fn go_live(node: &Node) {
    admin(
        node,
        "PATCH",
        &format!("/api/sessions/{SESSION}"),
        json!({"state": "live"}),
    )
    .await;
}

/// A presence frame counting `people` present, one connection each:
/// participants, and staff (a moderator or captioner), who are counted
/// apart from the participants.
pub fn presence_of(frame: &Value, people: u64) -> bool {
    let count = |key: &str| frame[key].as_u64().unwrap_or(0);
    frame["type"] == "presence"
        && count("participants") + count("staff") == people
        && count("connections") == people
}

/// What became of a command sent while the log may be unavailable.
#[derive(Debug)]
pub enum Sent {
    /// Acked with this `seq`.
    Acked(u64),
    /// Refused with this `error` frame (retryable).
    Refused(Value),
}

/// A client that must never be disturbed: every frame it gets is checked
/// (no error but a refusal of the command it just sent, no close), and
/// every event is kept by `seq`, which must go up by exactly one from the
/// welcome's.
pub struct Watched {
    pub client: Client,
    pub events: BTreeMap<u64, Value>,
    pub last_seq: u64,
    /// The latest `presence` frame read, which may have been read while
    /// waiting for something else.
    pub last_presence: Option<Value>,
}

impl Watched {
    pub fn new(client: Client) -> Watched {
        let last_seq = client.welcome_seq();
        Watched {
            client,
            events: BTreeMap::new(),
            last_seq,
            last_presence: None,
        }
    }

    /// The next frame; panics on an error frame, a close, or the end.
    pub async fn next(&mut self, within: Duration) -> Option<Value> {
        self.next_allowing(within, None).await
    }

    /// The next frame; an error frame is allowed only as the answer to the
    /// command with id `refusable`.
    async fn next_allowing(&mut self, within: Duration, refusable: Option<&str>) -> Option<Value> {
        let frame = match self.client.recv_within(within).await? {
            Incoming::Json(frame) => frame,
            other => panic!("the undisturbed client got {other:?}"),
        };
        if frame["type"] == "error" {
            assert!(
                refusable.is_some() && frame["id"] == refusable.unwrap_or_default(),
                "the undisturbed client: {frame}"
            );
        }
        if frame["type"] == "presence" {
            self.last_presence = Some(frame.clone());
        }
        if let Some(seq) = frame["seq"].as_u64() {
            if frame["type"] != "ack" {
                assert_eq!(seq, self.last_seq + 1, "a gap or a repeat: {frame}");
                self.last_seq = seq;
                self.events.insert(seq, frame.clone());
            }
        }
        Some(frame)
    }

    /// Waits until presence counts `participants`: the latest presence
    /// frame read, or a later one.
    pub async fn until_presence(&mut self, what: &str, participants: u64) {
        let already = self.last_presence.as_ref();
        if already.is_some_and(|frame| presence_of(frame, participants)) {
            return;
        }
        self.until(what, common::TIMEOUT, |frame| {
            presence_of(frame, participants)
        })
        .await;
    }

    /// Reads until `accept` holds for a frame, within `within`.
    pub async fn until(&mut self, what: &str, within: Duration, accept: impl Fn(&Value) -> bool) {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.next(left).await {
                Some(frame) if accept(&frame) => return,
                Some(_) => continue,
                None => panic!("no {what} within {within:?}"),
            }
        }
    }

    /// Reads until the event with `seq` has arrived, within `within`;
    /// returns it.
    pub async fn event(&mut self, seq: u64, within: Duration) -> Value {
        let deadline = tokio::time::Instant::now() + within;
        while self.last_seq < seq {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            if self.next(left).await.is_none() {
                panic!("no event {seq} within {within:?} (last: {})", self.last_seq);
            }
        }
        self.events[&seq].clone()
    }

    /// Sends a chat and reads until its ack; returns the ack's `seq`.
    pub async fn chat(&mut self, id: &str, text: &str) -> u64 {
        match self.try_chat(id, text).await {
            Sent::Acked(seq) => seq,
            Sent::Refused(error) => panic!("chat {id} refused: {error}"),
        }
    }

    /// Sends a chat and reads until it is acked or refused with a retryable
    /// error (the command log unavailable). Any other error fails.
    pub async fn try_chat(&mut self, id: &str, text: &str) -> Sent {
        self.client
            .send_json(&json!({"type": "chat.send", "id": id, "text": text}))
            .await;
        // An append whose ack never comes is refused after JetStream's
        // request timeout (5 s), behind the ones before it.
        let within = common::TIMEOUT * 3;
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let frame = self
                .next_allowing(left, Some(id))
                .await
                .unwrap_or_else(|| panic!("no answer to {id} within {within:?}"));
            if frame["id"] != id {
                continue;
            }
            if frame["type"] == "error" {
                let message = frame["message"].as_str().unwrap_or_default();
                assert!(
                    frame["code"] == "unavailable" && message.contains("retry"),
                    "not a retryable refusal: {frame}"
                );
                return Sent::Refused(frame);
            }
            if frame["type"] == "ack" {
                let seq = frame["seq"].as_u64().expect("the ack names a seq");
                assert_eq!(
                    self.events[&seq]["text"], text,
                    "our chat came before its ack"
                );
                return Sent::Acked(seq);
            }
        }
    }

    /// Sends chats `<id>-1`, `<id>-2`, ... until one is acked, within
    /// `within`; returns its `seq` and its id. Refusals are expected while
    /// the log is unavailable.
    pub async fn chat_until_acked(
        &mut self,
        id: &str,
        text: &str,
        within: Duration,
    ) -> (u64, String) {
        let deadline = tokio::time::Instant::now() + within;
        for attempt in 1.. {
            let attempt_id = format!("{id}-{attempt}");
            match self.try_chat(&attempt_id, text).await {
                Sent::Acked(seq) => return (seq, attempt_id),
                Sent::Refused(error) => {
                    assert!(
                        tokio::time::Instant::now() < deadline,
                        "{id}: still refused after {within:?}: {error}"
                    );
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        }
        unreachable!()
    }
}
