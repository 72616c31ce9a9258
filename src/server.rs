//! Putting it together: open the store, load the sessions, seed the demo or
//! schedule, bind the listener and serve until told to stop.

use crate::cluster::{ClusterNode, CommandLogConfig, LivenessConfig};
use crate::core::{Millis, SessionInfo};
use crate::http::hosts::HostPolicy;
use crate::http::operations::{Phase, Readiness};
use crate::http::sessions::NewSession;
use crate::http::transcripts::Transcripts;
use crate::http::{metrics_router, router, AppState};
use crate::hub::{wall_clock_now, CreateSessionError, Hub, HubConfig};
use crate::net::connection_slots::ConnectionSlots;
use crate::net::serve::{serve, Serving};
use crate::net::EdgeLimits;
use crate::store::sqlite::{Durability, SqliteStore};
use crate::store::Store;
use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

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
    /// A cap on the database's size (`--max-database-mb`): past it the
    /// server refuses new writes with `storage_full`, as on a full disk.
    pub max_database_bytes: Option<u64>,
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
    /// Where `GET /metrics` is served, if anywhere.
    pub metrics: MetricsExposure,
    /// At shutdown, how long `/readyz` answers 503 while everything else is
    /// still served, so that a load balancer stops sending clients first.
    pub shutdown_drain: Duration,
}

/// Where the Prometheus metrics are served; nowhere by default.
#[derive(Clone, Debug, Default)]
pub struct MetricsExposure {
    /// A listener of their own, without authentication, for a private
    /// network (`--metrics-listen`).
    pub listen: Option<SocketAddr>,
    /// On the main listener, to requests with this bearer token
    /// (`--metrics-token`).
    pub token: Option<String>,
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
            max_database_bytes: None,
            hub: HubConfig::default(),
            public_url: None,
            cluster: None,
            edge: EdgeLimits::default(),
            allowed_hosts: Vec::new(),
            metrics: MetricsExposure::default(),
            shutdown_drain: Duration::ZERO,
        }
    }
}

pub struct RunningServer {
    pub addr: SocketAddr,
    /// Where `--metrics-listen` serves the metrics, once bound.
    pub metrics_addr: Option<SocketAddr>,
    pub admin_token: String,
    /// Where the admin token came from, so that start-up can tell the
    /// operator where it lives.
    pub admin_token_source: AdminTokenSource,
    pub hub: Arc<Hub>,
    readiness: Arc<Readiness>,
    shutdown_drain: Duration,
    /// Tells every listener to stop accepting.
    stop_accepting: watch::Sender<bool>,
    serving_tasks: Vec<tokio::task::JoinHandle<()>>,
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
    if let Some(token) = &config.metrics.token {
        check_bearer_token(
            "the metrics token (--metrics-token, HYBRIDHUB_METRICS_TOKEN)",
            token,
        )?;
    }
    let boot = wall_clock_now();
    let sqlite = Arc::new(
        SqliteStore::open_with_limit(
            &config.data_dir,
            config.durability,
            boot.0,
            config.max_database_bytes,
        )
        .map_err(io_error)?,
    );
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
    hub.metrics.register_store(sqlite.metrics());
    if let Some(node) = &hub.cluster {
        hub.metrics.register_command_log(node.append_metrics());
    }
    hub.metrics.register_hub_gauges(Arc::downgrade(&hub));

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
    let readiness = Arc::new(Readiness::starting());
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
        readiness: readiness.clone(),
        metrics_token: config.metrics.token.as_deref().map(Arc::from),
        sign_ins: Arc::default(),
        sign_in_limiter: Arc::new(crate::hub::limits::AddressLimiter::per_minute(
            crate::http::sign_in::SIGN_INS_PER_IP_PER_MINUTE,
        )),
        secure_cookies: config
            .public_url
            .as_deref()
            .is_some_and(|url| url.to_ascii_lowercase().starts_with("https://")),
    };

    // Listening from here on: /healthz answers, and /readyz says 503
    // until every session is known.
    let (stop_accepting, stop) = watch::channel(false);
    let serving = Serving {
        router: router(state.clone()),
        slots: connection_slots(&config.edge, &hub),
        header_read_timeout: config.edge.header_read_timeout,
        metrics: hub.metrics.listener.clone(),
    };
    let listener = bind_listener(config.listen)?;
    let addr = listener.local_addr()?;
    let metrics_listener = match config.metrics.listen {
        Some(address) => Some(bind_listener(address)?),
        None => None,
    };
    let metrics_addr = match &metrics_listener {
        Some(listener) => Some(listener.local_addr()?),
        None => None,
    };
    let mut serving_tasks = vec![tokio::spawn(serve(
        listener,
        serving.clone(),
        stopped(stop.clone()),
    ))];
    if let Some(listener) = metrics_listener {
        let serving = Serving {
            router: metrics_router(state),
            ..serving
        };
        serving_tasks.push(tokio::spawn(serve(listener, serving, stopped(stop))));
    }
    let running = RunningServer {
        addr,
        metrics_addr,
        admin_token,
        admin_token_source,
        hub: hub.clone(),
        readiness,
        shutdown_drain: config.shutdown_drain,
        stop_accepting,
        serving_tasks,
    };

    if let Err(error) = add_every_session(&hub, &config, boot).await {
        running.shutdown().await;
        return Err(error);
    }
    tokio::spawn(crate::hub::start_times::start_sessions_on_time(hub.clone()));
    if config.demo && config.demo_scene {
        tokio::spawn(crate::demo::play_demo_scene(hub.clone()));
    }
    running.readiness.set(Phase::Ready);
    Ok(running)
}

/// Brings in every session the server is to hold before it is ready: in
/// cluster mode the cluster's (and from then on, any created on another
/// node), then the demo's and the schedule's.
async fn add_every_session(hub: &Arc<Hub>, config: &Config, boot: Millis) -> io::Result<()> {
    if let Some(directory) = hub.cluster.as_ref().and_then(|node| node.directory()) {
        crate::hub::directory::follow_session_directory(hub, directory.clone()).await;
    }
    if config.demo {
        for info in crate::demo::demo_sessions(boot) {
            create_if_missing(hub, info).await?;
        }
    }
    if let Some(path) = &config.schedule {
        for info in crate::schedule::read_schedule(path, boot)? {
            create_if_missing(hub, info).await?;
        }
    }
    Ok(())
}

/// Resolves once `stop` says so (or its sender is gone).
async fn stopped(mut stop: watch::Receiver<bool>) {
    let _ = stop.wait_for(|stop| *stop).await;
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
        Err(CreateSessionError::NotInCluster) => Err(io_error(
            "sessions made together are refused in cluster mode",
        )),
    }
}

impl RunningServer {
    /// Drains (`/readyz` answers 503 for the drain period while everything
    /// else is still served), stops accepting, closes WebSockets with
    /// 1012, flushes the store.
    pub async fn shutdown(self) {
        self.readiness.set(Phase::Draining);
        tokio::time::sleep(self.shutdown_drain).await;
        let _ = self.stop_accepting.send(true);
        self.hub.shut_down(SHUTDOWN_GRACE).await;
        let _ = tokio::time::timeout(
            Duration::from_secs(2),
            futures_util::future::join_all(self.serving_tasks),
        )
        .await;
    }
}

/// Parses a session in the admin API's shape; shared by the schedule file.
pub fn session_from_json(value: serde_json::Value, now: Millis) -> Result<SessionInfo, String> {
    let new_session: NewSession =
        serde_json::from_value(value).map_err(|error| error.to_string())?;
    new_session.into_info(now)
}
