//! `soak`: a long plenary that checks what the server keeps over time.
//!
//! N honest participants sit in one session and receive the plenary's
//! traffic (the captioner, the chatter and the hand raisers of
//! [`super::plenary`]). A share of them drop and resume as in
//! [`super::churn`], and every one of them checks every durable `seq` it
//! sees: gaps and duplicates must stay zero. With the hostile mix
//! ([`HostileMix`]) a few more clients misbehave at the same time:
//!
//! - flooders send bursts of `chat.send` and `question.ask` past the
//!   command rate limit, and count what the server refuses;
//! - slow readers join with a tiny receive buffer and never read (they only
//!   send a WebSocket ping now and then, so that the idle timeout does not
//!   close them first); the server must cut them, not slow the others;
//! - bad-frame senders send malformed JSON, non-objects, unknown types,
//!   missing fields, over-long texts, binary frames and frames over the
//!   frame limit;
//! - a reconnect storm opens and closes joins from one address faster than
//!   the per-address upgrade limit allows.
//!
//! The hostile clients bind to their own loopback source addresses
//! (127.0.0.200 upwards by default, one per kind), away from the honest
//! clients' 127.0.0.2 upwards, so that the per-address caps (open
//! connections, upgrades per minute) fall on them and not on the honest
//! crowd, as they would with a real attacker.
//!
//! Over the window the server's RSS is sampled every `rss_every`; the report
//! gives the RSS when the warm-up ends and at the end, and the slope of a
//! least-squares line through the samples after the warm-up, so that
//! "flat" is a number. With `metrics_address` (the server's
//! `--metrics-listen`) the server's own counters of refusals, rate-limit
//! hits and slow-consumer cuts are read at both ends of the window.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use hdrhistogram::Histogram;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinHandle;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;

use super::churn::{join_crowd, Crowd};
use super::publisher::{self, PublishAction, PublisherCounters, PublisherSetup};
use super::seq::NotForEveryone;
use super::{plenary, Probe, RunContext};
use crate::admin;
use crate::connection::{ClientSocket, JoinRequest, OpenFailure, OpenedConnection};
use crate::framing::{self, Incoming, JoinDetails, Role};
use crate::metrics::{HistogramBuckets, LatencySummary, Metrics};
use crate::net::connect_tcp;
use crate::options::{CommonOptions, PlenaryOptions, ScenarioOptions, Target};
use crate::payload::wall_clock_micros;
use crate::payload::MessageKind;
use crate::procstat;
use crate::report::Report;

/// A soak may run for up to an hour; every other scenario keeps
/// [`crate::options::MAX_DURATION`].
pub const MAX_SOAK_DURATION: Duration = Duration::from_secs(3600);

/// Publisher connection numbers start here (their names and source
/// addresses differ from the participants').
const PUBLISHER_INDEX_BASE: usize = 1_000_000;

/// The connection that reads the session's last seq at the end.
const HEAD_READER_INDEX: usize = 1_000_900;

/// How often a slow reader pings, to stay clear of the idle timeout (25 s).
const SLOW_READER_PING: Duration = Duration::from_secs(2);

/// The pause before a hostile client comes back after being closed.
const HOSTILE_RECONNECT_DELAY: Duration = Duration::from_secs(1);

/// Identities the reconnect storm cycles through, so that it restores the
/// same few participants instead of growing the roster without end.
const STORM_IDENTITIES: usize = 8;

/// Reconnect-storm attempts in flight at once; a tick finding them all busy
/// is counted as skipped.
const STORM_IN_FLIGHT: usize = 16;

/// A text over the chat limit (2,000 characters) but well inside a frame.
const OVER_LONG_CHAT_CHARS: usize = 2_500;

/// A frame over the default frame limit (64 KiB).
const OVERSIZED_FRAME_BYTES: usize = 70 * 1024;

/// The counters of the server's `/metrics` the report keeps, by prefix.
const SERVER_COUNTERS: [&str; 7] = [
    "hybridhub_command_refusals_total",
    "hybridhub_rate_limit_hits_total",
    "hybridhub_slow_consumer_disconnects_total",
    "hybridhub_outbound_queue_drops_total",
    "hybridhub_websocket_upgrades_refused_total",
    "hybridhub_tcp_connections_refused_total",
    "hybridhub_deliveries_total",
];

/// `soak` settings.
#[derive(Clone, Debug)]
pub struct SoakOptions {
    /// The traffic every honest participant receives.
    pub plenary: PlenaryOptions,
    /// The share of honest participants that drop and resume.
    pub churn_share: f64,
    /// Drops per second over all churning participants.
    pub drops_per_second: f64,
    pub reconnect_delay: Duration,
    pub hostile: HostileMix,
    /// The start of the window left out of the RSS slope.
    pub warmup: Duration,
    /// How often the server's RSS is read.
    pub rss_every: Duration,
    /// The length of a slice: partial-caption latency and CPU by slice.
    pub slice_every: Duration,
    /// The server's `--metrics-listen` address, to read its counters.
    pub metrics_address: Option<String>,
}

/// The hostile clients; all zero is a run without them.
#[derive(Clone, Debug)]
pub struct HostileMix {
    pub flooders: usize,
    /// Frames in each flood burst (half `chat.send`, half `question.ask`).
    pub flood_burst: usize,
    /// The pause between a flooder's bursts.
    pub flood_every: Duration,
    pub slow_readers: usize,
    /// The receive buffer (SO_RCVBUF) a slow reader asks for, in bytes.
    pub slow_reader_buffer: u32,
    pub bad_framers: usize,
    /// Bad frames per second from each bad-frame sender.
    pub bad_frames_per_second: f64,
    /// Reconnect-storm joins attempted per second (0: no storm).
    pub storm_per_second: f64,
    /// Flooders bind to this address, slow readers to the next, bad-frame
    /// senders to the one after, and the storm to the fourth.
    pub first_source: Ipv4Addr,
}

impl HostileMix {
    /// No hostile clients.
    pub fn none() -> Self {
        HostileMix {
            flooders: 0,
            flood_burst: 0,
            flood_every: Duration::from_secs(10),
            slow_readers: 0,
            slow_reader_buffer: 4096,
            bad_framers: 0,
            bad_frames_per_second: 0.0,
            storm_per_second: 0.0,
            first_source: Ipv4Addr::new(127, 0, 0, 200),
        }
    }

    /// The mix `--hostile` turns on: 2 flooders bursting 150 frames every
    /// 10 s (the limit lets about 60 of each burst through), 20 slow
    /// readers, 4 bad-frame senders at 2 frames per second, and a storm of
    /// 15 joins per second from one address (the limit is 600 per minute).
    pub fn standard() -> Self {
        HostileMix {
            flooders: 2,
            flood_burst: 150,
            slow_readers: 20,
            bad_framers: 4,
            bad_frames_per_second: 2.0,
            storm_per_second: 15.0,
            ..HostileMix::none()
        }
    }

