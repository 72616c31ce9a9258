//! The server's own counters, kept in a Prometheus registry (the
//! `prometheus-client` crate) so that the operator and the tests read the
//! same figures the hub uses to decide what it did.
//!
//! Each metric is named, described and registered here and nowhere else:
//! the code that acts counts through these handles, which are cheap atomic
//! counters shared by reference count. Parts made before the hub (the
//! store, the cluster's command log) keep their own set of handles, defined
//! here too, which the server registers once the hub exists. Every metric
//! is documented in `docs/PROTOCOL.md` ("Operations").

use crate::hub::Hub;
use crate::protocol::ErrorCode;
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, EncodeMetric};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::{ConstGauge, Gauge};
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use std::sync::atomic::Ordering;
use std::sync::{Mutex, Weak};

/// The `Content-Type` of [`Metrics::encode`]'s text.
pub const CONTENT_TYPE: &str = prometheus_client::encoding::prometheus_text::CONTENT_TYPE;

pub struct Metrics {
    /// Behind a lock only so that late parts can register; encoding and
    /// registering are rare (a scrape, start-up), counting never takes it.
    registry: Mutex<Registry>,
    /// Connections cut off because their bounded outbound queue overflowed
    /// (close code 4000): clients that stopped reading, or read too slowly.
    pub slow_consumer_disconnects: Counter,
    /// Connections let go (4002 or 4005) because a write to them did not
    /// finish in time: clients that stopped reading before their queue
    /// could overflow, during catch-up or after.
    pub write_timeouts: Counter,
    /// The TCP listener's figures.
    pub listener: ListenerMetrics,
    /// WebSocket upgrades answered with an error, by why.
    websocket_upgrades_refused: Family<ReasonLabel, Counter>,
    /// Requests and commands refused by a rate limit, by which limit.
    rate_limit_hits: Family<LimitLabel, Counter>,
    /// Requests refused because their `Host` is not one this server answers to.
    pub unknown_host_requests: Counter,
    /// Requests that took longer than the request timeout (408).
    pub request_timeouts: Counter,
    /// Transcripts rendered from the store (a cache miss).
    pub transcript_renderings: Counter,
    /// Transcript downloads answered from the cache (200 or 304).
    pub transcript_cache_hits: Counter,
    /// Frames handed to connections' outbound queues.
    pub deliveries: Counter,
    /// Bytes of those frames.
    pub delivered_bytes: Counter,
    /// Frames that did not fit a connection's outbound queue.
    pub outbound_queue_drops: Counter,
    /// Commands received by session owners.
    pub commands: Counter,
    /// Commands refused, by error code.
    command_refusals: Family<CodeLabel, Counter>,
    /// Caption lines finished (`caption.final`), by track.
    caption_lines: Family<LanguageLabel, Counter>,
}

/// What the TCP listener counts.
#[derive(Clone, Debug, Default)]
pub struct ListenerMetrics {
    /// Open TCP connections, WebSockets included.
    pub open_connections: Gauge,
    /// Accepted connections closed at once because a cap was reached.
    connections_refused: Family<CapLabel, Counter>,
    /// Failed `accept` calls (e.g. out of file descriptors), each followed
    /// by a short pause.
    pub accept_errors: Counter,
}

/// What the SQLite store's writer counts.
#[derive(Clone, Debug)]
pub struct StoreMetrics {
    /// How long each group commit took, fsync included.
    pub commit_seconds: Histogram,
    /// How many write requests (rounds of sessions, new sessions) each
    /// group commit carried.
    pub commit_batch_requests: Histogram,
}

/// What a cluster node's appends to the command log count.
#[derive(Clone, Debug)]
pub struct CommandLogMetrics {
    /// From publishing an entry to JetStream's acknowledgement.
    pub append_seconds: Histogram,
    /// Appends refused or never acknowledged.
    pub append_failures: Counter,
}

/// Why a WebSocket upgrade was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpgradeRefusal {
    ShuttingDown,
    ServerFull,
    SessionFull,
    RateLimited,
    Origin,
    NoSuchSession,
}

