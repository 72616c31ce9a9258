//! Opening one client connection: TCP from a spread source address, the
//! WebSocket handshake, and the dialect's own join (hybridhub `join` →
//! `welcome`; Socket.IO open → `40` → room join acknowledged).

use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::WebSocketStream;

use crate::framing::{self, Incoming, JoinDetails, Role, WelcomeInfo, SOCKETIO_JOIN_ACK_ID};
use crate::net::{connect_tcp, SourceAddressPool};
use crate::options::Target;

/// A client WebSocket over plain TCP.
pub type ClientSocket = WebSocketStream<TcpStream>;

/// What every connection of a run shares.
#[derive(Clone, Debug)]
pub struct Connector {
    pub target: Target,
    /// The servers (one, or the nodes of a cluster), by node number.
    pub servers: Vec<SocketAddr>,
    pub sources: SourceAddressPool,
    pub handshake_timeout: Duration,
}

/// Who joins, and where.
#[derive(Clone, Debug)]
pub struct JoinRequest {
    /// The hybridhub session id or Socket.IO room; ignored by raw targets.
    pub room: String,
    /// Which of the connector's servers to connect to (node 0 is the first).
    pub node: usize,
    /// Subscriber or publisher: nchan serves them at different paths.
    pub role: Role,
    pub details: JoinDetails,
}

/// A connection that has joined and is ready to receive.
pub struct OpenedConnection {
    pub socket: ClientSocket,
    /// hybridhub's welcome; `None` for other targets.
    pub welcome: Option<WelcomeInfo>,
    /// Presence frames that arrived before the welcome.
    pub presence_frames_before_welcome: u64,
}

/// Why a connection could not be opened.
#[derive(Debug)]
pub enum OpenFailure {
    /// The TCP connection failed.
    Connect(std::io::Error),
    /// The WebSocket upgrade failed (for example HTTP 404 for an unknown session).
    Handshake(String),
    /// The server answered the join with an error frame.
    Rejected { code: String, message: String },
    /// The server closed the connection during the join.
    Closed,
    /// The handshake or join took longer than the handshake timeout.
    Timeout,
}

impl OpenFailure {
    /// A short name for counting failures by kind.
    pub fn kind(&self) -> String {
        match self {
            OpenFailure::Connect(error) => format!("connect:{:?}", error.kind()),
            OpenFailure::Handshake(_) => "handshake".to_string(),
            OpenFailure::Rejected { code, .. } => format!("rejected:{code}"),
            OpenFailure::Closed => "closed".to_string(),
            OpenFailure::Timeout => "timeout".to_string(),
        }
    }
}

impl fmt::Display for OpenFailure {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenFailure::Connect(error) => write!(formatter, "TCP connect failed: {error}"),
            OpenFailure::Handshake(reason) => {
                write!(formatter, "WebSocket handshake failed: {reason}")
            }
            OpenFailure::Rejected { code, message } => {
                write!(formatter, "join rejected: {code}: {message}")
            }
            OpenFailure::Closed => {
                write!(formatter, "server closed the connection during the join")
            }
            OpenFailure::Timeout => write!(formatter, "handshake or join timed out"),
        }
    }
}

/// Small buffers: the load generator holds thousands of sockets and every
/// measured frame is small.
fn client_websocket_config() -> WebSocketConfig {
    WebSocketConfig::default()
        .read_buffer_size(8 * 1024)
        .write_buffer_size(8 * 1024)
        .max_message_size(Some(16 << 20))
}

impl Connector {
    /// The server of node `node` (wrapping around the server list).
    pub fn server(&self, node: usize) -> SocketAddr {
        self.servers[node % self.servers.len()]
    }

    /// The first server: the publishers' node, and the one admin calls go to.
    pub fn primary(&self) -> SocketAddr {
        self.servers[0]
    }

    /// The node a subscriber numbered `index` joins: round-robin.
    pub fn node_for_subscriber(&self, index: usize) -> usize {
        index % self.servers.len()
    }

    /// Opens connection number `index` and completes its join.
    pub async fn open(
        &self,
        index: usize,
        request: &JoinRequest,
    ) -> Result<OpenedConnection, OpenFailure> {
        match tokio::time::timeout(
            self.handshake_timeout,
            self.open_without_timeout(index, request),
        )
        .await
        {
            Ok(result) => result,
            Err(_) => Err(OpenFailure::Timeout),
        }
    }