    pub fn is_on(&self) -> bool {
        self.flooders + self.slow_readers + self.bad_framers > 0 || self.storm_per_second > 0.0
    }

    /// The source address of one kind of hostile client.
    fn source(&self, kind: HostileKind) -> IpAddr {
        let [a, b, c, d] = self.first_source.octets();
        IpAddr::V4(Ipv4Addr::new(a, b, c, d + kind as u8))
    }
}

impl SoakOptions {
    /// The defaults of the soak benchmark: the plenary's rates, a tenth of
    /// the participants churning at 2 drops per second in all, no hostile
    /// mix, a 5-minute warm-up and an RSS reading every 10 s.
    pub fn standard() -> Self {
        let ScenarioOptions::Plenary(plenary) = ScenarioOptions::default_plenary() else {
            unreachable!("default_plenary is a plenary");
        };
        SoakOptions {
            plenary,
            churn_share: 0.1,
            drops_per_second: 2.0,
            reconnect_delay: Duration::from_millis(100),
            hostile: HostileMix::none(),
            warmup: Duration::from_secs(300),
            rss_every: Duration::from_secs(10),
            slice_every: Duration::from_secs(60),
            metrics_address: None,
        }
    }

    /// Connections besides the honest participants: the publishers, the
    /// hostile clients (the storm's in flight) and the head reader.
    pub fn extra_connections(&self) -> usize {
        let hostile = &self.hostile;
        let storm = if hostile.storm_per_second > 0.0 {
            STORM_IN_FLIGHT
        } else {
            0
        };
        2 + self.plenary.hand_raisers
            + hostile.flooders
            + hostile.slow_readers
            + hostile.bad_framers
            + storm
            + 1
    }

    pub fn validate(&self, common: &CommonOptions) -> Result<(), String> {
        if common.target != Target::Hybridhub {
            return Err(
                "soak measures hybridhub (resume, seq, refusals); use --target hybridhub"
                    .to_string(),
            );
        }
        if common.processes > 1 {
            return Err("soak runs in one generator process (no --processes)".to_string());
        }
        if !(self.churn_share.is_finite() && (0.0..=1.0).contains(&self.churn_share)) {
            return Err("--churn-share must be between 0 and 1".to_string());
        }
        let rates = [
            (
                "--caption-partials",
                self.plenary.caption_partials_per_second,
            ),
            ("--caption-finals", self.plenary.caption_finals_per_second),
            ("--chat-rate", self.plenary.chat_messages_per_second),
            ("--hand-toggles", self.plenary.hand_toggles_per_second),
            ("--drops-per-second", self.drops_per_second),
            (
                "--bad-frames-per-second",
                self.hostile.bad_frames_per_second,
            ),
            ("--storm-per-second", self.hostile.storm_per_second),
        ];
        for (name, rate) in rates {
            if !(rate.is_finite() && (0.0..=1_000.0).contains(&rate)) {
                return Err(format!("{name} must be between 0 and 1000 per second"));
            }
        }
        let hostile = &self.hostile;
        if hostile.flooders + hostile.slow_readers + hostile.bad_framers > 1_000
            || hostile.flood_burst > 10_000
            || self.plenary.hand_raisers > 1_000
        {
            return Err(
                "hostile counts are at most 1000 clients and bursts of 10000 frames".to_string(),
            );
        }
        if hostile.flood_every < Duration::from_millis(100) {
            return Err("--flood-every must be at least 0.1 s".to_string());
        }
        if self.rss_every < Duration::from_millis(100)
            || self.slice_every < Duration::from_millis(100)
        {
            return Err("--rss-every and --slice-every must be at least 0.1 s".to_string());
        }
        if self.warmup >= common.duration {
            return Err("--warmup must be shorter than --duration".to_string());
        }
        if hostile.is_on() {
            let first = hostile.first_source;
            let honest_last = 1 + u16::from(common.source_addresses);
            if !first.is_loopback()
                || u16::from(first.octets()[3]) <= honest_last
                || first.octets()[3] > 251
            {
                return Err(format!(
                    "--hostile-source must be a 127.x.y.z address with room for 4 addresses, above the \
                     honest clients' 127.0.0.2..=127.0.0.{honest_last}"
                ));
            }
        }
        Ok(())
    }
}

/// `soak` flags (besides the common ones).
#[derive(Debug, clap::Args)]
pub struct SoakArgs {
    #[arg(long, default_value_t = 15.0)]
    caption_partials: f64,
    #[arg(long, default_value_t = 3.0)]
    caption_finals: f64,
    /// Chat messages per second.
    #[arg(long, default_value_t = 10.0)]
    chat_rate: f64,
    /// Hand raise-or-lower actions per second over all hand raisers.
    #[arg(long, default_value_t = 1.0)]
    hand_toggles: f64,
    #[arg(long, default_value_t = 5)]
    hand_raisers: usize,
    /// The share of honest participants that drop and resume.
    #[arg(long, default_value_t = 0.1)]
    churn_share: f64,
    /// Drops per second over all churning participants.
    #[arg(long, default_value_t = 2.0)]
    drops_per_second: f64,
    #[arg(long, default_value_t = 100)]
    reconnect_delay_ms: u64,
    /// Add the hostile mix: 2 flooders, 20 slow readers, 4 bad-frame senders
    /// and a reconnect storm (each count can be changed below).
    #[arg(long)]
    hostile: bool,
    #[arg(long)]
    flooders: Option<usize>,
    /// Frames in each flood burst.
    #[arg(long)]
    flood_burst: Option<usize>,
    /// Seconds between a flooder's bursts.
    #[arg(long, default_value_t = 10.0)]
    flood_every: f64,
    #[arg(long)]
    slow_readers: Option<usize>,
    /// SO_RCVBUF of a slow reader, in bytes.
    #[arg(long, default_value_t = 4096)]
    slow_reader_buffer: u32,
    #[arg(long)]
    bad_framers: Option<usize>,
    #[arg(long)]
    bad_frames_per_second: Option<f64>,
    /// Reconnect-storm joins attempted per second from one address.
    #[arg(long)]
    storm_per_second: Option<f64>,
    /// The first of the 4 source addresses of the hostile clients.
    #[arg(long, default_value = "127.0.0.200")]
    hostile_source: Ipv4Addr,
    /// Seconds at the start of the window left out of the RSS slope.
    #[arg(long, default_value_t = 300.0)]
    warmup: f64,
    /// Seconds between RSS readings.
    #[arg(long, default_value_t = 10.0)]
    rss_every: f64,
    /// Seconds in each slice of the window (latency and CPU by slice).
    #[arg(long, default_value_t = 60.0)]
    slice_every: f64,
    /// The server's --metrics-listen address, to read its refusal and
    /// slow-consumer counters (loopback only).
    #[arg(long)]
    metrics: Option<String>,
}