impl UpgradeRefusal {
    const ALL: [UpgradeRefusal; 6] = [
        UpgradeRefusal::ShuttingDown,
        UpgradeRefusal::ServerFull,
        UpgradeRefusal::SessionFull,
        UpgradeRefusal::RateLimited,
        UpgradeRefusal::Origin,
        UpgradeRefusal::NoSuchSession,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            UpgradeRefusal::ShuttingDown => "shutting_down",
            UpgradeRefusal::ServerFull => "server_full",
            UpgradeRefusal::SessionFull => "session_full",
            UpgradeRefusal::RateLimited => "rate_limited",
            UpgradeRefusal::Origin => "origin",
            UpgradeRefusal::NoSuchSession => "no_such_session",
        }
    }
}

/// Which rate limit refused something.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RateLimit {
    /// WebSocket upgrades per client address.
    Upgrades,
    /// Transcript downloads per client address.
    Transcripts,
    /// Commands per participant (all their connections together).
    Commands,
    /// Commands per client address (all its connections together).
    CommandsPerAddress,
}

impl RateLimit {
    const ALL: [RateLimit; 4] = [
        RateLimit::Upgrades,
        RateLimit::Transcripts,
        RateLimit::Commands,
        RateLimit::CommandsPerAddress,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RateLimit::Upgrades => "upgrades",
            RateLimit::Transcripts => "transcripts",
            RateLimit::Commands => "commands",
            RateLimit::CommandsPerAddress => "commands_per_ip",
        }
    }
}

/// Which cap refused a TCP connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnectionCap {
    /// `--max-connections-per-ip`.
    PerAddress,
    /// The server's own, below its open-file limit.
    Total,
}

