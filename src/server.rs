//! Putting it together: open the store, load the sessions, seed the demo or
//! schedule, bind the listener and serve until told to stop.

use crate::cluster::{ClusterNode, CommandLogConfig, LivenessConfig};
use crate::core::{Millis, SessionInfo};
use crate::http::hosts::HostPolicy;
use crate::http::sessions::NewSession;
use crate::http::transcripts::Transcripts;
use crate::http::{router, AppState};
use crate::hub::{wall_clock_now, CreateSessionError, Hub, HubConfig};
use crate::net::connection_slots::ConnectionSlots;
use crate::net::serve::Serving;
use crate::net::EdgeLimits;
use crate::store::sqlite::{Durability, SqliteStore};
use crate::store::Store;
use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::oneshot;

/// How long graceful shutdown waits for connections to close.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

#[derive(Clone, Debug)]
pub struct Config {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    /// `None`: generate one at start-up and print it once.
    pub admin_token: Option<String>,
    pub demo: bool,
    /// With `demo`: play the scripted scene in the demo's main session.
    pub demo_scene: bool,
    pub schedule: Option<PathBuf>,
    pub durability: Durability,
    pub hub: HubConfig,
    /// The base URL in invite links, e.g. `https://hub.example.org`; `None`
    /// uses the address the request came to.
    pub public_url: Option<String>,
    /// Cluster mode; `None` serves alone (local mode).
    pub cluster: Option<ClusterConfig>,
    /// Limits on clients' connections and requests at the edge.
    pub edge: EdgeLimits,
    /// Host names this server answers to besides `localhost`, IP addresses
    /// and the host of `public_url` (`--allowed-host`).
    pub allowed_hosts: Vec<String>,
}

/// Where cluster mode's command log is, and who this node is.
#[derive(Clone, Debug)]
pub struct ClusterConfig {
    /// The NATS servers with JetStream (e.g. `nats://127.0.0.1:4222`, or
    /// several separated by commas), how to connect to them (credentials,
    /// TLS), and the stream's replica count.
    pub log: CommandLogConfig,
    /// This node's id, unique in the cluster: it prefixes connection and
    /// command ids.
    pub node_id: String,
    /// How often this node heartbeats, and how long another node may be
    /// silent before its connections leave.
    pub liveness: LivenessConfig,
}

impl ClusterConfig {
    /// A node with the default heartbeat interval and timeout, one
    /// replica, no credentials, plain TCP unless the URL says `tls://`.
    pub fn new(nats_url: impl Into<String>, node_id: impl Into<String>) -> ClusterConfig {
        ClusterConfig {
            log: CommandLogConfig::new(nats_url),
            node_id: node_id.into(),
            liveness: LivenessConfig::default(),
        }
    }
}

impl Config {
    /// Loopback, an ephemeral port, no demo, commits without fsync (tests
    /// do not survive power loss anyway), a fixed admin token.
    pub fn for_tests(data_dir: PathBuf) -> Config {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir,
            admin_token: Some("test-admin-token-long-enough-to-pass".into()),
            demo: false,
            demo_scene: false,
            schedule: None,
            durability: Durability::Normal,
            hub: HubConfig::default(),
            public_url: None,
            cluster: None,
            edge: EdgeLimits::default(),
            allowed_hosts: Vec::new(),
        }
    }
}

pub struct RunningServer {
    pub addr: SocketAddr,
    pub admin_token: String,
    /// Where the admin token came from, so that start-up can tell the
    /// operator where it lives.
    pub admin_token_source: AdminTokenSource,
    pub hub: Arc<Hub>,
    stop_accepting: oneshot::Sender<()>,
    server_task: tokio::task::JoinHandle<()>,
}

/// The file in the data directory that keeps a generated admin token.
pub const ADMIN_TOKEN_FILE: &str = "admin.token";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AdminTokenSource {
    /// `--admin-token` or `HYBRIDHUB_ADMIN_TOKEN`.
    Given,
    /// Kept in the data directory: made at this start, or read from an
    /// earlier one.
    File {
        path: std::path::PathBuf,
        origin: crate::secret_file::SecretOrigin,
    },
}

fn io_error(error: impl std::fmt::Display) -> io::Error {
    io::Error::other(error.to_string())
}