impl SoakArgs {
    pub fn into_options(self) -> Result<SoakOptions, String> {
        let seconds = |name: &str, value: f64| {
            Duration::try_from_secs_f64(value)
                .map_err(|_| format!("--{name} must be a non-negative number of seconds"))
        };
        // --hostile turns the standard counts on; the rates of each kind are
        // the standard ones unless given.
        let standard = HostileMix::standard();
        let base = if self.hostile {
            standard.clone()
        } else {
            HostileMix::none()
        };
        Ok(SoakOptions {
            plenary: PlenaryOptions {
                caption_partials_per_second: self.caption_partials,
                caption_finals_per_second: self.caption_finals,
                chat_messages_per_second: self.chat_rate,
                hand_toggles_per_second: self.hand_toggles,
                hand_raisers: self.hand_raisers,
            },
            churn_share: self.churn_share,
            drops_per_second: self.drops_per_second,
            reconnect_delay: Duration::from_millis(self.reconnect_delay_ms),
            hostile: HostileMix {
                flooders: self.flooders.unwrap_or(base.flooders),
                flood_burst: self.flood_burst.unwrap_or(standard.flood_burst),
                flood_every: seconds("flood-every", self.flood_every)?,
                slow_readers: self.slow_readers.unwrap_or(base.slow_readers),
                slow_reader_buffer: self.slow_reader_buffer,
                bad_framers: self.bad_framers.unwrap_or(base.bad_framers),
                bad_frames_per_second: self
                    .bad_frames_per_second
                    .unwrap_or(standard.bad_frames_per_second),
                storm_per_second: self.storm_per_second.unwrap_or(base.storm_per_second),
                first_source: self.hostile_source,
            },
            warmup: seconds("warmup", self.warmup)?,
            rss_every: seconds("rss-every", self.rss_every)?,
            slice_every: seconds("slice-every", self.slice_every)?,
            metrics_address: self.metrics,
        })
    }
}

/// The kinds of hostile client; the number is the offset of its source
/// address from [`HostileMix::first_source`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum HostileKind {
    Flooder = 0,
    SlowReader = 1,
    BadFramer = 2,
    Storm = 3,
}

/// What the hostile clients of one kind did and were answered.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct HostileKindReport {
    pub clients: usize,
    /// Joins that got a welcome (first joins and rejoins).
    pub joins: u64,
    /// Joins that failed, by kind (`handshake:HTTP 429 Too Many Requests`, …).
    pub join_failures: BTreeMap<String, u64>,
    /// Frames (or, for the storm, join attempts) sent.
    pub sent: u64,
    /// Commands acknowledged.
    pub acked: u64,
    /// `error` frames received, by code.
    pub refusals: BTreeMap<String, u64>,
    /// Connections the server closed, by close code (`none` without a
    /// close frame, `write_failed` when only a failed write told).
    pub closes: BTreeMap<String, u64>,
    /// Storm ticks skipped because every attempt slot was busy.
    pub skipped: u64,
    /// Slow readers: seconds from the join to the failed write that showed
    /// the server had cut the connection (min, mean, max).
    pub seconds_to_cut: Option<[f64; 3]>,
}

/// The hostile mix's outcome.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct HostileReport {
    pub flooders: HostileKindReport,
    pub slow_readers: HostileKindReport,
    pub bad_framers: HostileKindReport,
    pub storm: HostileKindReport,
    /// The source addresses used, by kind.
    pub sources: Vec<String>,
}

/// `soak` extras.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SoakReport {
    pub honest_clients: u64,
    pub churners: u64,
    pub warmup_seconds: f64,
    /// `[seconds into the window, server RSS in bytes]`, every `rss_every`.
    pub rss_samples: Vec<[f64; 2]>,
    /// The first reading at or after the warm-up's end.
    pub rss_at_warmup_end_bytes: u64,
    pub rss_end_bytes: u64,
    pub rss_min_after_warmup_bytes: u64,
    pub rss_max_after_warmup_bytes: u64,
    /// The slope of the least-squares line through the readings after the
    /// warm-up, in KiB per minute.
    pub rss_slope_kib_per_minute: Option<f64>,
    pub hostile: Option<HostileReport>,
    /// The server's own counters over the window (end minus start), by
    /// series, when `metrics_address` was given; zeros left out.
    pub server_counters: BTreeMap<String, f64>,
    /// The window in slices of `slice_every`.
    pub slices: Vec<SoakSlice>,
}

impl SoakReport {
    pub fn human_summary(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        let mib = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
        let _ = writeln!(
            out,
            "  soak: {} honest ({} churning); RSS at warm-up end ({:.0} s) {:.1} MiB, end {:.1} MiB, after warm-up {:.1}..{:.1} MiB, slope {} KiB/min ({} readings)",
            self.honest_clients,
            self.churners,
            self.warmup_seconds,
            mib(self.rss_at_warmup_end_bytes),
            mib(self.rss_end_bytes),
            mib(self.rss_min_after_warmup_bytes),
            mib(self.rss_max_after_warmup_bytes),
            self.rss_slope_kib_per_minute
                .map_or("n/a".to_string(), |slope| format!("{slope:.1}")),
            self.rss_samples.len()
        );
        if let Some(hostile) = &self.hostile {
            for (name, kind) in [
                ("flooders", &hostile.flooders),
                ("slow readers", &hostile.slow_readers),
                ("bad frames", &hostile.bad_framers),
                ("storm", &hostile.storm),
            ] {
                let _ = writeln!(
                    out,
                    "  hostile {name}: {} clients, {} joins, join failures {:?}, sent {}, acked {}, refusals {:?}, closes {:?}{}{}",
                    kind.clients,
                    kind.joins,
                    kind.join_failures,
                    kind.sent,
                    kind.acked,
                    kind.refusals,
                    kind.closes,
                    if kind.skipped > 0 { format!(", skipped {}", kind.skipped) } else { String::new() },
                    kind.seconds_to_cut.map_or(String::new(), |[min, mean, max]| format!(
                        ", cut after {min:.0}/{mean:.0}/{max:.0} s (min/mean/max)"
                    )),
                );
            }
        }
        for slice in &self.slices {
            let _ = writeln!(
                out,
                "  slice to {:>6.0} s: partials n={:<7} p50 {:>7.2} ms p99 {:>7.2} ms max {:>7.2} ms; cores server {:.2} generator {:.2} other {:.2}; RSS {:.1} MiB",
                slice.end_seconds,
                slice.partial_captions,
                slice.partial_p50_ms,
                slice.partial_p99_ms,
                slice.partial_max_ms,
                slice.server_cores,
                slice.generator_cores,
                slice.other_cores,
                mib(slice.server_rss_bytes)
            );
        }
        for (series, value) in &self.server_counters {
            let _ = writeln!(out, "  server {series} +{value}");
        }
        out
    }
}

