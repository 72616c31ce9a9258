//! Shared helpers for the integration tests: the real server started
//! in-process on an ephemeral loopback port with a temporary data directory,
//! a small HTTP/1.1 client for the admin API, and a small WebSocket client.
//!
//! Every wait is bounded by [`TIMEOUT`] (generous, for a shared and noisy
//! machine) and panics with what it was waiting for, so no test hangs.

#![allow(dead_code)]

use futures_util::{SinkExt, StreamExt};
use hybridhub::server::{self, Config, RunningServer};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use tempfile::TempDir;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::WebSocketStream;

/// The longest any single wait may take before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(5);
/// The admin token `Config::for_tests` sets.
pub const ADMIN_TOKEN: &str = "test-admin-token-long-enough-to-pass";

/// Logs to the test output when `TEST_LOG` is set (e.g. `TEST_LOG=debug`).
fn init_logging() {
    if std::env::var_os("TEST_LOG").is_some() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_env("TEST_LOG"))
            .with_test_writer()
            .try_init();
    }
}

// ---------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------

pub struct TestServer {
    running: Option<RunningServer>,
    pub addr: SocketAddr,
    pub config: Config,
    /// Kept alive (and deleted at the end) by the test server.
    dir: TempDir,
}

/// A scheduled session's times for tests that compare what several nodes
/// store: nine hours from the whole hour a day from now, in RFC 3339,
/// taken from the clock once per test process. A day ahead, so that the
/// session does not go live by itself during a test; relative to now, so
/// that its invites' default expiry (12 h after its end) stays within the
/// server's 30-day bound whatever the machine's clock says.
pub fn scheduled_session_times() -> &'static (String, String) {
    static TIMES: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();
    TIMES.get_or_init(|| {
        use time::format_description::well_known::Rfc3339;
        let now = time::OffsetDateTime::now_utc();
        let hour = now.replace_time(time::Time::from_hms(now.hour(), 0, 0).expect("a whole hour"));
        let starts = hour + time::Duration::hours(24);
        let ends = starts + time::Duration::hours(9);
        (
            starts.format(&Rfc3339).expect("an RFC 3339 time"),
            ends.format(&Rfc3339).expect("an RFC 3339 time"),
        )
    })
}

/// Starts a server with `Config::for_tests` on a fresh temporary directory.
pub async fn start() -> TestServer {
    start_with(|_| {}).await
}

/// Starts a server after letting the test adjust the configuration
/// (usually `config.hub`, to shorten timings or bounds).
pub async fn start_with(tweak: impl FnOnce(&mut Config)) -> TestServer {
    init_logging();
    let dir = tempfile::tempdir().expect("temporary data directory");
    let mut config = Config::for_tests(dir.path().to_path_buf());
    tweak(&mut config);
    let running = server::start(config.clone())
        .await
        .expect("the server starts");
    if config.admin_token.is_some() {
        assert_eq!(running.admin_token, ADMIN_TOKEN);
        assert_eq!(running.admin_token_source, server::AdminTokenSource::Given);
    }
    TestServer {
        addr: running.addr,
        running: Some(running),
        config,
        dir,
    }
}

/// Cluster mode: a node on the NATS server at `nats_url`, with short
/// presence periods.
pub async fn start_cluster_node(nats_url: &str, node_id: &str) -> TestServer {
    start_with(|config| {
        config.hub.presence_interval = Duration::from_millis(200);
        config.cluster = Some(server::ClusterConfig::new(nats_url, node_id));
    })
    .await
}

