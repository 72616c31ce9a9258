//! Counters and latency histograms shared by every connection of a run.
//!
//! Counters are atomics. Latencies go into HdrHistograms split into a few
//! shards, each behind its own mutex, so that thousands of connection tasks
//! on a handful of threads rarely wait for each other; the shards are merged
//! when the report is written.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use hdrhistogram::Histogram;
use serde::{Deserialize, Serialize};

use crate::payload::MessageKind;

const HISTOGRAM_SHARDS: usize = 8;

/// Latencies are recorded in microseconds, from 1 µs to 10 minutes, with
/// three significant digits.
const HIGHEST_TRACKABLE_MICROS: u64 = 600_000_000;

/// An HdrHistogram of microseconds, sharded to keep lock contention low.
pub struct LatencyHistogram {
    shards: Vec<Mutex<Histogram<u64>>>,
}

impl Default for LatencyHistogram {
    fn default() -> Self {
        Self::new()
    }
}

impl LatencyHistogram {
    pub fn new() -> Self {
        let shards = (0..HISTOGRAM_SHARDS)
            .map(|_| {
                Mutex::new(
                    Histogram::new_with_bounds(1, HIGHEST_TRACKABLE_MICROS, 3)
                        .expect("histogram bounds are valid"),
                )
            })
            .collect();
        LatencyHistogram { shards }
    }

    /// Records one latency. `shard_hint` is any number that differs between
    /// connections, such as the connection index.
    pub fn record(&self, shard_hint: usize, micros: u64) {
        let shard = &self.shards[shard_hint % self.shards.len()];
        let mut histogram = shard
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        histogram.saturating_record(micros.max(1));
    }

    /// Adds every value of `other` (a histogram of the same bounds, such as
    /// one another process recorded).
    pub fn add(&self, other: &Histogram<u64>) {
        let mut histogram = self.shards[0]
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        histogram.add(other).expect("histograms share their bounds");
    }

    /// All shards merged into one histogram.
    pub fn merged(&self) -> Histogram<u64> {
        let mut merged = Histogram::new_with_bounds(1, HIGHEST_TRACKABLE_MICROS, 3)
            .expect("histogram bounds are valid");
        for shard in &self.shards {
            let histogram = shard
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            merged
                .add(&*histogram)
                .expect("histograms share their bounds");
        }
        merged
    }
}

/// A latency histogram in a form that travels as JSON between generator
/// processes: each recorded bucket as `[value, count]`, where the value is
/// the highest of its bucket, so that recording it again lands in the same
/// bucket and the histogram is rebuilt exactly.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct HistogramBuckets(pub Vec<[u64; 2]>);

impl HistogramBuckets {
    pub fn of(histogram: &Histogram<u64>) -> Self {
        HistogramBuckets(
            histogram
                .iter_recorded()
                .map(|bucket| [bucket.value_iterated_to(), bucket.count_at_value()])
                .collect(),
        )
    }

    pub fn to_histogram(&self) -> Histogram<u64> {
        let mut histogram = Histogram::new_with_bounds(1, HIGHEST_TRACKABLE_MICROS, 3)
            .expect("histogram bounds are valid");
        for [value, count] in &self.0 {
            histogram.saturating_record_n(*value, *count);
        }
        histogram
    }
}

/// Everything the subscribers of one generator process counted, to be
/// added into the metrics of the process that writes the report.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MetricsSnapshot {
    pub connections_attempted: u64,
    pub connections_joined: u64,
    pub connections_failed: u64,
    pub deliveries: u64,
    pub error_frames: u64,
    pub disconnects: u64,
    pub unparseable_frames: u64,
    pub presence_frames: u64,
    pub failures_by_kind: BTreeMap<String, u64>,
    pub error_codes: BTreeMap<String, u64>,
    /// By message kind, in [`MessageKind::ALL`] order.
    pub latency_by_kind: Vec<HistogramBuckets>,
    pub join_latency: HistogramBuckets,
    pub latency_by_node: Vec<HistogramBuckets>,
    pub joined_by_node: Vec<u64>,
}

/// Percentiles of a latency histogram, in milliseconds.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct LatencySummary {
    pub count: u64,
    pub mean_ms: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub p999_ms: f64,
    pub max_ms: f64,
}