/// Counts of one kind of hostile client, shared by its tasks.
#[derive(Default)]
struct KindCounters {
    report: Mutex<HostileKindReport>,
    cut_seconds: Mutex<Vec<f64>>,
}

impl KindCounters {
    fn with(&self, change: impl FnOnce(&mut HostileKindReport)) {
        change(
            &mut self
                .report
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        );
    }

    fn count_in(map: &mut BTreeMap<String, u64>, key: impl Into<String>) {
        *map.entry(key.into()).or_default() += 1;
    }

    fn joined(&self) {
        self.with(|report| report.joins += 1);
    }

    fn join_failed(&self, failure: &OpenFailure) {
        let key = match failure {
            OpenFailure::Handshake(reason) => format!("handshake:{reason}"),
            other => other.kind(),
        };
        self.with(|report| Self::count_in(&mut report.join_failures, key));
    }

    fn refused(&self, code: &str) {
        self.with(|report| Self::count_in(&mut report.refusals, code));
    }

    fn closed(&self, code: impl Into<String>) {
        let code = code.into();
        self.with(|report| Self::count_in(&mut report.closes, code));
    }

    fn finish(&self, clients: usize) -> HostileKindReport {
        let mut report = self
            .report
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
        report.clients = clients;
        let cuts = self
            .cut_seconds
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if !cuts.is_empty() {
            let min = cuts.iter().copied().fold(f64::INFINITY, f64::min);
            let max = cuts.iter().copied().fold(0.0, f64::max);
            let mean = cuts.iter().sum::<f64>() / cuts.len() as f64;
            report.seconds_to_cut = Some([min, mean, max]);
        }
        report
    }
}

/// What every hostile task shares.
struct Hostile {
    context: Arc<RunContext>,
    mix: HostileMix,
    run_nonce: u64,
    /// True once the window opens.
    go: watch::Receiver<bool>,
    /// True when the hostile clients must stop.
    stop: watch::Receiver<bool>,
    flooders: KindCounters,
    slow_readers: KindCounters,
    bad_framers: KindCounters,
    storm: KindCounters,
}

impl Hostile {
    fn counters(&self, kind: HostileKind) -> &KindCounters {
        match kind {
            HostileKind::Flooder => &self.flooders,
            HostileKind::SlowReader => &self.slow_readers,
            HostileKind::BadFramer => &self.bad_framers,
            HostileKind::Storm => &self.storm,
        }
    }

    fn request(
        &self,
        kind: HostileKind,
        number: usize,
        resume_secret: Option<String>,
    ) -> JoinRequest {
        let name = match kind {
            HostileKind::Flooder => "lt-flood",
            HostileKind::SlowReader => "lt-slow",
            HostileKind::BadFramer => "lt-badframe",
            HostileKind::Storm => "lt-storm",
        };
        JoinRequest {
            room: self.context.options.common.session.clone(),
            node: 0,
            role: Role::Subscriber,
            details: JoinDetails {
                name: format!("{name}-{number}"),
                // A returning hostile client restores its participant, so
                // that the roster does not grow with every reconnect.
                client_id: Some(format!("{name}-{}-{number}", self.run_nonce)),
                resume_secret,
                index: number,
                ..JoinDetails::default()
            },
        }
    }

    /// Opens and joins one hostile connection from its kind's address;
    /// slow readers ask for a small receive buffer first.
    async fn open(
        &self,
        kind: HostileKind,
        number: usize,
        resume_secret: Option<String>,
    ) -> Result<OpenedConnection, OpenFailure> {
        let server = self.context.connector.primary();
        let source = self.mix.source(kind);
        let tcp = if kind == HostileKind::SlowReader {
            connect_with_receive_buffer(server, source, self.mix.slow_reader_buffer).await
        } else {
            connect_tcp(server, Some(source)).await
        }
        .map_err(OpenFailure::Connect)?;
        let request = self.request(kind, number, resume_secret);
        let opened = self.context.connector.join_over(tcp, &request).await;
        let counters = self.counters(kind);
        match &opened {
            Ok(_) => counters.joined(),
            Err(failure) => counters.join_failed(failure),
        }
        opened
    }

    /// Opens a connection, retrying after a pause until it joins or the
    /// hostile clients stop.
    async fn open_until_stopped(
        &self,
        kind: HostileKind,
        number: usize,
        resume_secret: &mut Option<String>,
    ) -> Option<ClientSocket> {
        let mut stop = self.stop.clone();
        loop {
            if *stop.borrow() {
                return None;
            }
            if let Ok(opened) = self.open(kind, number, resume_secret.clone()).await {
                if let Some(secret) = opened.welcome.and_then(|welcome| welcome.resume_secret) {
                    *resume_secret = Some(secret);
                }
                return Some(opened.socket);
            }
            tokio::select! {
                _ = stop.changed() => return None,
                _ = tokio::time::sleep(HOSTILE_RECONNECT_DELAY) => {}
            }
        }
    }

    async fn wait_for_go(&self) -> bool {
        let mut go = self.go.clone();
        let mut stop = self.stop.clone();
        while !*go.borrow() {
            tokio::select! {
                _ = stop.changed() => return false,
                changed = go.changed() => if changed.is_err() { return false },
            }
        }
        let stopped = *stop.borrow();
        !stopped
    }

    /// Counts one frame a hostile connection read; false when the server
    /// closed the connection.
    fn read_frame(
        &self,
        kind: HostileKind,
        frame: Option<Result<Message, tokio_tungstenite::tungstenite::Error>>,
    ) -> bool {
        let counters = self.counters(kind);
        match frame {
            Some(Ok(Message::Text(text))) => {
                match framing::decode(Target::Hybridhub, text.as_str()) {
                    Incoming::Ack { .. } => counters.with(|report| report.acked += 1),
                    Incoming::Error { code, .. } => counters.refused(&code),
                    _ => {}
                }
                true
            }
            Some(Ok(Message::Close(close))) => {
                counters.closed(close.map_or("none".to_string(), |close| {
                    u16::from(close.code).to_string()
                }));
                false
            }
            Some(Err(_)) | None => {
                counters.closed("none");
                false
            }
            Some(Ok(_)) => true,
        }
    }