impl TestServer {
    pub fn running(&self) -> &RunningServer {
        self.running.as_ref().expect("the server is running")
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    /// Graceful shutdown (closes WebSockets with 1012 and flushes the store).
    /// Bounded: the server's own grace period is 5 s.
    pub async fn shutdown(&mut self) {
        if let Some(running) = self.running.take() {
            tokio::time::timeout(Duration::from_secs(15), running.shutdown())
                .await
                .expect("graceful shutdown finishes within its grace period");
        }
    }

    /// Shuts down and starts a new server on the same data directory and
    /// configuration (on a new ephemeral port).
    pub async fn restart(&mut self) {
        self.shutdown().await;
        let running = server::start(self.config.clone())
            .await
            .expect("the server starts again on the same data directory");
        self.addr = running.addr;
        self.running = Some(running);
    }

    pub fn ws_url(&self, session: &str) -> String {
        format!("ws://{}/ws/sessions/{session}", self.addr)
    }

    pub async fn get(&self, path: &str) -> HttpResponse {
        http(self.addr, "GET", path, &[], None).await
    }

    pub async fn admin(&self, method: &str, path: &str, body: &Value) -> HttpResponse {
        let authorization = format!("Bearer {ADMIN_TOKEN}");
        let headers = [
            ("Authorization", authorization.as_str()),
            ("Content-Type", "application/json"),
        ];
        http(
            self.addr,
            method,
            path,
            &headers,
            Some(body.to_string().as_bytes()),
        )
        .await
    }

    /// Creates a session through the admin API; asserts 201.
    /// Creates a session in `state`; a scheduled one starts in a day, so
    /// that it does not go live by itself during the test.
    pub async fn create_session(&self, id: &str, state: &str) -> Value {
        let mut body = json!({"id": id, "title": format!("Session {id}"), "state": state});
        if state == "scheduled" {
            let tomorrow = hybridhub::hub::wall_clock_now().plus_millis(24 * 3600 * 1000);
            body["starts_at"] = json!(tomorrow.to_rfc3339());
        }
        let response = self.admin("POST", "/api/sessions", &body).await;
        assert_eq!(
            response.status, 201,
            "creating session {id}: {}",
            response.body
        );
        let info = response.json();
        assert_eq!(info["id"], id);
        assert_eq!(info["state"], state);
        info
    }

    /// Creates a session with caption languages; asserts 201.
    pub async fn create_session_with_languages(&self, id: &str, state: &str, languages: &[&str]) {
        let body = json!({"id": id, "title": format!("Session {id}"), "state": state, "languages": languages});
        let response = self.admin("POST", "/api/sessions", &body).await;
        assert_eq!(
            response.status, 201,
            "creating session {id}: {}",
            response.body
        );
    }

    /// Issues an invite through the admin API; asserts 201 and returns it.
    pub async fn invite(&self, session: &str, body: Value) -> Value {
        let response = self
            .admin("POST", &format!("/api/sessions/{session}/invites"), &body)
            .await;
        assert_eq!(
            response.status, 201,
            "invite for {session}: {}",
            response.body
        );
        response.json()
    }

    /// Sends a request with a raw body, as captioning software would.
    pub async fn raw(
        &self,
        method: &str,
        path: &str,
        content_type: Option<&str>,
        body: &[u8],
    ) -> HttpResponse {
        let headers: Vec<(&str, &str)> = content_type
            .map(|value| vec![("Content-Type", value)])
            .unwrap_or_default();
        http(self.addr, method, path, &headers, Some(body)).await
    }

    /// A new captioner invite's caption URL, as its path and query, the
    /// way captioning software pastes it (`lang` picks the track).
    pub async fn caption_path(&self, session: &str, lang: Option<&str>) -> String {
        let mut body = serde_json::json!({"role": "captioner"});
        if let Some(lang) = lang {
            body["lang"] = serde_json::json!(lang);
        }
        let invite = self.invite(session, body).await;
        let url = invite["caption_url"].as_str().expect("a caption URL");
        let path_start = url.find("/api/").expect("a path in the caption URL");
        url[path_start..].to_owned()
    }

    /// Posts caption text to a caption path as captioning software does;
    /// each `\n` finishes a line.
    pub async fn post_caption(&self, caption_path: &str, seq: u64, text: &str) -> HttpResponse {
        self.raw(
            "POST",
            &format!("{caption_path}&seq={seq}"),
            Some("text/plain"),
            text.as_bytes(),
        )
        .await
    }

    /// Changes a session through the admin API; returns the response.
    pub async fn patch_session(&self, id: &str, body: Value) -> HttpResponse {
        self.admin("PATCH", &format!("/api/sessions/{id}"), &body)
            .await
    }

    pub async fn healthz_ok(&self) {
        let response = self.get("/healthz").await;
        assert_eq!(response.status, 200, "GET /healthz: {}", response.body);
    }

    /// Opens a WebSocket to a session without joining.
    pub async fn connect(&self, session: &str) -> Client {
        connect(self.addr, session).await
    }

    /// Opens a WebSocket, joins, and checks that the first answer is `welcome`.
    pub async fn join(&self, session: &str, join: &Join) -> Client {
        let mut client = self.connect(session).await;
        client.join(join).await;
        client
    }

    /// The `seq` a brand-new participant is welcomed with.
    pub async fn fresh_seq(&self, session: &str) -> u64 {
        let client = self.join(session, &Join::new("Fresh observer")).await;
        let seq = client.welcome_seq();
        client.close().await;
        seq
    }

    /// Cluster mode: waits until this node knows a session (created on
    /// another node, it arrives through the cluster's directory), and
    /// returns it as this node says.
    pub async fn session_when_known(&self, session: &str) -> Value {
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        loop {
            let response = self.get(&format!("/api/sessions/{session}")).await;
            if response.status == 200 {
                return response.json();
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{session} never reached the node: {} {}",
                response.status,
                response.body
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Every event this server stored for a session up to `up_to`, once it
    /// has them all (in cluster mode a replica may lag a little), or what
    /// it has after [`TIMEOUT`].
    pub async fn stored_events_up_to(
        &self,
        session: &str,
        up_to: u64,
    ) -> Vec<hybridhub::store::StoredRow> {
        let store = self.running().hub.store.clone();
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        loop {
            let rows = store
                .events_between(session, 0, up_to, 100_000)
                .await
                .expect("the store reads");
            if rows.len() as u64 == up_to || tokio::time::Instant::now() > deadline {
                return rows;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

// ---------------------------------------------------------------------------
// HTTP/1.1, hand-rolled over a TCP stream (one request per connection)
// ---------------------------------------------------------------------------

#[derive(Debug)]
pub struct HttpResponse {
    pub status: u16,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpResponse {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|error| panic!("response body is not JSON ({error}): {:?}", self.body))
    }

    /// The `error.code` of an API error body.
    pub fn error_code(&self) -> String {
        let body = self.json();
        body["error"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("no error.code in {body}"))
            .to_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

pub async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> HttpResponse {
    let mut request = request_head(addr, method, path, headers);
    let body = body.unwrap_or_default();
    if !body.is_empty() || method != "GET" {
        request.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    request.push_str("\r\n");
    let mut bytes = request.into_bytes();
    bytes.extend_from_slice(body);
    let response = parse_http_response(&exchange(addr, method, path, &bytes).await);
    HttpResponse {
        status: response.status,
        headers: response.headers,
        body: String::from_utf8(response.body).expect("a UTF-8 body"),
    }
}

/// The request line, `Host`, `Connection: close` and the given headers,
/// without the blank line that ends the head.
fn request_head(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)]) -> String {
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request
}

/// Writes one request on a fresh connection and reads the whole response.
async fn exchange(addr: SocketAddr, method: &str, path: &str, request: &[u8]) -> Vec<u8> {
    let exchange = async {
        let mut stream = TcpStream::connect(addr).await.expect("connect for HTTP");
        stream
            .write_all(request)
            .await
            .expect("write the HTTP request");
        let mut response = Vec::new();
        stream
            .read_to_end(&mut response)
            .await
            .expect("read the HTTP response");
        response
    };
    tokio::time::timeout(TIMEOUT, exchange)
        .await
        .unwrap_or_else(|_| panic!("HTTP {method} {path} timed out"))
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    let name = name.to_ascii_lowercase();
    headers
        .iter()
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.as_str())
}

fn parse_http_response(raw: &[u8]) -> HttpBytesResponse {
    let split = raw
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .expect("an HTTP response head");
    let head = std::str::from_utf8(&raw[..split]).expect("an ASCII head");
    let mut lines = head.split("\r\n");
    let status_line = lines.next().expect("a status line");
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(name, value)| name == "transfer-encoding" && value.eq_ignore_ascii_case("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    HttpBytesResponse {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = data
            .windows(2)
            .position(|window| window == b"\r\n")
            .expect("a chunk size line");
        let size_text = std::str::from_utf8(&data[..line_end])
            .expect("chunk size")
            .split(';')
            .next()
            .unwrap()
            .trim()
            .to_owned();
        let size = usize::from_str_radix(&size_text, 16).expect("hex chunk size");
        data = &data[line_end + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}

/// A response whose body is kept as raw bytes (a gzip body is not UTF-8).
#[derive(Debug)]
pub struct HttpBytesResponse {
    pub status: u16,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpBytesResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// Sends a bodiless request with the given headers and keeps the response
/// body as bytes. The request line carries `path` exactly as given, so a
/// test can send paths a browser would normalise first.
pub async fn http_bytes(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> HttpBytesResponse {
    let mut request = request_head(addr, method, path, headers);
    request.push_str("\r\n");
    parse_http_response(&exchange(addr, method, path, request.as_bytes()).await)
}

// ---------------------------------------------------------------------------
// The join frame
// ---------------------------------------------------------------------------

#[derive(Clone, Debug)]
pub struct Join {
    pub name: String,
    pub mode: String,
    pub stakeholder: String,
    pub region: String,
    pub client_id: Option<String>,
    pub resume_from: Option<u64>,
    pub resume_secret: Option<String>,
    pub hub: Option<(String, u32)>,
    pub token: Option<String>,
    pub captions: Option<Vec<String>>,
}

impl Join {
    /// A remote civil-society participant from the African group.
    pub fn new(name: &str) -> Join {
        Join {
            name: name.into(),
            mode: "remote".into(),
            stakeholder: "civil_society".into(),
            region: "african".into(),
            client_id: None,
            resume_from: None,
            resume_secret: None,
            hub: None,
            token: None,
            captions: None,
        }
    }
    pub fn mode(mut self, mode: &str) -> Join {
        self.mode = mode.into();
        self
    }
    pub fn stakeholder(mut self, stakeholder: &str) -> Join {
        self.stakeholder = stakeholder.into();
        self
    }
    pub fn region(mut self, region: &str) -> Join {
        self.region = region.into();
        self
    }
    pub fn client_id(mut self, client_id: &str) -> Join {
        self.client_id = Some(client_id.into());
        self
    }
    pub fn resume_from(mut self, seq: u64) -> Join {
        self.resume_from = Some(seq);
        self
    }
    pub fn resume_secret(mut self, secret: &str) -> Join {
        self.resume_secret = Some(secret.into());
        self
    }
    pub fn hub(mut self, name: &str, headcount: u32) -> Join {
        self.hub = Some((name.into(), headcount));
        self
    }
    pub fn token(mut self, token: &str) -> Join {
        self.token = Some(token.into());
        self
    }
    pub fn captions(mut self, langs: &[&str]) -> Join {
        self.captions = Some(langs.iter().map(|lang| (*lang).to_owned()).collect());
        self
    }

    pub fn to_json(&self) -> Value {
        json!({
            "type": "join",
            "name": self.name,
            "mode": self.mode,
            "stakeholder": self.stakeholder,
            "region": self.region,
            "token": self.token,
            "captions": self.captions,
            "client_id": self.client_id,
            "resume_from": self.resume_from,
            "resume_secret": self.resume_secret,
            "hub": self.hub.as_ref().map(|(name, headcount)| json!({"name": name, "headcount": headcount})),
        })
    }
}

// ---------------------------------------------------------------------------
// The WebSocket client
// ---------------------------------------------------------------------------

/// What arrived on a WebSocket (WebSocket-level pings and pongs are skipped).
#[derive(Debug)]
pub enum Incoming {
    Json(Value),
    Binary(Vec<u8>),
    /// A close frame, with its code if it had one.
    Close(Option<u16>),
    /// The stream ended or failed without a close frame.
    Ended(String),
}

pub struct Client {
    pub ws: WebSocketStream<TcpStream>,
    /// The `welcome` of the accepted join, or `Null` before one.
    pub welcome: Value,
}

pub async fn connect(addr: SocketAddr, session: &str) -> Client {
    try_connect(addr, session, &[])
        .await
        .unwrap_or_else(|error| panic!("WebSocket upgrade to {session} failed: {error}"))
}

/// Opens a WebSocket with extra request headers (e.g. `Origin`).
pub async fn try_connect(
    addr: SocketAddr,
    session: &str,
    headers: &[(&'static str, &str)],
) -> Result<Client, tungstenite::Error> {
    let stream = TcpStream::connect(addr).await.expect("TCP connect");
    stream.set_nodelay(true).expect("TCP_NODELAY");
    try_connect_over(stream, addr, session, headers).await
}

/// Opens a WebSocket over a socket the test configured itself (for
/// instance with a small receive buffer).
pub async fn connect_with_socket(socket: TcpSocket, addr: SocketAddr, session: &str) -> Client {
    let stream = tokio::time::timeout(TIMEOUT, socket.connect(addr))
        .await
        .expect("TCP connect in time")
        .expect("TCP connect");
    stream.set_nodelay(true).expect("TCP_NODELAY");
    try_connect_over(stream, addr, session, &[])
        .await
        .expect("WebSocket upgrade")
}

async fn try_connect_over(
    stream: TcpStream,
    addr: SocketAddr,
    session: &str,
    headers: &[(&'static str, &str)],
) -> Result<Client, tungstenite::Error> {
    let mut request = format!("ws://{addr}/ws/sessions/{session}").into_client_request()?;
    for (name, value) in headers {
        request
            .headers_mut()
            .insert(*name, HeaderValue::from_str(value).expect("a header value"));
    }
    let handshake = tokio_tungstenite::client_async(request, stream);
    let (ws, _response) = tokio::time::timeout(TIMEOUT, handshake)
        .await
        .expect("WebSocket handshake in time")?;
    Ok(Client {
        ws,
        welcome: Value::Null,
    })
}

/// The HTTP status of a refused upgrade, or `None` if it was accepted.
pub async fn upgrade_status(
    addr: SocketAddr,
    session: &str,
    headers: &[(&'static str, &str)],
) -> Option<u16> {
    match try_connect(addr, session, headers).await {
        Ok(client) => {
            client.close().await;
            None
        }
        Err(tungstenite::Error::Http(response)) => Some(response.status().as_u16()),
        Err(error) => panic!("unexpected upgrade failure: {error}"),
    }
}

fn is_presence(value: &Value) -> bool {
    matches!(value["type"].as_str(), Some("presence" | "presence.diff"))
}

impl Client {
    pub async fn send_json(&mut self, value: &Value) {
        self.send_text(&value.to_string()).await;
    }

    pub async fn send_text(&mut self, text: &str) {
        tokio::time::timeout(TIMEOUT, self.ws.send(Message::text(text.to_owned())))
            .await
            .expect("send in time")
            .expect("send a text frame");
    }

    pub async fn send_binary(&mut self, bytes: Vec<u8>) {
        tokio::time::timeout(TIMEOUT, self.ws.send(Message::binary(bytes)))
            .await
            .expect("send in time")
            .expect("send a binary frame");
    }

    /// The next frame within `wait`, or `None` if nothing came.
    pub async fn recv_within(&mut self, wait: Duration) -> Option<Incoming> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let next = match tokio::time::timeout_at(deadline, self.ws.next()).await {
                Err(_) => return None,
                Ok(next) => next,
            };
            return Some(match next {
                None => Incoming::Ended("stream ended".into()),
                Some(Err(error)) => Incoming::Ended(error.to_string()),
                Some(Ok(Message::Text(text))) => {
                    Incoming::Json(serde_json::from_str(text.as_str()).unwrap_or_else(|error| {
                        panic!("server sent invalid JSON ({error}): {text}")
                    }))
                }
                Some(Ok(Message::Binary(bytes))) => Incoming::Binary(bytes.to_vec()),
                Some(Ok(Message::Close(frame))) => {
                    Incoming::Close(frame.map(|frame| u16::from(frame.code)))
                }
                Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_))) => continue,
            });
        }
    }

    /// The next frame; panics if none comes within [`TIMEOUT`].
    pub async fn recv(&mut self) -> Incoming {
        self.recv_within(TIMEOUT)
            .await
            .unwrap_or_else(|| panic!("no frame within {TIMEOUT:?}"))
    }

    /// The next JSON frame; panics on close or timeout.
    pub async fn next_json(&mut self) -> Value {
        match self.recv().await {
            Incoming::Json(value) => value,
            other => panic!("expected a JSON frame, got {other:?}"),
        }
    }

    /// The next frame of the given `type`, skipping all others.
    pub async fn next_of_type(&mut self, kind: &str) -> Value {
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.recv_within(left).await {
                None => panic!("no {kind:?} frame within {TIMEOUT:?}"),
                Some(Incoming::Json(value)) if value["type"] == kind => return value,
                Some(Incoming::Json(_)) => continue,
                Some(other) => panic!("expected a {kind:?} frame, got {other:?}"),
            }
        }
    }

    /// The next JSON frame that is not `presence` or `presence.diff` (those
    /// are periodic and may come at any point).
    pub async fn next_non_presence(&mut self) -> Value {
        loop {
            let value = self.next_json().await;
            if !is_presence(&value) {
                return value;
            }
        }
    }

    /// Whether any frame other than presence arrives within `wait`.
    pub async fn quiet_for(&mut self, wait: Duration) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.recv_within(left).await {
                None => return None,
                Some(Incoming::Json(value)) if is_presence(&value) => continue,
                Some(Incoming::Json(value)) => return Some(value),
                Some(other) => return Some(json!({"unexpected": format!("{other:?}")})),
            }
        }
    }

    /// Waits for a `presence` frame for which `accept` holds; returns it.
    pub async fn wait_presence(&mut self, what: &str, accept: impl Fn(&Value) -> bool) -> Value {
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        let mut last = Value::Null;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.recv_within(left).await {
                None => panic!(
                    "no presence frame with {what} within {TIMEOUT:?}; last presence: {last}"
                ),
                Some(Incoming::Json(value)) if value["type"] == "presence" => {
                    if accept(&value) {
                        return value;
                    }
                    last = value;
                }
                Some(Incoming::Json(_)) => continue,
                Some(other) => panic!("waiting for presence with {what}, got {other:?}"),
            }
        }
    }

    /// Sends `join` and expects `welcome` as the answer.
    pub async fn join(&mut self, join: &Join) -> Value {
        self.send_json(&join.to_json()).await;
        let welcome = self.next_json().await;
        assert_eq!(
            welcome["type"], "welcome",
            "join was not welcomed: {welcome}"
        );
        self.welcome = welcome.clone();
        welcome
    }

    pub fn welcome_seq(&self) -> u64 {
        self.welcome["seq"]
            .as_u64()
            .unwrap_or_else(|| panic!("welcome without seq: {}", self.welcome))
    }

    pub fn participant_id(&self) -> String {
        self.welcome["participant"]["id"]
            .as_str()
            .expect("participant.id")
            .to_owned()
    }

    /// Application-level ping with an id; expects the matching `pong`
    /// (skipping presence). Proves the connection is open and served.
    pub async fn ping_pong(&mut self, id: &str) {
        self.send_json(&json!({"type": "ping", "id": id})).await;
        let pong = self.next_non_presence().await;
        assert_eq!(
            pong,
            json!({"type": "pong", "id": id}),
            "ping {id} was not answered with its pong"
        );
    }

    /// Sends a chat with an id and returns (`chat.message`, `ack`), checking
    /// that the message comes first and the ack names its `seq`.
    pub async fn chat(&mut self, id: &str, text: &str) -> (Value, Value) {
        self.send_json(&json!({"type": "chat.send", "id": id, "text": text}))
            .await;
        let message = self.next_non_presence().await;
        assert_eq!(
            message["type"], "chat.message",
            "expected our chat.message first, got {message}"
        );
        let ack = self.next_non_presence().await;
        assert_eq!(
            ack["type"], "ack",
            "expected an ack after the chat.message, got {ack}"
        );
        assert_eq!(ack["id"], id);
        assert_eq!(
            ack["seq"], message["seq"],
            "the ack names the seq of the chat.message"
        );
        (message, ack)
    }

    /// Sends a command and expects an `error` answer; returns it.
    pub async fn expect_error(&mut self, frame: &str) -> Value {
        self.send_text(frame).await;
        self.next_of_type("error").await
    }

    /// Reads until a close frame or the end; returns the close code, if any.
    pub async fn expect_close(&mut self) -> Option<u16> {
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.recv_within(left).await {
                None => panic!("the connection was not closed within {TIMEOUT:?}"),
                Some(Incoming::Close(code)) => return code,
                Some(Incoming::Ended(why)) => {
                    panic!("the connection ended without a close frame: {why}")
                }
                Some(_) => continue,
            }
        }
    }

    /// Closes politely (bounded).
    pub async fn close(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(1), async {
            let _ = self.ws.close(None).await;
            while let Some(Ok(_)) = self.ws.next().await {}
        })
        .await;
    }
}

/// Events with `seq`, as a list of seqs (for order and gap checks).
pub fn seqs(events: &[Value]) -> Vec<u64> {
    events
        .iter()
        .map(|event| {
            event["seq"]
                .as_u64()
                .unwrap_or_else(|| panic!("event without seq: {event}"))
        })
        .collect()
}

/// Checks the shape of `ts`: RFC 3339 in UTC with milliseconds.
pub fn assert_rfc3339_utc(ts: &Value) {
    let text = ts
        .as_str()
        .unwrap_or_else(|| panic!("ts is not a string: {ts}"));
    let bytes = text.as_bytes();
    let shape_ok = text.len() == 24
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes[10] == b'T'
        && bytes[13] == b':'
        && bytes[16] == b':'
        && bytes[19] == b'.'
        && bytes[23] == b'Z'
        && text
            .bytes()
            .enumerate()
            .all(|(i, b)| [4, 7, 10, 13, 16, 19, 23].contains(&i) || b.is_ascii_digit());
    assert!(
        shape_ok,
        "ts {text:?} is not RFC 3339 UTC with milliseconds"
    );
    assert!(text.starts_with("20"), "ts {text:?} is not a current date");
}