impl LatencySummary {
    pub fn of(histogram: &Histogram<u64>) -> Self {
        if histogram.is_empty() {
            return LatencySummary::default();
        }
        let milliseconds = |micros: u64| micros as f64 / 1000.0;
        LatencySummary {
            count: histogram.len(),
            mean_ms: histogram.mean() / 1000.0,
            p50_ms: milliseconds(histogram.value_at_quantile(0.50)),
            p99_ms: milliseconds(histogram.value_at_quantile(0.99)),
            p999_ms: milliseconds(histogram.value_at_quantile(0.999)),
            max_ms: milliseconds(histogram.max()),
        }
    }
}

/// Everything counted during a run.
#[derive(Default)]
pub struct Metrics {
    pub connections_attempted: AtomicU64,
    pub connections_joined: AtomicU64,
    pub connections_failed: AtomicU64,
    /// Measured messages sent by publishers.
    pub published: AtomicU64,
    /// Publisher actions that are not measured messages (hand raise/lower).
    pub other_actions: AtomicU64,
    /// Error frames received by publishers, which mean a publish was refused.
    pub publish_rejected: AtomicU64,
    pub acks: AtomicU64,
    /// Measured messages received by subscribers.
    pub deliveries: AtomicU64,
    /// Error frames received by anyone after joining.
    pub error_frames: AtomicU64,
    /// Connections the server closed (or that failed) before the run ended.
    pub disconnects: AtomicU64,
    /// Frames the load generator could not parse.
    pub unparseable_frames: AtomicU64,
    pub presence_frames: AtomicU64,
    failures_by_kind: Mutex<BTreeMap<String, u64>>,
    error_codes: Mutex<BTreeMap<String, u64>>,
    latency_by_kind: [LatencyHistogram; 3],
    join_latency: LatencyHistogram,
    /// Latency by the node the subscriber is on (node 0 is the publishers'),
    /// when the run has several servers; empty otherwise.
    latency_by_node: Vec<LatencyHistogram>,
    /// Joined connections by node, when the run has several servers.
    joined_by_node: Vec<AtomicU64>,
}

impl Metrics {
    pub fn new() -> Self {
        Self::default()
    }

    /// Metrics that also split latency and joins by node, for a run against
    /// `nodes` servers.
    pub fn for_nodes(nodes: usize) -> Self {
        Metrics {
            latency_by_node: (0..nodes).map(|_| LatencyHistogram::new()).collect(),
            joined_by_node: (0..nodes).map(|_| AtomicU64::new(0)).collect(),
            ..Self::default()
        }
    }