    async fn open_without_timeout(
        &self,
        index: usize,
        request: &JoinRequest,
    ) -> Result<OpenedConnection, OpenFailure> {
        let server = self.server(request.node);
        let tcp = connect_tcp(server, self.sources.source_for(index))
            .await
            .map_err(OpenFailure::Connect)?;
        self.join_over_without_timeout(tcp, request).await
    }

    /// Completes the WebSocket handshake and join over `tcp`, a connection
    /// the caller opened to `request.node`'s server (for example with
    /// socket options of its own), within the handshake timeout.
    pub async fn join_over(
        &self,
        tcp: TcpStream,
        request: &JoinRequest,
    ) -> Result<OpenedConnection, OpenFailure> {
        match tokio::time::timeout(
            self.handshake_timeout,
            self.join_over_without_timeout(tcp, request),
        )
        .await
        {
            Ok(result) => result,
            Err(_) => Err(OpenFailure::Timeout),
        }
    }

    async fn join_over_without_timeout(
        &self,
        tcp: TcpStream,
        request: &JoinRequest,
    ) -> Result<OpenedConnection, OpenFailure> {
        let server = self.server(request.node);
        let url = format!(
            "ws://{}{}",
            server,
            framing::websocket_path(self.target, &request.room, request.role)
        );
        let (socket, _response) =
            tokio_tungstenite::client_async_with_config(url, tcp, Some(client_websocket_config()))
                .await
                .map_err(|error| OpenFailure::Handshake(describe_handshake_error(&error)))?;
        match self.target {
            Target::Hybridhub => join_hybridhub(socket, &request.details).await,
            Target::Socketio => join_socketio(socket, &request.room).await,
            Target::RustFloor | Target::Ws | Target::Uws | Target::Nchan => Ok(OpenedConnection {
                socket,
                welcome: None,
                presence_frames_before_welcome: 0,
            }),
        }
    }
}

fn describe_handshake_error(error: &tungstenite::Error) -> String {
    match error {
        tungstenite::Error::Http(response) => format!("HTTP {}", response.status()),
        other => other.to_string(),
    }
}

/// Reads the next text frame, answering nothing; `None` when the connection
/// closed or failed.
async fn next_text(socket: &mut ClientSocket) -> Option<String> {
    loop {
        match socket.next().await? {
            Ok(Message::Text(text)) => return Some(text.as_str().to_string()),
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => continue,
        }
    }
}

async fn send_text(socket: &mut ClientSocket, text: String) -> Result<(), OpenFailure> {
    socket
        .send(Message::text(text))
        .await
        .map_err(|_| OpenFailure::Closed)
}

async fn join_hybridhub(
    mut socket: ClientSocket,
    details: &JoinDetails,
) -> Result<OpenedConnection, OpenFailure> {
    send_text(&mut socket, framing::hybridhub_join_frame(details)).await?;
    let mut presence_frames_before_welcome = 0;
    loop {
        let text = next_text(&mut socket).await.ok_or(OpenFailure::Closed)?;
        match framing::decode(Target::Hybridhub, &text) {
            Incoming::Welcome(welcome) => {
                return Ok(OpenedConnection {
                    socket,
                    welcome: Some(welcome),
                    presence_frames_before_welcome,
                })
            }
            Incoming::Error { code, message } => {
                return Err(OpenFailure::Rejected { code, message })
            }
            Incoming::Presence { .. } => presence_frames_before_welcome += 1,
            _ => {}
        }
    }
}

async fn join_socketio(
    mut socket: ClientSocket,
    room: &str,
) -> Result<OpenedConnection, OpenFailure> {
    // Engine.IO open, then the default namespace, then the room.
    let mut namespace_connected = false;
    loop {
        let text = next_text(&mut socket).await.ok_or(OpenFailure::Closed)?;
        match framing::decode(Target::Socketio, &text) {
            Incoming::EngineOpen => send_text(&mut socket, "40".to_string()).await?,
            Incoming::EnginePing => send_text(&mut socket, "3".to_string()).await?,
            Incoming::NamespaceConnected if !namespace_connected => {
                namespace_connected = true;
                send_text(&mut socket, framing::socketio_join_room_frame(room)).await?;
            }
            Incoming::SocketIoAck { id } if id == SOCKETIO_JOIN_ACK_ID => {
                return Ok(OpenedConnection {
                    socket,
                    welcome: None,
                    presence_frames_before_welcome: 0,
                })
            }
            Incoming::Error { code, message } => {
                return Err(OpenFailure::Rejected { code, message })
            }
            _ => {}
        }
    }
}
