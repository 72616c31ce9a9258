//! The `hybridhub` command.

use clap::{Parser, Subcommand};
use hybridhub::cluster::{CommandLogConfig, LivenessConfig, NatsOptions};
use hybridhub::hub::HubConfig;
use hybridhub::net::EdgeLimits;
use hybridhub::secret_file::SecretOrigin;
use hybridhub::server::{self, AdminTokenSource, ClusterConfig, Config, MetricsExposure};
use hybridhub::store::sqlite::Durability;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Parser)]
#[command(
    name = "hybridhub",
    version,
    about = "Real-time hub for hybrid multistakeholder meetings"
)]
struct Cli {
    #[command(subcommand)]
    command: Commands,
}

#[derive(Subcommand)]
enum Commands {
    /// Run the server.
    Serve(ServeArguments),
}

#[derive(clap::Args)]
struct ServeArguments {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Where the SQLite database lives.
    #[arg(long, default_value = "./hybridhub-data")]
    data_dir: PathBuf,
    /// Seed a small IGF-like demo event (a live main session and workshops),
    /// with a short scripted scene playing in the main session (demo
    /// captions, chat, a hub's raised hand, a question) until staff join.
    #[arg(long)]
    demo: bool,
    /// With --demo, leave the main session quiet: no scripted scene (for
    /// tests and benchmarks that count what the session sends).
    #[arg(long, requires = "demo")]
    no_demo_scene: bool,
    /// Create the sessions listed in this JSON file (those not there yet).
    ///
    /// The file is a JSON array of sessions, or {"sessions": [...]}; each
    /// session has the fields of the admin API's POST /api/sessions body:
    /// "id" and "title" (required), "starts_at" (RFC 3339, required for a
    /// scheduled session), "ends_at", "room", "languages" (BCP 47 tags, the
    /// first is the floor language), "time_zone" (IANA, e.g.
    /// "Europe/Oslo"), "links" ({"webcast","meeting","instructions"}) and
    /// "state". Example:
    /// {"sessions": [{"id": "ws-42", "title": "Workshop 42",
    /// "starts_at": "2026-06-23T11:00:00Z", "languages": ["en", "fr"]}]}.
    /// docs/PROTOCOL.md, "Schedule files", has the details.
    #[arg(long, value_name = "FILE", verbatim_doc_comment)]
    schedule: Option<PathBuf>,
    /// The organiser's bearer token. If unset, one is made on the first
    /// start and kept in the data directory (admin.token, mode 0600).
    #[arg(long, env = "HYBRIDHUB_ADMIN_TOKEN", hide_env_values = true)]
    admin_token: Option<String>,
    /// fsync on every commit (full) or only at checkpoints (normal).
    #[arg(long, value_enum, default_value = "full")]
    durability: Durability,
    /// Cap the database at this many megabytes (MiB); past it, new writes are
    /// refused with storage_full as on a full disk. Default: no cap.
    #[arg(long, value_name = "MB", value_parser = clap::value_parser!(u64).range(1..))]
    max_database_mb: Option<u64>,
    /// A browser origin allowed to open WebSockets, besides this server's own (repeatable).
    #[arg(long = "allowed-origin")]
    allowed_origins: Vec<String>,
    /// Largest accepted WebSocket frame, in bytes.
    #[arg(long, default_value_t = HubConfig::default().frame_max_bytes)]
    frame_max_bytes: usize,
    /// A connection's outbound queue bound, in bytes; past it the client is disconnected (4000).
    #[arg(long, default_value_t = HubConfig::default().outbound_max_bytes)]
    outbound_max_bytes: usize,
    /// A connection's outbound queue bound, in frames.
    #[arg(long, default_value_t = HubConfig::default().outbound_max_frames)]
    outbound_max_frames: usize,
    /// Milliseconds between presence broadcasts, at most one per period.
    #[arg(long, default_value_t = HubConfig::default().presence_interval.as_millis() as u64)]
    presence_interval_ms: u64,
    /// Milliseconds between an open poll's tallies, at most one per period.
    #[arg(long, default_value_t = HubConfig::default().poll_tally_interval.as_millis() as u64)]
    poll_tally_interval_ms: u64,
    /// Seconds between WebSocket pings.
    #[arg(long, default_value_t = HubConfig::default().ping_interval.as_secs())]
    ping_interval_secs: u64,
    /// Seconds without any frame (or pong) before a connection is dropped.
    #[arg(long, default_value_t = HubConfig::default().idle_timeout.as_secs())]
    idle_timeout_secs: u64,
    /// Seconds a write to a joined client may take before it is let go (4005).
    #[arg(long, default_value_t = HubConfig::default().write_timeout.as_secs())]
    write_timeout_secs: u64,
    /// Commands a participant may send per second (sustained), all their tabs together; past it, `rate_limited`.
    #[arg(long, default_value_t = HubConfig::default().commands_per_second)]
    commands_per_second: u32,
    /// Commands a participant may send in a burst.
    #[arg(long, default_value_t = HubConfig::default().command_burst)]
    command_burst: u32,
    /// Commands all connections from one client IP may send per second together (sustained).
    #[arg(long, default_value_t = HubConfig::default().commands_per_ip_per_second)]
    commands_per_ip_per_second: u32,
    /// Commands all connections from one client IP may send in a burst.
    #[arg(long, default_value_t = HubConfig::default().command_burst_per_ip)]
    command_burst_per_ip: u32,
    /// WebSocket upgrades per client IP per minute (HTTP 429 past it).
    #[arg(long, default_value_t = HubConfig::default().upgrades_per_ip_per_minute)]
    upgrades_per_ip_per_minute: u32,
    /// Open WebSocket connections in all (HTTP 503 past it).
    #[arg(long, default_value_t = HubConfig::default().max_connections)]
    max_connections: usize,
    /// Open WebSocket connections per session (HTTP 503 past it).
    #[arg(long, default_value_t = HubConfig::default().max_connections_per_session)]
    max_connections_per_session: usize,
    /// Sessions the server holds; creating more gets HTTP 429.
    #[arg(long, default_value_t = HubConfig::default().max_sessions)]
    max_sessions: usize,
    /// Base URL for invite links (behind a reverse proxy), e.g. https://hub.example.org.
    /// Its host is a name this server answers to, and its origin the one
    /// browsers may open WebSockets from.
    #[arg(long)]
    public_url: Option<String>,
    /// A host name this server answers to, besides IP addresses, localhost
    /// and the --public-url's host (repeatable). Requests for any other
    /// Host are refused (421 unknown_host), which defeats DNS rebinding.
    #[arg(long = "allowed-host", value_name = "HOST")]
    allowed_hosts: Vec<String>,
    /// Open TCP connections from one client address (an IPv6 client's /64);
    /// 0 for no cap. Generous, since a venue's participants often share one
    /// address; behind a reverse proxy on this host, 0 (let the proxy cap).
    #[arg(long, default_value_t = EdgeLimits::default().max_connections_per_ip)]
    max_connections_per_ip: usize,
    /// Seconds a connection may take to send a request's headers (idle
    /// keep-alive connections included) before it is closed.
    #[arg(long, default_value_t = EdgeLimits::default().header_read_timeout.as_secs())]
    header_read_timeout_secs: u64,
    /// Seconds a request may take from its headers to its answer (408 past it).
    #[arg(long, default_value_t = EdgeLimits::default().request_timeout.as_secs())]
    request_timeout_secs: u64,
    /// Serve GET /metrics (Prometheus text format) on this address, without
    /// authentication: for a private network only.
    #[arg(long, value_name = "ADDR")]
    metrics_listen: Option<SocketAddr>,
    /// Serve GET /metrics on the main address too, to requests with
    /// Authorization: Bearer <this token> (at least 24 characters).
    #[arg(long, env = "HYBRIDHUB_METRICS_TOKEN", hide_env_values = true)]
    metrics_token: Option<String>,
    /// At shutdown, seconds /readyz answers 503 before the server stops
    /// accepting, so that a load balancer sends new clients elsewhere first.
    #[arg(long, default_value_t = 0)]
    shutdown_drain_secs: u64,
    /// Transcript downloads per client address per minute (HTTP 429 past it).
    #[arg(long, default_value_t = EdgeLimits::default().transcripts_per_ip_per_minute)]
    transcripts_per_ip_per_minute: u32,
    /// How logs are written: text for people, json (one object per line)
    /// for log shippers.
    #[arg(long, value_enum, default_value = "text")]
    log_format: LogFormat,
    /// Cluster mode: the NATS server (with JetStream) whose command log the
    /// nodes of a cluster share, e.g. nats://127.0.0.1:4222; several servers
    /// of one NATS cluster separated by commas. tls:// requires TLS.
    #[arg(long)]
    nats: Option<String>,
    /// Cluster mode: how many JetStream servers keep a copy of the command
    /// log (the stream's replicas, 1 to 5; 3 survives the loss of one). An
    /// existing stream is changed to this count.
    #[arg(long, requires = "nats", default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=5))]
    nats_replicas: u8,
    /// Cluster mode: a NATS credentials file (user JWT and NKey seed).
    #[arg(long, requires = "nats", conflicts_with_all = ["nats_user", "nats_token"])]
    nats_creds: Option<PathBuf>,
    /// Cluster mode: the NATS user name (with --nats-password).
    #[arg(long, requires_all = ["nats", "nats_password"], conflicts_with = "nats_token")]
    nats_user: Option<String>,
    /// Cluster mode: the NATS user's password (ignored without --nats-user).
    #[arg(long, env = "HYBRIDHUB_NATS_PASSWORD", hide_env_values = true)]
    nats_password: Option<String>,
    /// Cluster mode: a NATS authentication token (ignored without --nats).
    #[arg(long, env = "HYBRIDHUB_NATS_TOKEN", hide_env_values = true)]
    nats_token: Option<String>,
    /// Cluster mode: PEM file of the CAs that NATS servers' certificates
    /// must chain to (instead of the system's). Implies TLS.
    #[arg(long, requires = "nats")]
    nats_tls_ca: Option<PathBuf>,
    /// Cluster mode: a client certificate (PEM) for NATS servers that verify
    /// clients, with --nats-tls-key. Implies TLS.
    #[arg(long, requires_all = ["nats", "nats_tls_key"])]
    nats_tls_cert: Option<PathBuf>,
    /// Cluster mode: the client certificate's private key (PEM).
    #[arg(long, requires = "nats_tls_cert")]
    nats_tls_key: Option<PathBuf>,
    /// Cluster mode: refuse to connect to NATS without TLS.
    #[arg(long, requires = "nats")]
    nats_tls_required: bool,
    /// Cluster mode: seconds start-up keeps trying to reach NATS and open the
    /// command log before it gives up (NATS may be starting too).
    #[arg(long, requires = "nats", default_value_t = 30)]
    nats_connect_timeout_secs: u64,
    /// This node's id in the cluster (letters, digits, `-` and `_`); random if unset.
    #[arg(long, requires = "nats", value_parser = parse_node_id)]
    node_id: Option<String>,
    /// Cluster mode: milliseconds between this node's heartbeats.
    #[arg(long, requires = "nats", default_value_t = LivenessConfig::default().interval.as_millis() as u64)]
    heartbeat_interval_ms: u64,
    /// Cluster mode: milliseconds a node may go unheard before its
    /// connections leave every session.
    #[arg(long, requires = "nats", default_value_t = LivenessConfig::default().timeout.as_millis() as u64)]
    node_timeout_ms: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

fn parse_node_id(text: &str) -> Result<String, String> {
    let valid = !text.is_empty()
        && text.len() <= 64
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(text.to_owned())
    } else {
        Err("1 to 64 letters, digits, '-' or '_'".into())
    }
}