    /// Adds one to a counter.
    pub fn count(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Reads a counter.
    pub fn read(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }

    pub fn record_connection_failure(&self, kind: String) {
        Self::count(&self.connections_failed);
        let mut failures = self
            .failures_by_kind
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *failures.entry(kind).or_default() += 1;
    }

    /// Records a join of a connection on `node`.
    pub fn record_join(&self, shard_hint: usize, node: usize, join_micros: u64) {
        Self::count(&self.connections_joined);
        self.join_latency.record(shard_hint, join_micros);
        if let Some(joined) = self.joined_by_node.get(node) {
            Self::count(joined);
        }
    }

    /// Records a measured message received by a subscriber on `node`.
    pub fn record_delivery(
        &self,
        shard_hint: usize,
        node: usize,
        kind: MessageKind,
        latency_micros: u64,
    ) {
        Self::count(&self.deliveries);
        self.latency_by_kind[kind.index()].record(shard_hint, latency_micros);
        if let Some(histogram) = self.latency_by_node.get(node) {
            histogram.record(shard_hint, latency_micros);
        }
    }

    pub fn record_error_frame(&self, code: &str) {
        Self::count(&self.error_frames);
        let mut codes = self
            .error_codes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *codes.entry(code.to_string()).or_default() += 1;
    }

    pub fn failures_by_kind(&self) -> BTreeMap<String, u64> {
        self.failures_by_kind
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    pub fn error_codes(&self) -> BTreeMap<String, u64> {
        self.error_codes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Latency of each message kind that was received at least once, plus
    /// `all` for every kind together.
    pub fn latency_summaries(&self) -> BTreeMap<String, LatencySummary> {
        let mut summaries = BTreeMap::new();
        let mut all = Histogram::new_with_bounds(1, HIGHEST_TRACKABLE_MICROS, 3)
            .expect("histogram bounds are valid");
        for kind in MessageKind::ALL {
            let histogram = self.latency_by_kind[kind.index()].merged();
            if !histogram.is_empty() {
                summaries.insert(kind.name().to_string(), LatencySummary::of(&histogram));
                all.add(&histogram).expect("histograms share their bounds");
            }
        }
        summaries.insert("all".to_string(), LatencySummary::of(&all));
        summaries
    }

    pub fn join_latency_summary(&self) -> LatencySummary {
        LatencySummary::of(&self.join_latency.merged())
    }

    /// Latency on each node, in node order (empty for a single-server run).
    pub fn node_latency_summaries(&self) -> Vec<LatencySummary> {
        self.latency_by_node
            .iter()
            .map(|histogram| LatencySummary::of(&histogram.merged()))
            .collect()
    }

    /// Latency of subscribers on the publishers' node (node 0), and on every
    /// other node together: the time from a command on node A to its event
    /// at a client of node B.
    pub fn same_and_cross_node_latency(&self) -> (LatencySummary, LatencySummary) {
        let mut nodes = self.latency_by_node.iter();
        let same = nodes
            .next()
            .map(|histogram| LatencySummary::of(&histogram.merged()))
            .unwrap_or_default();
        let mut cross = Histogram::new_with_bounds(1, HIGHEST_TRACKABLE_MICROS, 3)
            .expect("histogram bounds are valid");
        for histogram in nodes {
            cross
                .add(histogram.merged())
                .expect("histograms share their bounds");
        }
        (same, LatencySummary::of(&cross))
    }

    /// Joined connections on each node, in node order.
    pub fn joined_by_node(&self) -> Vec<u64> {
        self.joined_by_node.iter().map(Self::read).collect()
    }

    /// The subscriber side of these metrics (publishers' counters are left
    /// out: only the process that writes the report has publishers).
    pub fn snapshot(&self) -> MetricsSnapshot {
        MetricsSnapshot {
            connections_attempted: Self::read(&self.connections_attempted),
            connections_joined: Self::read(&self.connections_joined),
            connections_failed: Self::read(&self.connections_failed),
            deliveries: Self::read(&self.deliveries),
            error_frames: Self::read(&self.error_frames),
            disconnects: Self::read(&self.disconnects),
            unparseable_frames: Self::read(&self.unparseable_frames),
            presence_frames: Self::read(&self.presence_frames),
            failures_by_kind: self.failures_by_kind(),
            error_codes: self.error_codes(),
            latency_by_kind: MessageKind::ALL
                .iter()
                .map(|kind| HistogramBuckets::of(&self.latency_by_kind[kind.index()].merged()))
                .collect(),
            join_latency: HistogramBuckets::of(&self.join_latency.merged()),
            latency_by_node: self
                .latency_by_node
                .iter()
                .map(|histogram| HistogramBuckets::of(&histogram.merged()))
                .collect(),
            joined_by_node: self.joined_by_node(),
        }
    }

    /// Adds what another process counted: counters are summed and
    /// histograms merged bucket by bucket, so that percentiles are those of
    /// every latency together.
    pub fn absorb(&self, other: &MetricsSnapshot) {
        let add = |counter: &AtomicU64, amount: u64| {
            counter.fetch_add(amount, Ordering::Relaxed);
        };
        add(&self.connections_attempted, other.connections_attempted);
        add(&self.connections_joined, other.connections_joined);
        add(&self.connections_failed, other.connections_failed);
        add(&self.deliveries, other.deliveries);
        add(&self.error_frames, other.error_frames);
        add(&self.disconnects, other.disconnects);
        add(&self.unparseable_frames, other.unparseable_frames);
        add(&self.presence_frames, other.presence_frames);
        let merge = |into: &Mutex<BTreeMap<String, u64>>, from: &BTreeMap<String, u64>| {
            let mut into = into.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            for (key, count) in from {
                *into.entry(key.clone()).or_default() += count;
            }
        };
        merge(&self.failures_by_kind, &other.failures_by_kind);
        merge(&self.error_codes, &other.error_codes);
        for (kind, buckets) in MessageKind::ALL.iter().zip(&other.latency_by_kind) {
            self.latency_by_kind[kind.index()].add(&buckets.to_histogram());
        }
        self.join_latency.add(&other.join_latency.to_histogram());
        for (histogram, buckets) in self.latency_by_node.iter().zip(&other.latency_by_node) {
            histogram.add(&buckets.to_histogram());
        }
        for (joined, count) in self.joined_by_node.iter().zip(&other.joined_by_node) {
            add(joined, *count);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_merge_shards_and_kinds() {
        let metrics = Metrics::new();
        for index in 0..1000u64 {
            metrics.record_delivery(index as usize, 0, MessageKind::Chat, 1000 + index);
        }
        metrics.record_delivery(3, 0, MessageKind::CaptionPartial, 50_000);
        let summaries = metrics.latency_summaries();
        assert_eq!(summaries["chat"].count, 1000);
        assert_eq!(summaries["all"].count, 1001);
        assert!((summaries["chat"].p50_ms - 1.5).abs() < 0.01);
        assert!((summaries["all"].max_ms - 50.0).abs() < 0.1);
        assert!(!summaries.contains_key("caption_final"));
        assert_eq!(Metrics::read(&metrics.deliveries), 1001);
        assert!(metrics.node_latency_summaries().is_empty());
    }

    #[test]
    fn histogram_buckets_rebuild_the_same_histogram() {
        let histogram = LatencyHistogram::new();
        for micros in [1, 999, 1_000, 1_001, 12_345, 12_345, 987_654, 599_000_000] {
            histogram.record(micros as usize, micros);
        }
        let merged = histogram.merged();
        let rebuilt = HistogramBuckets::of(&merged).to_histogram();
        assert_eq!(rebuilt.len(), merged.len());
        for quantile in [0.0, 0.25, 0.5, 0.75, 0.99, 0.999, 1.0] {
            assert_eq!(
                rebuilt.value_at_quantile(quantile),
                merged.value_at_quantile(quantile)
            );
        }
        assert_eq!(rebuilt.max(), merged.max());
    }

    #[test]
    fn absorbed_snapshots_merge_histograms_not_percentiles() {
        // One process saw 900 fast deliveries, another 100 slow ones: the
        // merged p50 is fast and the p99 slow, which no average of the two
        // processes' percentiles would give.
        let lead = Metrics::for_nodes(2);
        let other = Metrics::for_nodes(2);
        for index in 0..900usize {
            lead.record_delivery(index, index % 2, MessageKind::Chat, 1_000);
            lead.record_join(index, index % 2, 500);
        }
        for index in 0..100usize {
            other.record_delivery(index, 1, MessageKind::Chat, 100_000);
            other.record_join(index, 1, 500);
        }
        other.record_connection_failure("timeout".to_string());
        other.record_error_frame("rate_limited");
        let snapshot: MetricsSnapshot =
            serde_json::from_str(&serde_json::to_string(&other.snapshot()).unwrap()).unwrap();
        lead.absorb(&snapshot);
        let chat = &lead.latency_summaries()["chat"];
        assert_eq!(chat.count, 1_000);
        assert!((chat.p50_ms - 1.0).abs() < 0.01, "{chat:?}");
        assert!((chat.p99_ms - 100.0).abs() < 0.1, "{chat:?}");
        assert_eq!(Metrics::read(&lead.deliveries), 1_000);
        assert_eq!(Metrics::read(&lead.connections_joined), 1_000);
        assert_eq!(lead.join_latency_summary().count, 1_000);
        assert_eq!(lead.joined_by_node(), vec![450, 550]);
        let (same, cross) = lead.same_and_cross_node_latency();
        assert_eq!((same.count, cross.count), (450, 550));
        assert_eq!(lead.failures_by_kind()["timeout"], 1);
        assert_eq!(lead.error_codes()["rate_limited"], 1);
        assert_eq!(Metrics::read(&lead.error_frames), 1);
    }

    #[test]
    fn latency_splits_into_the_publishers_node_and_the_others() {
        let metrics = Metrics::for_nodes(3);
        for index in 0..300usize {
            let node = index % 3;
            let micros = if node == 0 { 1_000 } else { 5_000 };
            metrics.record_delivery(index, node, MessageKind::Chat, micros);
            metrics.record_join(index, node, 100);
        }
        let (same, cross) = metrics.same_and_cross_node_latency();
        assert_eq!((same.count, cross.count), (100, 200));
        assert!((same.p99_ms - 1.0).abs() < 0.01);
        assert!((cross.p50_ms - 5.0).abs() < 0.01);
        assert_eq!(metrics.joined_by_node(), vec![100, 100, 100]);
        assert_eq!(metrics.latency_summaries()["all"].count, 300);
    }
}