    /// A flooder: bursts of `chat.send` and `question.ask` past the command
    /// rate limit, reading every answer.
    async fn flooder(self: Arc<Self>, number: usize) {
        let kind = HostileKind::Flooder;
        if !self.wait_for_go().await {
            return;
        }
        let mut stop = self.stop.clone();
        let mut resume_secret = None;
        let mut sent: u64 = 0;
        'connection: while let Some(mut socket) = self
            .open_until_stopped(kind, number, &mut resume_secret)
            .await
        {
            let mut next_burst = Instant::now();
            loop {
                tokio::select! {
                    biased;
                    _ = stop.changed() => {
                        let _ = tokio::time::timeout(Duration::from_millis(500), socket.close(None)).await;
                        break 'connection;
                    }
                    _ = tokio::time::sleep_until(next_burst) => {
                        for _ in 0..self.mix.flood_burst {
                            sent += 1;
                            let frame = if sent.is_multiple_of(2) {
                                json!({"type": "chat.send", "id": format!("f{sent}"), "text": format!("flood {number}/{sent}")})
                            } else {
                                json!({"type": "question.ask", "id": format!("f{sent}"), "text": format!("flood question {number}/{sent}")})
                            };
                            if socket.feed(Message::text(frame.to_string())).await.is_err() {
                                break;
                            }
                        }
                        let flushed = socket.flush().await;
                        self.flooders.with(|report| report.sent += self.mix.flood_burst as u64);
                        if flushed.is_err() {
                            self.flooders.closed("write_failed");
                            continue 'connection;
                        }
                        next_burst += self.mix.flood_every;
                    }
                    frame = socket.next() => if !self.read_frame(kind, frame) { continue 'connection },
                }
            }
        }
    }

    /// A slow reader: joins, then never reads; pings every few seconds so
    /// that only the slow-consumer bound, not the idle timeout, can cut it.
    /// A failed write shows the cut; it then comes back.
    async fn slow_reader(self: Arc<Self>, number: usize) {
        let kind = HostileKind::SlowReader;
        if !self.wait_for_go().await {
            return;
        }
        let mut stop = self.stop.clone();
        let mut resume_secret = None;
        'connection: while let Some(mut socket) = self
            .open_until_stopped(kind, number, &mut resume_secret)
            .await
        {
            let joined_at = Instant::now();
            loop {
                tokio::select! {
                    biased;
                    _ = stop.changed() => break 'connection,
                    _ = tokio::time::sleep(SLOW_READER_PING) => {
                        self.slow_readers.with(|report| report.sent += 1);
                        if socket.send(Message::Ping(Vec::new().into())).await.is_err() {
                            self.slow_readers.closed("write_failed");
                            self.slow_readers
                                .cut_seconds
                                .lock()
                                .unwrap_or_else(|poisoned| poisoned.into_inner())
                                .push(joined_at.elapsed().as_secs_f64());
                            tokio::time::sleep(HOSTILE_RECONNECT_DELAY).await;
                            continue 'connection;
                        }
                    }
                }
            }
        }
    }

    /// A bad-frame sender: one bad frame of each kind in turn, reading
    /// every answer; a frame over the frame limit gets the connection
    /// closed (1009), and the sender comes back.
    async fn bad_framer(self: Arc<Self>, number: usize) {
        let kind = HostileKind::BadFramer;
        if !self.wait_for_go().await || self.mix.bad_frames_per_second <= 0.0 {
            return;
        }
        let interval = Duration::from_secs_f64(1.0 / self.mix.bad_frames_per_second);
        let mut stop = self.stop.clone();
        let mut resume_secret = None;
        let mut sent: usize = number;
        'connection: while let Some(mut socket) = self
            .open_until_stopped(kind, number, &mut resume_secret)
            .await
        {
            let mut next_frame = Instant::now();
            loop {
                tokio::select! {
                    biased;
                    _ = stop.changed() => {
                        let _ = tokio::time::timeout(Duration::from_millis(500), socket.close(None)).await;
                        break 'connection;
                    }
                    _ = tokio::time::sleep_until(next_frame) => {
                        sent += 1;
                        next_frame += interval;
                        self.bad_framers.with(|report| report.sent += 1);
                        if socket.send(bad_frame(sent)).await.is_err() {
                            self.bad_framers.closed("write_failed");
                            continue 'connection;
                        }
                    }
                    frame = socket.next() => if !self.read_frame(kind, frame) { continue 'connection },
                }
            }
        }
    }

    /// The reconnect storm: joins from one address at `storm_per_second`,
    /// each closed at once, cycling through a few identities.
    async fn storm(self: Arc<Self>) {
        if !self.wait_for_go().await {
            return;
        }
        let interval = Duration::from_secs_f64(1.0 / self.mix.storm_per_second);
        let slots = Arc::new(Semaphore::new(STORM_IN_FLIGHT));
        let secrets: Arc<Mutex<Vec<Option<String>>>> =
            Arc::new(Mutex::new(vec![None; STORM_IDENTITIES]));
        let mut stop = self.stop.clone();
        let mut ticker = tokio::time::interval(interval);
        let mut attempt: usize = 0;
        loop {
            tokio::select! {
                biased;
                _ = stop.changed() => break,
                _ = ticker.tick() => {
                    self.storm.with(|report| report.sent += 1);
                    let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
                        self.storm.with(|report| report.skipped += 1);
                        continue;
                    };
                    let identity = attempt % STORM_IDENTITIES;
                    attempt += 1;
                    let hostile = Arc::clone(&self);
                    let secrets = Arc::clone(&secrets);
                    tokio::spawn(async move {
                        let _slot = slot;
                        let secret = secrets.lock().unwrap_or_else(|poisoned| poisoned.into_inner())[identity].clone();
                        if let Ok(mut opened) = hostile.open(HostileKind::Storm, identity, secret).await {
                            if let Some(secret) = opened.welcome.and_then(|welcome| welcome.resume_secret) {
                                secrets.lock().unwrap_or_else(|poisoned| poisoned.into_inner())[identity] = Some(secret);
                            }
                            let _ = tokio::time::timeout(Duration::from_millis(500), opened.socket.close(None)).await;
                        }
                    });
                }
            }
        }
        // Attempts in flight end within the handshake timeout.
        let _ = tokio::time::timeout(
            self.context.options.common.handshake_timeout,
            slots.acquire_many(STORM_IN_FLIGHT as u32),
        )
        .await;
    }

    fn report(&self) -> HostileReport {
        HostileReport {
            flooders: self.flooders.finish(self.mix.flooders),
            slow_readers: self.slow_readers.finish(self.mix.slow_readers),
            bad_framers: self.bad_framers.finish(self.mix.bad_framers),
            storm: self
                .storm
                .finish(usize::from(self.mix.storm_per_second > 0.0)),
            sources: [
                HostileKind::Flooder,
                HostileKind::SlowReader,
                HostileKind::BadFramer,
                HostileKind::Storm,
            ]
            .iter()
            .map(|kind| format!("{kind:?}: {}", self.mix.source(*kind)))
            .collect(),
        }
    }
}

/// The `n`-th bad frame: each kind of malformed input in turn.
fn bad_frame(n: usize) -> Message {
    match n % 7 {
        0 => Message::text("{\"type\": \"chat.send\", \"text\": "),
        1 => Message::text("[1, 2, 3]"),
        2 => Message::text(r#"{"type":"no.such.command","id":"b"}"#),
        3 => Message::text(r#"{"type":"chat.send","id":"b"}"#),
        4 => Message::text(
            json!({"type": "chat.send", "id": "b", "text": "x".repeat(OVER_LONG_CHAT_CHARS)})
                .to_string(),
        ),
        5 => Message::binary(vec![0u8, 159, 146, 150]),
        _ => Message::text("y".repeat(OVERSIZED_FRAME_BYTES)),
    }
}

/// Opens a TCP connection from `source` with a receive buffer of about
/// `receive_buffer` bytes, so that a client that never reads stops the
/// server's writes after a few kilobytes rather than megabytes.
async fn connect_with_receive_buffer(
    server: SocketAddr,
    source: IpAddr,
    receive_buffer: u32,
) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.set_recv_buffer_size(receive_buffer)?;
    socket.bind(SocketAddr::new(source, 0))?;
    let stream = socket.connect(server).await?;
    stream.set_nodelay(true)?;
    Ok(stream)
}

/// One slice of the window: what the honest participants' partial
/// captions took, and who used the machine, in that slice alone. On a shared
/// machine this tells a quiet stretch from a disturbed one.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SoakSlice {
    /// Seconds into the window at the slice's end.
    pub end_seconds: f64,
    pub partial_captions: u64,
    pub partial_p50_ms: f64,
    pub partial_p99_ms: f64,
    pub partial_max_ms: f64,
    pub server_cores: f64,
    pub generator_cores: f64,
    /// Cores busy with anything but the server and the load generator.
    pub other_cores: f64,
    pub server_rss_bytes: u64,
}

/// The readings a slice is the difference of.
#[derive(Clone)]
struct SliceMark {
    at: Instant,
    partials: Histogram<u64>,
    server_cpu: f64,
    generator_cpu: f64,
    machine_busy: f64,
}

impl SliceMark {
    fn read(metrics: &Metrics, pids: &[u32]) -> Self {
        let partials = metrics
            .snapshot()
            .latency_by_kind
            .get(MessageKind::CaptionPartial.index())
            .map(HistogramBuckets::to_histogram)
            .unwrap_or_else(|| HistogramBuckets::default().to_histogram());
        SliceMark {
            at: Instant::now(),
            partials,
            server_cpu: procstat::sample_sum(pids).map_or(0.0, |sample| sample.cpu_seconds),
            generator_cpu: procstat::sample_self().map_or(0.0, |sample| sample.cpu_seconds),
            machine_busy: procstat::sample_machine().map_or(0.0, |sample| sample.busy_seconds),
        }
    }