/// A random node id: eight hex digits.
fn random_node_id() -> String {
    format!("{:08x}", rand::random::<u32>())
}

/// Logs filtered by `RUST_LOG` (default `info`), in the chosen format.
fn init_logging(format: LogFormat) {
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().init(),
    }
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let Commands::Serve(arguments) = cli.command;
    init_logging(arguments.log_format);
    let served = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .and_then(|runtime| runtime.block_on(serve(arguments)));
    match served {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            // The message, not the io::Error's Debug form.
            eprintln!("hybridhub: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn serve(arguments: ServeArguments) -> std::io::Result<()> {
    let config = Config {
        listen: arguments.listen,
        data_dir: arguments.data_dir,
        admin_token: arguments.admin_token,
        demo: arguments.demo,
        demo_scene: !arguments.no_demo_scene,
        schedule: arguments.schedule,
        durability: arguments.durability,
        max_database_bytes: arguments
            .max_database_mb
            .map(|megabytes| megabytes * 1024 * 1024),
        hub: HubConfig {
            presence_interval: Duration::from_millis(arguments.presence_interval_ms.max(10)),
            poll_tally_interval: Duration::from_millis(arguments.poll_tally_interval_ms.max(10)),
            frame_max_bytes: arguments.frame_max_bytes,
            outbound_max_bytes: arguments.outbound_max_bytes,
            outbound_max_frames: arguments.outbound_max_frames,
            ping_interval: Duration::from_secs(arguments.ping_interval_secs.max(1)),
            idle_timeout: Duration::from_secs(arguments.idle_timeout_secs.max(2)),
            write_timeout: Duration::from_secs(arguments.write_timeout_secs.max(1)),
            allowed_origins: arguments.allowed_origins,
            commands_per_second: arguments.commands_per_second,
            command_burst: arguments.command_burst,
            commands_per_ip_per_second: arguments.commands_per_ip_per_second,
            command_burst_per_ip: arguments.command_burst_per_ip,
            upgrades_per_ip_per_minute: arguments.upgrades_per_ip_per_minute,
            max_connections: arguments.max_connections,
            max_connections_per_session: arguments.max_connections_per_session,
            max_sessions: arguments.max_sessions,
            ..HubConfig::default()
        },
        public_url: arguments.public_url,
        edge: EdgeLimits {
            header_read_timeout: Duration::from_secs(arguments.header_read_timeout_secs.max(1)),
            request_timeout: Duration::from_secs(arguments.request_timeout_secs.max(1)),
            max_connections_per_ip: arguments.max_connections_per_ip,
            transcripts_per_ip_per_minute: arguments.transcripts_per_ip_per_minute,
        },
        allowed_hosts: arguments.allowed_hosts,
        metrics: MetricsExposure {
            listen: arguments.metrics_listen,
            token: arguments.metrics_token,
        },
        shutdown_drain: Duration::from_secs(arguments.shutdown_drain_secs),
        cluster: arguments.nats.map(|nats_url| ClusterConfig {
            log: CommandLogConfig {
                replicas: usize::from(arguments.nats_replicas),
                nats: NatsOptions {
                    credentials_file: arguments.nats_creds,
                    user_and_password: arguments.nats_user.zip(arguments.nats_password),
                    token: arguments.nats_token,
                    tls_ca: arguments.nats_tls_ca,
                    tls_client_certificate: arguments.nats_tls_cert.zip(arguments.nats_tls_key),
                    tls_required: arguments.nats_tls_required,
                    name: None,
                    connect_timeout: Duration::from_secs(arguments.nats_connect_timeout_secs),
                },
                ..CommandLogConfig::new(nats_url)
            },
            node_id: arguments.node_id.unwrap_or_else(random_node_id),
            liveness: LivenessConfig {
                interval: Duration::from_millis(arguments.heartbeat_interval_ms.max(10)),
                // Several beats must go missing before a node is declared down.
                timeout: Duration::from_millis(
                    arguments
                        .node_timeout_ms
                        .max(arguments.heartbeat_interval_ms.saturating_mul(2)),
                ),
            },
        }),
    };
    let demo = config.demo;
    let public_url = config.public_url.clone();
    let running = server::start(config).await?;
    let base = public_url.unwrap_or_else(|| format!("http://{}", running.addr));
    println!("hybridhub listening on {base}/ (open it in a browser)");
    println!("organisers' console: {base}/admin (sign in with the admin token)");
    if let Some(metrics) = running.metrics_addr {
        println!("metrics on http://{metrics}/metrics");
    }
    if demo {
        println!(
            "demo session: {base}/api/sessions/{0}  websocket: ws://{1}/ws/sessions/{0}",
            hybridhub::demo::DEMO_MAIN_SESSION,
            running.addr
        );
        for (what, link) in hybridhub::demo::demo_invite_links(&running.hub, &base).await {
            println!("{what}: {link}");
        }
    }
    if let AdminTokenSource::File { path, origin } = &running.admin_token_source {
        let kept = match origin {
            SecretOrigin::Made => "made now and kept",
            SecretOrigin::Read => "kept",
        };
        println!(
            "admin token ({kept} in {}; delete that file and restart to make a new one, or set HYBRIDHUB_ADMIN_TOKEN): {}",
            path.display(),
            running.admin_token
        );
    }
    hybridhub::shutdown::stop_requested().await;
    tracing::info!("stopping: closing connections and flushing the store");
    running.shutdown().await;
    Ok(())
}