pub async fn start(config: Config) -> io::Result<RunningServer> {
    // A mistake in the configuration stops the server before it touches
    // the store or the network.
    let hosts = HostPolicy::new(config.public_url.as_deref(), &config.allowed_hosts)
        .map_err(|error| io::Error::new(io::ErrorKind::InvalidInput, error))?;
    if let Some(token) = config
        .admin_token
        .as_deref()
        .filter(|token| !token.is_empty())
    {
        check_bearer_token(
            "the admin token (--admin-token, HYBRIDHUB_ADMIN_TOKEN)",
            token,
        )?;
    }
    let boot = wall_clock_now();
    let sqlite =
        Arc::new(SqliteStore::open(&config.data_dir, config.durability, boot.0).map_err(io_error)?);
    let store: Arc<dyn Store> = sqlite.clone();
    let sessions = store.list_sessions().await.map_err(io_error)?;
    let mut invite_key = crate::invite::InviteKey::load_or_create(&config.data_dir)?;
    let cluster = match &config.cluster {
        None => None,
        Some(cluster) => {
            let mut log = cluster.log.clone();
            log.nats
                .name
                .get_or_insert_with(|| format!("hybridhub {}", cluster.node_id));
            let node = ClusterNode::connect(log, cluster.node_id.clone(), boot.0, cluster.liveness)
                .await
                .map_err(io_error)?;
            tracing::info!(
                node = %cluster.node_id,
                nats = %crate::cluster::describe_servers(&cluster.log.url),
                replicas = cluster.log.replicas,
                "cluster mode"
            );
            if let Some(directory) = node.directory() {
                let proposed = invite_key.to_hex();
                let timeout = cluster.log.nats.connect_timeout;
                let shared = crate::cluster::patiently("sharing the invite key", timeout, || {
                    directory.agree_on_invite_key(&proposed)
                })
                .await
                .map_err(io_error)?;
                invite_key = crate::invite::InviteKey::from_hex(&shared).map_err(io_error)?;
            }
            Some(node)
        }
    };
    let hub = Hub::new(
        config.hub.clone(),
        store,
        invite_key,
        sessions,
        boot.0,
        cluster,
    );
    // Cluster mode: every session of the cluster is here before the first
    // connection, and any created later on another node arrives.
    if let Some(directory) = hub.cluster.as_ref().and_then(|node| node.directory()) {
        crate::hub::directory::follow_session_directory(&hub, directory.clone()).await;
    }

    if config.demo {
        for info in crate::demo::demo_sessions(boot) {
            create_if_missing(&hub, info).await?;
        }
    }
    if let Some(path) = &config.schedule {
        for info in crate::schedule::read_schedule(path, boot)? {
            create_if_missing(&hub, info).await?;
        }
    }

    tokio::spawn(crate::hub::start_times::start_sessions_on_time(hub.clone()));
    if config.demo && config.demo_scene {
        tokio::spawn(crate::demo::play_demo_scene(hub.clone()));
    }

    let (admin_token, admin_token_source) = match &config.admin_token {
        Some(token) if !token.is_empty() => (token.clone(), AdminTokenSource::Given),
        _ => {
            let path = config.data_dir.join(ADMIN_TOKEN_FILE);
            let (token, origin) =
                crate::secret_file::read_or_make(&path, crate::ws::secret::fresh_secret)?;
            if token.is_empty() {
                return Err(io_error(format!(
                    "{} is empty: delete it to make a new admin token",
                    path.display()
                )));
            }
            check_bearer_token(&format!("the admin token in {}", path.display()), &token)?;
            (token, AdminTokenSource::File { path, origin })
        }
    };
    let state = AppState {
        hub: hub.clone(),
        admin_token: Arc::from(admin_token.as_str()),
        public_url: config.public_url.as_deref().map(Arc::from),
        edge: config.edge.clone(),
        transcripts: Arc::new(Transcripts::new(
            sqlite,
            config.edge.transcripts_per_ip_per_minute,
        )),
        hosts: Arc::new(hosts),
    };
    let listener = bind_listener(config.listen)?;
    let addr = listener.local_addr()?;
    let serving = Serving {
        router: router(state),
        slots: connection_slots(&config.edge, &hub),
        header_read_timeout: config.edge.header_read_timeout,
        metrics: hub.metrics.listener.clone(),
    };
    let (stop_accepting, stopped) = oneshot::channel::<()>();
    let server_task = tokio::spawn(crate::net::serve::serve(listener, serving, async move {
        let _ = stopped.await;
    }));
    Ok(RunningServer {
        addr,
        admin_token,
        admin_token_source,
        hub,
        stop_accepting,
        server_task,
    })
}