    /// The slice from `self` to `later`.
    fn slice_to(&self, later: &SliceMark, window_started: Instant, rss: u64) -> SoakSlice {
        let seconds = later.at.duration_since(self.at).as_secs_f64().max(1e-9);
        let mut partials = later.partials.clone();
        // Histograms only grow, so the earlier one is always inside the later.
        let _ = partials.subtract(&self.partials);
        let summary = LatencySummary::of(&partials);
        let server = (later.server_cpu - self.server_cpu).max(0.0);
        let generator = (later.generator_cpu - self.generator_cpu).max(0.0);
        let busy = (later.machine_busy - self.machine_busy).max(0.0);
        SoakSlice {
            end_seconds: later.at.duration_since(window_started).as_secs_f64(),
            partial_captions: summary.count,
            partial_p50_ms: summary.p50_ms,
            partial_p99_ms: summary.p99_ms,
            partial_max_ms: summary.max_ms,
            server_cores: server / seconds,
            generator_cores: generator / seconds,
            other_cores: (busy - server - generator).max(0.0) / seconds,
            server_rss_bytes: rss,
        }
    }
}

/// What a [`Trail`] collected: `[seconds, RSS bytes]` readings, and slices.
type TrailReadings = (Vec<[f64; 2]>, Vec<SoakSlice>);

/// The server's RSS every `rss_every`, and a slice every `slice_every`.
struct Trail {
    samples: Arc<Mutex<TrailReadings>>,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Trail {
    fn start(
        metrics: Arc<Metrics>,
        pids: Vec<u32>,
        rss_every: Duration,
        slice_every: Duration,
        started: Instant,
    ) -> Self {
        let samples = Arc::new(Mutex::new((Vec::new(), Vec::new())));
        let (stop, mut stopped) = watch::channel(false);
        let task = {
            let samples = Arc::clone(&samples);
            tokio::spawn(async move {
                let mut rss_ticker = tokio::time::interval(rss_every);
                let mut slice_ticker = tokio::time::interval_at(started + slice_every, slice_every);
                let mut mark = SliceMark::read(&metrics, &pids);
                let mut last_rss = 0;
                loop {
                    tokio::select! {
                        _ = stopped.changed() => break,
                        _ = rss_ticker.tick() => {
                            if let Ok(reading) = procstat::sample_sum(&pids) {
                                last_rss = reading.rss_bytes;
                                samples
                                    .lock()
                                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                                    .0
                                    .push([started.elapsed().as_secs_f64(), reading.rss_bytes as f64]);
                            }
                        }
                        _ = slice_ticker.tick() => {
                            let next = SliceMark::read(&metrics, &pids);
                            let slice = mark.slice_to(&next, started, last_rss);
                            samples
                                .lock()
                                .unwrap_or_else(|poisoned| poisoned.into_inner())
                                .1
                                .push(slice);
                            mark = next;
                        }
                    }
                }
            })
        };
        Trail {
            samples,
            stop,
            task,
        }
    }

    async fn finish(self) -> TrailReadings {
        let _ = self.stop.send(true);
        let _ = self.task.await;
        std::mem::take(
            &mut *self
                .samples
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        )
    }
}

/// The slope of the least-squares line through `points` (`[x, y]`), in y
/// per x; `None` with fewer than two distinct x.
fn least_squares_slope(points: &[[f64; 2]]) -> Option<f64> {
    let count = points.len() as f64;
    if points.len() < 2 {
        return None;
    }
    let mean_x = points.iter().map(|point| point[0]).sum::<f64>() / count;
    let mean_y = points.iter().map(|point| point[1]).sum::<f64>() / count;
    let covariance: f64 = points
        .iter()
        .map(|point| (point[0] - mean_x) * (point[1] - mean_y))
        .sum();
    let variance: f64 = points.iter().map(|point| (point[0] - mean_x).powi(2)).sum();
    (variance > 0.0).then(|| covariance / variance)
}

/// Fills the RSS figures of `report` from the samples.
fn fill_rss(report: &mut SoakReport, samples: Vec<[f64; 2]>, warmup: Duration) {
    let warmup_seconds = warmup.as_secs_f64();
    let after: Vec<[f64; 2]> = samples
        .iter()
        .copied()
        .filter(|sample| sample[0] >= warmup_seconds)
        .collect();
    report.warmup_seconds = warmup_seconds;
    report.rss_at_warmup_end_bytes = after.first().map_or(0, |sample| sample[1] as u64);
    report.rss_end_bytes = samples.last().map_or(0, |sample| sample[1] as u64);
    report.rss_min_after_warmup_bytes = after
        .iter()
        .map(|sample| sample[1] as u64)
        .min()
        .unwrap_or(0);
    report.rss_max_after_warmup_bytes = after
        .iter()
        .map(|sample| sample[1] as u64)
        .max()
        .unwrap_or(0);
    // Bytes per second to KiB per minute.
    report.rss_slope_kib_per_minute =
        least_squares_slope(&after).map(|slope| slope * 60.0 / 1024.0);
    report.rss_samples = samples;
}

/// Reads the kept counters from the server's `/metrics`.
async fn read_server_counters(address: Option<SocketAddr>) -> Option<BTreeMap<String, f64>> {
    let response = admin::request(address?, "GET", "/metrics", None, None)
        .await
        .ok()?;
    (response.status == 200).then(|| parse_counters(&response.body))
}

/// The kept series of a Prometheus text exposition, by series name with
/// labels.
fn parse_counters(text: &str) -> BTreeMap<String, f64> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter(|line| SERVER_COUNTERS.iter().any(|name| line.starts_with(name)))
        .filter_map(|line| {
            let (series, value) = line.rsplit_once(' ')?;
            Some((series.to_string(), value.parse().ok()?))
        })
        .collect()
}

/// The session's current seq, from the welcome of a fresh join.
async fn head_seq(context: &RunContext) -> Result<u64, String> {
    let request = JoinRequest {
        room: context.options.common.session.clone(),
        node: 0,
        role: Role::Subscriber,
        details: JoinDetails {
            name: "lt-soak-head".to_string(),
            index: HEAD_READER_INDEX,
            ..JoinDetails::default()
        },
    };
    let mut opened = context
        .connector
        .open(HEAD_READER_INDEX, &request)
        .await
        .map_err(|failure| format!("the head reader could not join: {failure}"))?;
    let _ = tokio::time::timeout(Duration::from_millis(500), opened.socket.close(None)).await;
    Ok(opened.welcome.and_then(|welcome| welcome.seq).unwrap_or(0))
}

pub async fn run(context: &Arc<RunContext>, options: SoakOptions) -> Result<Report, String> {
    let common = &context.options.common;
    context.ensure_hybridhub_session(&common.session).await?;
    let metrics_address = match &options.metrics_address {
        Some(address) => Some(crate::net::resolve_target(address, common.allow_remote).await?),
        None => None,
    };
    let mut probe = Probe::start(context.probe_targets()).await;

    // The honest participants join.
    let churners = (common.clients as f64 * options.churn_share).round() as usize;
    let crowd = join_crowd(
        context,
        &Crowd {
            clients: common.clients,
            name_prefix: "lt-soak",
            churners,
            drops_per_second: options.drops_per_second,
            reconnect_delay: options.reconnect_delay,
        },
        &mut probe,
    )
    .await?;
    let stop_receiver = crowd.stop.subscribe();

    // The plenary's publishers.
    let (go_sender, go_receiver) = watch::channel(false);
    let mut publisher_counters = Vec::new();
    let mut publishers = Vec::new();
    let not_for_everyone = NotForEveryone::default();
    for (number, plan) in plenary::publisher_plans(context, &options.plenary)
        .await
        .into_iter()
        .enumerate()
    {
        let index = PUBLISHER_INDEX_BASE + number;
        let request = JoinRequest {
            room: common.session.clone(),
            node: 0,
            role: Role::Publisher,
            details: JoinDetails {
                name: plan.name.clone(),
                token: plan.token.clone(),
                index,
                ..JoinDetails::default()
            },
        };
        let opened = context
            .connector
            .open(index, &request)
            .await
            .map_err(|failure| format!("the publisher {} could not join: {failure}", plan.name))?;
        let raises_hands = plan
            .streams
            .iter()
            .any(|stream| stream.action == PublishAction::ToggleHand);
        let counters = Arc::new(PublisherCounters {
            acked_seqs: raises_hands.then(|| Arc::clone(&not_for_everyone)),
            ..PublisherCounters::default()
        });
        publisher_counters.push(Arc::clone(&counters));
        publishers.push(tokio::spawn(publisher::run(
            opened,
            PublisherSetup {
                plan,
                target: common.target,
                message_bytes: common.message_bytes,
                metrics: Arc::clone(&context.metrics),
                counters,
                go: go_receiver.clone(),
                publish_for: common.duration,
                stop: stop_receiver.clone(),
            },
        )));
    }

    // The hostile clients wait for the window.
    let (hostile_stop_sender, hostile_stop_receiver) = watch::channel(false);
    let hostile = Arc::new(Hostile {
        context: Arc::clone(context),
        mix: options.hostile.clone(),
        run_nonce: wall_clock_micros(),
        go: go_receiver.clone(),
        stop: hostile_stop_receiver,
        flooders: KindCounters::default(),
        slow_readers: KindCounters::default(),
        bad_framers: KindCounters::default(),
        storm: KindCounters::default(),
    });
    let mut hostile_tasks = Vec::new();
    for number in 0..options.hostile.flooders {
        hostile_tasks.push(tokio::spawn(Arc::clone(&hostile).flooder(number)));
    }
    for number in 0..options.hostile.slow_readers {
        hostile_tasks.push(tokio::spawn(Arc::clone(&hostile).slow_reader(number)));
    }
    for number in 0..options.hostile.bad_framers {
        hostile_tasks.push(tokio::spawn(Arc::clone(&hostile).bad_framer(number)));
    }
    if options.hostile.storm_per_second > 0.0 {
        hostile_tasks.push(tokio::spawn(Arc::clone(&hostile).storm()));
    }

    // The window.
    let counters_before = read_server_counters(metrics_address).await;
    if metrics_address.is_some() && counters_before.is_none() {
        context.note("the server's /metrics could not be read at the window's start");
    }
    probe.mark_window_start().await;
    let window_started = Instant::now();
    let trail = Trail::start(
        Arc::clone(&context.metrics),
        common.server_pids.clone(),
        options.rss_every,
        options.slice_every,
        window_started,
    );
    let _ = go_sender.send(true);
    let _ = crowd.drops.send(true);
    tokio::time::sleep(common.duration).await;
    let _ = crowd.drops.send(false);
    let _ = hostile_stop_sender.send(true);
    for task in hostile_tasks {
        let _ = tokio::time::timeout(common.handshake_timeout, task).await;
    }
    let publishing_deadline = Instant::now() + Duration::from_secs(3);
    while Instant::now() < publishing_deadline
        && !publisher_counters
            .iter()
            .all(|counters| counters.finished_publishing.load(Ordering::Relaxed))
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // The last answers and events settle before the head is read.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let final_seq = head_seq(context).await?;
    crowd.catch_up(context, final_seq).await;
    let window_seconds = window_started.elapsed().as_secs_f64();
    probe.mark_window_end().await;
    let (rss_samples, slices) = trail.finish().await;
    let counters_after = read_server_counters(metrics_address).await;
    let connect_seconds = crowd.connect_seconds;
    let churn = crowd.finish(context, final_seq, &not_for_everyone).await;
    for publisher in publishers {
        let _ = tokio::time::timeout(Duration::from_secs(5), publisher).await;
    }

    let mut report = context.base_report();
    super::fill_connect_and_errors(context, &mut report, connect_seconds);
    let delivered = Metrics::read(&context.metrics.deliveries);
    let accepted: u64 = publisher_counters
        .iter()
        .map(|counters| counters.accepted_messages())
        .sum();
    let expected = accepted * report.connect.joined;
    super::fill_deliveries(&mut report, expected, delivered, window_seconds);
    report.latency = context.metrics.latency_summaries();
    let problems = probe.problems.clone();
    let measured = probe
        .finish(report.connect.joined, delivered, window_seconds)
        .await;
    super::fill_from_probe(context, &mut report, measured);
    report.notes.extend(problems);
    report.notes.push(
        "latency and deliveries are the honest participants' only; a churning participant misses the \
         partial captions (not durable) sent while it is away, so delivered is below expected"
            .to_string(),
    );
    report.churn = Some(churn);
    plenary::insert_parameters(&mut report, &options.plenary);
    for (name, value) in [
        ("churn_share", json!(options.churn_share)),
        ("drops_per_second", json!(options.drops_per_second)),
        ("hostile", json!(options.hostile.is_on())),
        ("warmup_seconds", json!(options.warmup.as_secs_f64())),
        ("rss_every_seconds", json!(options.rss_every.as_secs_f64())),
    ] {
        report.parameters.insert(name.to_string(), value);
    }
    let mut soak = SoakReport {
        honest_clients: report.connect.joined,
        churners: churners as u64,
        hostile: options.hostile.is_on().then(|| hostile.report()),
        ..SoakReport::default()
    };
    fill_rss(&mut soak, rss_samples, options.warmup);
    soak.slices = slices;
    if let (Some(before), Some(after)) = (counters_before, counters_after) {
        soak.server_counters = after
            .into_iter()
            .map(|(series, value)| {
                let change = value - before.get(&series).copied().unwrap_or(0.0);
                (series, change)
            })
            .filter(|(_, change)| *change != 0.0)
            .collect();
    }
    report.soak = Some(soak);
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slope_of_a_line_is_found_and_a_flat_trail_is_zero() {
        let rising: Vec<[f64; 2]> = (0..10).map(|x| [x as f64, 3.0 * x as f64 + 7.0]).collect();
        assert!((least_squares_slope(&rising).unwrap() - 3.0).abs() < 1e-9);
        let flat: Vec<[f64; 2]> = (0..10).map(|x| [x as f64, 5.0]).collect();
        assert_eq!(least_squares_slope(&flat), Some(0.0));
        assert_eq!(least_squares_slope(&[[1.0, 1.0]]), None);
    }

    #[test]
    fn rss_after_the_warmup_is_what_counts() {
        // 1 MiB per minute after a warm-up of 60 s that jumped by 100 MiB.
        let mib = 1024.0 * 1024.0;
        let samples: Vec<[f64; 2]> = (0..=20)
            .map(|step| {
                let seconds = step as f64 * 10.0;
                let rss = if seconds < 60.0 {
                    mib * seconds
                } else {
                    100.0 * mib + mib * (seconds - 60.0) / 60.0
                };
                [seconds, rss]
            })
            .collect();
        let mut report = SoakReport::default();
        fill_rss(&mut report, samples, Duration::from_secs(60));
        assert_eq!(report.rss_at_warmup_end_bytes, (100.0 * mib) as u64);
        assert!((report.rss_slope_kib_per_minute.unwrap() - 1024.0).abs() < 1e-6);
        assert_eq!(report.rss_samples.len(), 21);
    }

    #[test]
    fn only_the_kept_server_counters_are_read() {
        let text = "# HELP hybridhub_rate_limit_hits_total x\n\
                    hybridhub_rate_limit_hits_total{limit=\"commands\"} 12\n\
                    hybridhub_command_refusals_total{code=\"bad_json\"} 3\n\
                    hybridhub_sessions{state=\"live\"} 1\n";
        let counters = parse_counters(text);
        assert_eq!(counters.len(), 2);
        assert_eq!(
            counters["hybridhub_rate_limit_hits_total{limit=\"commands\"}"],
            12.0
        );
    }

    #[test]
    fn every_kind_of_bad_frame_comes_in_turn() {
        let frames: Vec<Message> = (0..7).map(bad_frame).collect();
        assert!(frames.iter().any(|frame| frame.is_binary()));
        assert!(frames.iter().any(|frame| frame.len() > 64 * 1024));
        assert_eq!(frames.iter().filter(|frame| frame.is_text()).count(), 6);
    }

    #[test]
    fn hostile_sources_must_stay_clear_of_the_honest_ones() {
        let mut options = RunOptions::new(
            ScenarioOptions::Soak(SoakOptions::standard()),
            Target::Hybridhub,
            "127.0.0.1:1",
        );
        options.common.duration = Duration::from_secs(1800);
        let ScenarioOptions::Soak(soak) = &mut options.scenario else {
            unreachable!()
        };
        soak.hostile = HostileMix::standard();
        assert!(options.validate().is_ok());
        options.common.source_addresses = 250;
        assert!(options.validate().is_err());
        options.common.source_addresses = 32;
        options.common.duration = MAX_SOAK_DURATION + Duration::from_secs(1);
        assert!(options.validate().is_err());
    }
    use crate::options::RunOptions;
}