impl ConnectionCap {
    pub fn as_str(self) -> &'static str {
        match self {
            ConnectionCap::PerAddress => "per_ip",
            ConnectionCap::Total => "total",
        }
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReasonLabel {
    reason: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct LimitLabel {
    limit: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CapLabel {
    cap: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CodeLabel {
    code: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct LanguageLabel {
    lang: String,
}

impl ListenerMetrics {
    pub fn count_refused(&self, cap: ConnectionCap) {
        self.connections_refused
            .get_or_create(&CapLabel { cap: cap.as_str() })
            .inc();
    }

    pub fn refused(&self, cap: ConnectionCap) -> u64 {
        self.connections_refused
            .get_or_create(&CapLabel { cap: cap.as_str() })
            .get()
    }
}

impl Default for StoreMetrics {
    fn default() -> StoreMetrics {
        StoreMetrics {
            // 0.25 ms to about 4 s.
            commit_seconds: Histogram::new(exponential_buckets(0.000_25, 2.0, 15)),
            // 1 to 512, the most one commit takes.
            commit_batch_requests: Histogram::new(exponential_buckets(1.0, 2.0, 10)),
        }
    }
}

impl Default for CommandLogMetrics {
    fn default() -> CommandLogMetrics {
        CommandLogMetrics {
            // 0.25 ms to about 4 s.
            append_seconds: Histogram::new(exponential_buckets(0.000_25, 2.0, 15)),
            append_failures: Counter::default(),
        }
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let metrics = Metrics {
            registry: Mutex::new(Registry::with_prefix("hybridhub")),
            slow_consumer_disconnects: Counter::default(),
            write_timeouts: Counter::default(),
            listener: ListenerMetrics::default(),
            websocket_upgrades_refused: Family::default(),
            rate_limit_hits: Family::default(),
            unknown_host_requests: Counter::default(),
            request_timeouts: Counter::default(),
            transcript_renderings: Counter::default(),
            transcript_cache_hits: Counter::default(),
            deliveries: Counter::default(),
            delivered_bytes: Counter::default(),
            outbound_queue_drops: Counter::default(),
            commands: Counter::default(),
            command_refusals: Family::default(),
            caption_lines: Family::default(),
        };
        let mut registry = metrics.registry.lock().expect("metrics registry lock");
        registry.register(
            "slow_consumer_disconnects",
            "Connections cut off (4000) because their outbound queue overflowed",
            metrics.slow_consumer_disconnects.clone(),
        );
        registry.register(
            "write_timeouts",
            "Connections let go (4002 in catch-up, 4005 after) because a write did not finish in time",
            metrics.write_timeouts.clone(),
        );
        registry.register(
            "tcp_connections",
            "Open TCP connections, WebSockets included",
            metrics.listener.open_connections.clone(),
        );
        registry.register(
            "tcp_connections_refused",
            "TCP connections closed at once because a cap was reached, by cap (per_ip, total)",
            metrics.listener.connections_refused.clone(),
        );
        registry.register(
            "accept_errors",
            "Failed accepts of TCP connections (such as running out of file descriptors)",
            metrics.listener.accept_errors.clone(),
        );
        registry.register(
            "websocket_upgrades_refused",
            "WebSocket upgrades refused, by reason",
            metrics.websocket_upgrades_refused.clone(),
        );
        registry.register(
            "rate_limit_hits",
            "Requests and commands refused by a rate limit, by limit (upgrades, transcripts, commands)",
            metrics.rate_limit_hits.clone(),
        );
        registry.register(
            "unknown_host_requests",
            "HTTP requests refused (421) because their Host is not one this server answers to",
            metrics.unknown_host_requests.clone(),
        );
        registry.register(
            "request_timeouts",
            "HTTP requests answered 408 because they took longer than the request timeout",
            metrics.request_timeouts.clone(),
        );
        registry.register(
            "transcript_renderings",
            "Transcripts rendered from the store (cache misses)",
            metrics.transcript_renderings.clone(),
        );
        registry.register(
            "transcript_cache_hits",
            "Transcript downloads answered from the cache (200 or 304)",
            metrics.transcript_cache_hits.clone(),
        );
        registry.register(
            "deliveries",
            "Frames handed to connections' outbound queues",
            metrics.deliveries.clone(),
        );
        registry.register(
            "delivered_bytes",
            "Bytes of the frames handed to connections' outbound queues",
            metrics.delivered_bytes.clone(),
        );
        registry.register(
            "outbound_queue_drops",
            "Frames that did not fit a connection's outbound queue",
            metrics.outbound_queue_drops.clone(),
        );
        registry.register(
            "commands",
            "Commands received by session owners",
            metrics.commands.clone(),
        );
        registry.register(
            "command_refusals",
            "Commands refused, by error code",
            metrics.command_refusals.clone(),
        );
        registry.register(
            "caption_lines",
            "Caption lines finished (caption.final), by track",
            metrics.caption_lines.clone(),
        );
        drop(registry);
        // Every series whose labels are known in advance is written from the
        // start, at 0, so that a dashboard's rate() finds it before the
        // first event. (Caption tracks are known only as they come.)
        for reason in UpgradeRefusal::ALL {
            let _ = metrics
                .websocket_upgrades_refused
                .get_or_create(&ReasonLabel {
                    reason: reason.as_str(),
                });
        }
        for limit in RateLimit::ALL {
            let _ = metrics.rate_limit_hits.get_or_create(&LimitLabel {
                limit: limit.as_str(),
            });
        }
        for cap in [ConnectionCap::PerAddress, ConnectionCap::Total] {
            let _ = metrics
                .listener
                .connections_refused
                .get_or_create(&CapLabel { cap: cap.as_str() });
        }
        for code in ErrorCode::ALL {
            let _ = metrics.command_refusals.get_or_create(&CodeLabel {
                code: code.as_str(),
            });
        }
        metrics
    }

    pub fn count_upgrade_refused(&self, reason: UpgradeRefusal) {
        self.websocket_upgrades_refused
            .get_or_create(&ReasonLabel {
                reason: reason.as_str(),
            })
            .inc();
    }

    pub fn upgrades_refused(&self, reason: UpgradeRefusal) -> u64 {
        self.websocket_upgrades_refused
            .get_or_create(&ReasonLabel {
                reason: reason.as_str(),
            })
            .get()
    }

    pub fn count_rate_limit_hit(&self, limit: RateLimit) {
        self.rate_limit_hits
            .get_or_create(&LimitLabel {
                limit: limit.as_str(),
            })
            .inc();
    }

    pub fn rate_limit_hits(&self, limit: RateLimit) -> u64 {
        self.rate_limit_hits
            .get_or_create(&LimitLabel {
                limit: limit.as_str(),
            })
            .get()
    }

    pub fn count_command_refusal(&self, code: ErrorCode) {
        self.command_refusals
            .get_or_create(&CodeLabel {
                code: code.as_str(),
            })
            .inc();
    }

    pub fn count_caption_lines(&self, lang: &str, lines: u64) {
        self.caption_lines
            .get_or_create(&LanguageLabel {
                lang: lang.to_owned(),
            })
            .inc_by(lines);
    }

    /// Registers the store writer's figures.
    pub fn register_store(&self, store: &StoreMetrics) {
        let mut registry = self.registry.lock().expect("metrics registry lock");
        registry.register(
            "store_commit_seconds",
            "Seconds each group commit of the store took, fsync included",
            store.commit_seconds.clone(),
        );
        registry.register(
            "store_commit_batch_requests",
            "Write requests (sessions' rounds, new sessions) carried by each group commit",
            store.commit_batch_requests.clone(),
        );
    }

    /// Registers a cluster node's command log figures.
    pub fn register_command_log(&self, log: &CommandLogMetrics) {
        let mut registry = self.registry.lock().expect("metrics registry lock");
        registry.register(
            "nats_append_seconds",
            "Seconds from publishing a command log entry to JetStream's acknowledgement",
            log.append_seconds.clone(),
        );
        registry.register(
            "nats_append_failures",
            "Command log appends refused or never acknowledged",
            log.append_failures.clone(),
        );
    }

    /// Registers the gauges read from the hub at each scrape: open
    /// WebSocket connections and sessions by state. The hub is held weakly,
    /// since it owns these metrics.
    pub fn register_hub_gauges(&self, hub: Weak<Hub>) {
        self.registry
            .lock()
            .expect("metrics registry lock")
            .register_collector(Box::new(HubGauges { hub }));
    }

    /// Every metric in the Prometheus text exposition format (version 0.0.4).
    pub fn encode(&self) -> String {
        let mut text = String::new();
        let registry = self.registry.lock().expect("metrics registry lock");
        prometheus_client::encoding::prometheus_text::encode(&mut text, &registry)
            .expect("writing to a String cannot fail");
        text
    }
}

impl Default for Metrics {
    fn default() -> Metrics {
        Metrics::new()
    }
}

/// The hub's own counters, read when scraped.
#[derive(Debug)]
struct HubGauges {
    hub: Weak<Hub>,
}

impl Collector for HubGauges {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let Some(hub) = self.hub.upgrade() else {
            return Ok(());
        };
        let connections = ConstGauge::new(hub.open_connections.load(Ordering::Relaxed) as i64);
        let metric = encoder.encode_descriptor(
            "websocket_connections",
            "Open WebSocket connections",
            None,
            connections.metric_type(),
        )?;
        connections.encode(metric)?;

        let mut by_state = [("scheduled", 0i64), ("live", 0), ("ended", 0)];
        for info in hub.session_infos() {
            let index = match info.state {
                crate::core::SessionState::Scheduled => 0,
                crate::core::SessionState::Live => 1,
                crate::core::SessionState::Ended => 2,
            };
            by_state[index].1 += 1;
        }
        let mut metric = encoder.encode_descriptor(
            "sessions",
            "Sessions this server holds, by state",
            None,
            prometheus_client::metrics::MetricType::Gauge,
        )?;
        for (state, count) in by_state {
            let labels = [("state", state)];
            let family = metric.encode_family(&labels)?;
            ConstGauge::new(count).encode(family)?;
        }
        Ok(())
    }
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_struct("Metrics").finish_non_exhaustive()
    }
}