/// The fewest characters a bearer token (admin, metrics) may have: it
/// guards the whole server, and anyone may try it.
pub const BEARER_TOKEN_MIN_CHARS: usize = 24;

/// Refuses a token too short to withstand guessing; `what` names it for
/// the operator.
fn check_bearer_token(what: &str, token: &str) -> io::Result<()> {
    let length = token.chars().count();
    if length < BEARER_TOKEN_MIN_CHARS {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{what} has {length} characters; it must have at least \
                 {BEARER_TOKEN_MIN_CHARS} characters (for example 32 random ones: \
                 head -c 24 /dev/urandom | base64)"
            ),
        ));
    }
    Ok(())
}

/// The caps on open TCP connections: per client address as configured,
/// and in all below the process's open-file limit (raised to its hard
/// limit first), keeping a reserve for the store, NATS and the logs.
fn connection_slots(edge: &EdgeLimits, hub: &Hub) -> Arc<ConnectionSlots> {
    let open_files = match crate::net::file_limit::raise_open_file_limit() {
        Ok(open_files) => open_files,
        Err(error) => {
            tracing::warn!(%error, "cannot read the open-file limit; assuming 1,024");
            1024
        }
    };
    let budget = crate::net::file_limit::connection_budget(open_files);
    tracing::info!(
        open_files,
        max_tcp_connections = budget,
        max_connections_per_ip = edge.max_connections_per_ip,
        "connection caps"
    );
    if budget < hub.config.max_connections {
        tracing::warn!(
            "the open-file limit ({open_files}) allows only {budget} connections, fewer than \
             --max-connections ({}); raise it (ulimit -n, or LimitNOFILE= under systemd)",
            hub.config.max_connections
        );
    }
    Arc::new(ConnectionSlots::new(
        edge.max_connections_per_ip,
        budget,
        hub.metrics.listener.open_connections.clone(),
    ))
}

/// Pending connections the kernel queues before `accept`. The default (128)
/// overflows in a join storm and costs the dropped clients a 1 s SYN retry.
const LISTEN_BACKLOG: u32 = 4096;

fn bind_listener(address: SocketAddr) -> io::Result<tokio::net::TcpListener> {
    let socket = if address.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(address)?;
    socket.listen(LISTEN_BACKLOG)
}

async fn create_if_missing(hub: &Arc<Hub>, info: SessionInfo) -> io::Result<()> {
    let id = info.id.clone();
    match hub.create_session(info).await {
        Ok(_) => {
            tracing::info!(session = %id, "session created");
            Ok(())
        }
        Err(CreateSessionError::Exists) => Ok(()),
        Err(CreateSessionError::Invalid(message)) => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("session {id:?}: {message}"),
        )),
        Err(CreateSessionError::TooMany(limit)) => Err(io_error(format!(
            "session {id:?}: more than --max-sessions ({limit})"
        ))),
        Err(CreateSessionError::Store(error)) => Err(io_error(error)),
        Err(CreateSessionError::Directory(error)) => Err(io_error(error)),
    }
}

impl RunningServer {
    /// Stops accepting, closes WebSockets with 1012, flushes the store.
    pub async fn shutdown(self) {
        let _ = self.stop_accepting.send(());
        self.hub.shut_down(SHUTDOWN_GRACE).await;
        let _ = tokio::time::timeout(Duration::from_secs(2), self.server_task).await;
    }
}

/// Parses a session in the admin API's shape; shared by the schedule file.
pub fn session_from_json(value: serde_json::Value, now: Millis) -> Result<SessionInfo, String> {
    let new_session: NewSession =
        serde_json::from_value(value).map_err(|error| error.to_string())?;
    new_session.into_info(now)
}
