//! The report of one run: JSON for machines, a short summary for people.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

pub use crate::framing::PollCounts;
use crate::metrics::LatencySummary;
use crate::nats::NatsCounts;

/// The connect and join phase.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectReport {
    pub attempted: u64,
    pub joined: u64,
    pub failed: u64,
    pub failures_by_kind: BTreeMap<String, u64>,
    /// From the first connection attempt to the last join (or failure).
    pub seconds: f64,
    pub joins_per_second: f64,
    /// From the start of one connection attempt to its welcome (or, for raw
    /// targets, its open WebSocket).
    pub join_latency: LatencySummary,
    pub source_addresses: usize,
}

/// Measured messages.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MessageReport {
    pub published: u64,
    pub publish_rejected: u64,
    pub other_actions: u64,
    pub acks: u64,
    /// Accepted publishes times the subscribers that should receive each.
    pub expected_deliveries: u64,
    pub delivered: u64,
    pub delivery_ratio: f64,
    /// From the first publish to the end of the drain.
    pub window_seconds: f64,
    pub delivered_per_second: f64,
}

/// Errors and disconnects after joining.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ErrorReport {
    pub error_frames: u64,
    pub error_codes: BTreeMap<String, u64>,
    pub disconnects: u64,
    pub unparseable_frames: u64,
}

/// The measured server process, or the sum over several (every node of a
/// cluster and its nats-server).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ServerReport {
    /// The first measured process.
    pub pid: u32,
    /// Every measured process, when there are several; the figures below are sums.
    pub pids: Vec<u32>,
    /// CPU seconds (user + system) used while the clients connected and joined.
    pub connect_cpu_seconds: f64,
    /// CPU seconds (user + system) used during the message window.
    pub cpu_seconds: f64,
    /// The part of `cpu_seconds` spent in the kernel (on loopback, mostly TCP).
    pub system_cpu_seconds: f64,
    /// `cpu_seconds / window_seconds`: 1.0 is one core fully busy.
    pub cpu_cores_busy: f64,
    pub deliveries_per_cpu_second: f64,
    pub rss_before_clients_bytes: u64,
    pub rss_idle_bytes: u64,
    pub rss_end_bytes: u64,
    pub rss_peak_bytes: u64,
    /// (idle RSS − RSS before clients) / joined connections.
    pub idle_memory_per_connection_bytes: f64,
    /// The CPUs the (first) server process may run on, as
    /// `/proc/<pid>/status` lists them ("0-1"; "0" when pinned to CPU 0).
    pub cpus_allowed: String,
}

/// The load generator itself, which shares the machine with the server.
/// With several generator processes (`--processes`), CPU and RSS are sums
/// over all of them; worker threads and the file limit are per process.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LoadGeneratorReport {
    pub cpu_seconds: f64,
    pub cpu_cores_busy: f64,
    pub rss_end_bytes: u64,
    pub worker_threads: usize,
    pub file_descriptor_limit: u64,
    /// Generator processes that shared the clients (0 in reports from
    /// before there could be several: one).
    pub processes: usize,
    /// The CPUs the load generator may run on ("1" when pinned to CPU 1).
    pub cpus_allowed: String,
}

impl Report {
    /// Where the server and the load generator ran: "pinned: server on CPU
    /// 0, load generator on CPU 1" when their CPU sets differ, "unpinned"
    /// when they share them; empty when the report does not say (no server
    /// pid, or a report from before this was recorded).
    pub fn cpu_placement(&self) -> String {
        let generator = &self.load_generator.cpus_allowed;
        let server = self
            .server
            .as_ref()
            .map(|server| server.cpus_allowed.as_str())
            .unwrap_or_default();
        if server.is_empty() || generator.is_empty() {
            String::new()
        } else if server == generator {
            format!("unpinned: server and load generator share CPUs {server}")
        } else {
            format!("pinned: server on CPUs {server}, load generator on CPUs {generator}")
        }
    }
}

/// The whole machine during the message window: these machines are shared,
/// so a run is only worth comparing when the rest of the machine was quiet.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MachineReport {
    pub cores: usize,
    /// Cores busy on average, all processes together.
    pub busy_cores: f64,
    /// Cores busy with anything but the server and the load generator
    /// (other processes, and kernel work not charged to either).
    pub other_busy_cores: f64,
}

/// The traffic through the cluster's nats-server, from `/varz`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct NatsTrafficReport {
    /// The monitoring endpoint read.
    pub monitor: String,
    /// While the clients connected and joined (every join is a command in the log).
    pub connect: NatsCounts,
    /// Over the message window.
    pub window: NatsCounts,
    /// The idle reading before the window: its length, and what went through
    /// NATS meanwhile (heartbeats, timer ticks).
    pub baseline_seconds: f64,
    pub baseline: NatsCounts,
    /// Commands sent in the window: measured messages and other actions.
    pub commands: u64,
    /// Window messages (in + out) per command, and bytes.
    pub messages_per_command: f64,
    pub bytes_per_command: f64,
    /// The same after taking away the background rate of the baseline over
    /// the window's length; equal to the above without a baseline.
    pub net_in_messages_per_command: f64,
    pub net_out_messages_per_command: f64,
    pub net_messages_per_command: f64,
    pub net_bytes_per_command: f64,
    /// Connect-phase messages (in + out) per joined connection.
    pub messages_per_join: f64,
}

/// A run against several nodes of one hybridhub cluster, or against a node
/// in cluster mode (with a nats-server to measure).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterReport {
    /// The nodes, in node order; the publishers joined the first.
    pub servers: Vec<String>,
    /// Joined subscribers on each node.
    pub joined_per_server: Vec<u64>,
    /// Latency of subscribers on the publishers' node.
    pub same_node_latency: LatencySummary,
    /// Latency of subscribers on every other node: from the command on the
    /// first node to the event at a client of another.
    pub cross_node_latency: LatencySummary,
    /// Latency on each node, in node order.
    pub latency_per_server: Vec<LatencySummary>,
    /// The nats-server process, measured on its own too (its figures are
    /// also in `server`).
    pub nats_pid: Option<u32>,
    pub nats_cpu_seconds: f64,
    pub nats_rss_end_bytes: u64,
    pub nats: Option<NatsTrafficReport>,
}

/// `join-storm` extras.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct JoinStormReport {
    pub seconds_until_all_welcomed: f64,
    pub presence_frames_total: u64,
    pub presence_frames_per_connection_min: u64,
    pub presence_frames_per_connection_mean: f64,
    pub presence_frames_per_connection_max: u64,
    /// The participant count in each connection's last presence frame.
    pub last_presence_participants_min: u64,
    pub last_presence_participants_max: u64,
}

/// `churn` extras.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ChurnReport {
    pub drops: u64,
    pub resumes: u64,
    /// Welcomes after a resume that said `resumed: false`.
    pub resume_refused: u64,
    /// Reconnections that failed outright.
    pub reconnect_failures: u64,
    /// Durable events skipped (seq jumped past last + 1), summed over participants.
    pub gaps: u64,
    /// Durable events seen twice or out of order (seq ≤ last seen).
    pub duplicates: u64,
    /// Durable events up to the final seq that a participant never saw.
    pub missing_at_end: u64,
    pub final_seq: u64,
    pub participants_checked: u64,
    /// From the drop to the welcome of the resumed connection.
    pub reconnect_latency: LatencySummary,
}

/// Failover (`--kill-node-after`): one node killed during the window, its
/// subscribers resumed on another (see `scenario::failover`).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FailoverReport {
    pub killed_node: usize,
    pub killed_server: String,
    pub killed_pid: u32,
    /// Seconds from the window's start to the kill.
    pub killed_after_seconds: f64,
    /// The killed node's RSS just before the kill.
    pub killed_node_rss_bytes: u64,
    pub kill_error: Option<String>,
    pub subscribers_on_killed_node: u64,
    /// Subscribers whose seq stream was followed (every joined one).
    pub subscribers_followed: u64,
    /// Connections closed before the run ended (all subscribers and publishers).
    pub disconnects: u64,
    pub resumed: u64,
    /// Resumed welcomes that said `resumed: false`.
    pub resume_refused: u64,
    /// Subscribers that found no node to resume on before the run ended
    /// (or within 60 s).
    pub resume_failed: u64,
    /// Durable events skipped, summed over subscribers.
    pub gaps: u64,
    /// Durable events seen twice, summed over subscribers.
    pub duplicates: u64,
    /// The last seq a publisher had acknowledged.
    pub final_seq: u64,
    /// Durable events up to `final_seq` that a subscriber never saw.
    pub missing_at_end: u64,
    /// From a subscriber seeing its connection close to the resumed welcome.
    pub resume_to_welcome: LatencySummary,
    /// From the close to the first measured message after the welcome.
    pub resume_to_first_delivery: LatencySummary,
    /// From the kill to the last resumed welcome, over every subscriber.
    pub seconds_from_kill_to_last_resume: f64,
}

/// What the moderator, or the room display, saw of a show of hands.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TallyObserverReport {
    /// `poll.tally` frames of the show of hands received.
    pub tallies: u64,
    /// The counts of the last of them.
    pub last_tally: Option<PollCounts>,
    /// The trail: for the k-th acknowledged answer (in the order the acks
    /// arrived), the time from its ack to the first tally here with
    /// `answered >= k`. A tally that arrived before the ack counts as 0.
    pub trail: LatencySummary,
    /// The same for the last acknowledged answer: how long after the last
    /// ack this screen showed a count that includes it.
    pub trail_of_last_answer_ms: Option<f64>,
    /// Acknowledged answers that no tally here ever counted (the trail
    /// leaves them out).
    pub answers_never_counted: u64,
    /// Acknowledged answers whose count arrived here before their ack.
    pub counted_before_ack: u64,
    /// The time between consecutive tallies (the server sends at most one
    /// per tally period).
    pub tally_interval: LatencySummary,
    /// The final tally (`poll.results`, after `poll.close`).
    pub final_results: Option<PollCounts>,
}

/// `show-of-hands` extras.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ShowOfHandsReport {
    pub poll: u64,
    /// The window the answers were spread over.
    pub answer_window_seconds: f64,
    /// The share of participants asked to raise a hand.
    pub raise_share: f64,
    /// Joined participants (each answers once).
    pub participants: u64,
    pub answers_sent: u64,
    pub answers_acked: u64,
    pub answers_refused: u64,
    /// Answers neither acknowledged nor refused when the run stopped.
    pub answers_unanswered: u64,
    /// Per option (0: raise_hand, 1: do_not_raise_hand): answers sent, and
    /// answers acknowledged.
    pub sent_per_option: Vec<u64>,
    pub acked_per_option: Vec<u64>,
    /// From sending an answer to its ack.
    pub answer_ack_latency: LatencySummary,
    /// From `poll.opened` at the moderator to the last ack.
    pub seconds_to_last_ack: f64,
    pub moderator: TallyObserverReport,
    pub display: TallyObserverReport,
    /// `poll.tally` frames received by all participants together (results
    /// are live, so every participant receives them).
    pub tallies_at_participants: u64,
    /// Every participant joined and answered, every answer was
    /// acknowledged, and the last tally at the moderator and at the
    /// display, and the final results, count each of them under the option
    /// it chose.
    pub every_answer_counted: bool,
}

/// One run.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Report {
    pub tool: String,
    pub scenario: String,
    pub target: String,
    pub server_address: String,
    pub session: String,
    pub clients: usize,
    pub duration_seconds: f64,
    pub started_at_unix: u64,
    pub parameters: BTreeMap<String, serde_json::Value>,
    pub connect: ConnectReport,
    pub messages: MessageReport,
    /// Latency by message kind (`chat`, `caption_partial`, `caption_final`) and `all`.
    pub latency: BTreeMap<String, LatencySummary>,
    pub errors: ErrorReport,
    pub server: Option<ServerReport>,
    pub load_generator: LoadGeneratorReport,
    pub machine: MachineReport,
    pub join_storm: Option<JoinStormReport>,
    pub churn: Option<ChurnReport>,
    pub show_of_hands: Option<ShowOfHandsReport>,
    pub soak: Option<crate::scenario::soak::SoakReport>,
    pub cluster: Option<ClusterReport>,
    pub failover: Option<FailoverReport>,
    pub notes: Vec<String>,
}

fn megabytes(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn latency_line(name: &str, latency: &LatencySummary) -> String {
    format!(
        "  latency {name:<16} n={:<9} p50 {:>8.3} ms  p99 {:>8.3} ms  p99.9 {:>8.3} ms  max {:>8.3} ms\n",
        latency.count, latency.p50_ms, latency.p99_ms, latency.p999_ms, latency.max_ms
    )
}

impl Report {
    /// A short human summary.
    pub fn human_summary(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} against {} at {} ({} clients, {:.1} s)",
            self.scenario, self.target, self.server_address, self.clients, self.duration_seconds
        );
        let connect = &self.connect;
        let _ = writeln!(
            out,
            "  connect: {} joined, {} failed of {} in {:.2} s ({:.0} joins/s; join p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms)",
            connect.joined,
            connect.failed,
            connect.attempted,
            connect.seconds,
            connect.joins_per_second,
            connect.join_latency.p50_ms,
            connect.join_latency.p99_ms,
            connect.join_latency.max_ms
        );
        for (kind, count) in &connect.failures_by_kind {
            let _ = writeln!(out, "    failed {kind}: {count}");
        }
        let messages = &self.messages;
        if messages.published + messages.expected_deliveries + messages.delivered > 0 {
            let _ = writeln!(
                out,
                "  messages: {} published ({} refused), {} delivered of {} expected ({:.2}%), {:.0} deliveries/s over {:.2} s",
                messages.published,
                messages.publish_rejected,
                messages.delivered,
                messages.expected_deliveries,
                messages.delivery_ratio * 100.0,
                messages.delivered_per_second,
                messages.window_seconds
            );
        }
        if messages.other_actions > 0 {
            let _ = writeln!(
                out,
                "  other actions (hand raise/lower): {}",
                messages.other_actions
            );
        }
        for (name, latency) in &self.latency {
            if latency.count > 0 {
                out.push_str(&latency_line(name, latency));
            }
        }
        let errors = &self.errors;
        let _ = writeln!(
            out,
            "  errors: {} error frames, {} disconnects, {} unparseable frames",
            errors.error_frames, errors.disconnects, errors.unparseable_frames
        );
        for (code, count) in &errors.error_codes {
            let _ = writeln!(out, "    error {code}: {count}");
        }
        if let Some(server) = &self.server {
            let megabytes_line = format!(
                "RSS {:.1} MB before, {:.1} MB idle, {:.1} MB peak; {:.0} bytes per idle connection",
                megabytes(server.rss_before_clients_bytes),
                megabytes(server.rss_idle_bytes),
                megabytes(server.rss_peak_bytes),
                server.idle_memory_per_connection_bytes
            );
            if self.messages.delivered > 0 {
                let _ = writeln!(
                    out,
                    "  server pid {}: {:.2} CPU s while joining; {:.2} CPU s ({:.2} s in the kernel, {:.2} cores) in the message window, {:.0} deliveries per CPU-second; {megabytes_line}",
                    server.pid,
                    server.connect_cpu_seconds,
                    server.cpu_seconds,
                    server.system_cpu_seconds,
                    server.cpu_cores_busy,
                    server.deliveries_per_cpu_second,
                );
            } else {
                let _ = writeln!(
                    out,
                    "  server pid {}: {:.2} CPU s while joining, {:.2} CPU s afterwards; {megabytes_line}",
                    server.pid, server.connect_cpu_seconds, server.cpu_seconds,
                );
            }
        }
        let generator = &self.load_generator;
        let processes = if generator.processes > 1 {
            format!(" over {} processes", generator.processes)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  load generator: {:.2} CPU s ({:.2} cores), RSS {:.1} MB{processes}, {} worker threads",
            generator.cpu_seconds,
            generator.cpu_cores_busy,
            megabytes(generator.rss_end_bytes),
            generator.worker_threads
        );
        let _ = writeln!(
            out,
            "  machine: {} cores, {:.2} busy in the window, {:.2} of them outside the server and the load generator",
            self.machine.cores, self.machine.busy_cores, self.machine.other_busy_cores
        );
        let placement = self.cpu_placement();
        if !placement.is_empty() {
            let _ = writeln!(out, "  CPU placement: {placement}");
        }
        if let Some(cluster) = &self.cluster {
            let _ = writeln!(
                out,
                "  cluster: {} node(s) {}; joined per node {:?}; publishers on {}",
                cluster.servers.len(),
                cluster.servers.join(", "),
                cluster.joined_per_server,
                cluster.servers.first().map_or("-", String::as_str)
            );
            if cluster.same_node_latency.count + cluster.cross_node_latency.count > 0 {
                out.push_str(&latency_line("same node", &cluster.same_node_latency));
                out.push_str(&latency_line("cross node", &cluster.cross_node_latency));
            }
            if let Some(pid) = cluster.nats_pid {
                let _ = writeln!(
                    out,
                    "  nats-server pid {pid}: {:.2} CPU s in the message window (included in the server figures), RSS {:.1} MB",
                    cluster.nats_cpu_seconds,
                    megabytes(cluster.nats_rss_end_bytes)
                );
            }
            if let Some(nats) = &cluster.nats {
                let _ = writeln!(
                    out,
                    "  NATS in the window: {} msgs in, {} out, {} bytes in, {} out, for {} commands: {:.2} msgs and {:.0} bytes per command ({:.2} msgs and {:.0} bytes net of {:.1} s of idle background); {:.2} msgs per join while connecting",
                    nats.window.in_msgs,
                    nats.window.out_msgs,
                    nats.window.in_bytes,
                    nats.window.out_bytes,
                    nats.commands,
                    nats.messages_per_command,
                    nats.bytes_per_command,
                    nats.net_messages_per_command,
                    nats.net_bytes_per_command,
                    nats.baseline_seconds,
                    nats.messages_per_join
                );
            }
        }
        if let Some(storm) = &self.join_storm {
            let _ = writeln!(
                out,
                "  join storm: all welcomed in {:.2} s; presence frames per connection min {} mean {:.1} max {}; last presence said {}..{} participants",
                storm.seconds_until_all_welcomed,
                storm.presence_frames_per_connection_min,
                storm.presence_frames_per_connection_mean,
                storm.presence_frames_per_connection_max,
                storm.last_presence_participants_min,
                storm.last_presence_participants_max
            );
        }
        if let Some(churn) = &self.churn {
            let _ = writeln!(
                out,
                "  churn: {} drops, {} resumes ({} refused, {} failed); gaps {}, duplicates {}, missing at end {} (final seq {}, {} participants checked)",
                churn.drops,
                churn.resumes,
                churn.resume_refused,
                churn.reconnect_failures,
                churn.gaps,
                churn.duplicates,
                churn.missing_at_end,
                churn.final_seq,
                churn.participants_checked
            );
            out.push_str(&latency_line("reconnect", &churn.reconnect_latency));
        }
        if let Some(hands) = &self.show_of_hands {
            out.push_str(&hands.human_summary());
        }
        if let Some(soak) = &self.soak {
            out.push_str(&soak.human_summary());
        }
        if let Some(failover) = &self.failover {
            let _ = writeln!(
                out,
                "  failover: node {} ({}, pid {}) killed {:.1} s into the window at {:.0} MB RSS{}; {} subscribers on it",
                failover.killed_node,
                failover.killed_server,
                failover.killed_pid,
                failover.killed_after_seconds,
                megabytes(failover.killed_node_rss_bytes),
                failover
                    .kill_error
                    .as_deref()
                    .map(|error| format!(" ({error})"))
                    .unwrap_or_default(),
                failover.subscribers_on_killed_node
            );
            let _ = writeln!(
                out,
                "  failover: {} resumed ({} refused, {} failed), last {:.2} s after the kill; gaps {}, duplicates {}, missing at end {} (final seq {}, {} subscribers followed)",
                failover.resumed,
                failover.resume_refused,
                failover.resume_failed,
                failover.seconds_from_kill_to_last_resume,
                failover.gaps,
                failover.duplicates,
                failover.missing_at_end,
                failover.final_seq,
                failover.subscribers_followed
            );
            out.push_str(&latency_line("resume→welcome", &failover.resume_to_welcome));
            out.push_str(&latency_line(
                "resume→message",
                &failover.resume_to_first_delivery,
            ));
        }
        for note in &self.notes {
            let _ = writeln!(out, "  note: {note}");
        }
        out
    }
}

fn counts_text(counts: Option<&PollCounts>) -> String {
    match counts {
        Some(counts) => format!(
            "answered {} of {} present, per option {:?}",
            counts.answered, counts.present, counts.option_totals
        ),
        None => "none".to_string(),
    }
}

impl ShowOfHandsReport {
    fn human_summary(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "  show of hands (poll {}): {} participants; {} answers sent over {:.1} s ({:.0}% asked to raise), {} acked, {} refused, {} unanswered; per option sent {:?}, acked {:?}; last ack {:.2} s after the poll opened",
            self.poll,
            self.participants,
            self.answers_sent,
            self.answer_window_seconds,
            self.raise_share * 100.0,
            self.answers_acked,
            self.answers_refused,
            self.answers_unanswered,
            self.sent_per_option,
            self.acked_per_option,
            self.seconds_to_last_ack
        );
        out.push_str(&latency_line("answer ack", &self.answer_ack_latency));
        for (name, observer) in [("moderator", &self.moderator), ("display", &self.display)] {
            let _ = writeln!(
                out,
                "  {name}: {} tallies, last {}; final {}; trail of the last answer {}; {} answers never counted, {} counted before their ack",
                observer.tallies,
                counts_text(observer.last_tally.as_ref()),
                counts_text(observer.final_results.as_ref()),
                observer
                    .trail_of_last_answer_ms
                    .map_or("–".to_string(), |trail| format!("{trail:.1} ms")),
                observer.answers_never_counted,
                observer.counted_before_ack
            );
            out.push_str(&latency_line(&format!("{name} trail"), &observer.trail));
            out.push_str(&latency_line(
                &format!("{name} gaps"),
                &observer.tally_interval,
            ));
        }
        let _ = writeln!(
            out,
            "  every answer counted: {}; {} tallies reached the participants",
            if self.every_answer_counted {
                "yes"
            } else {
                "NO"
            },
            self.tallies_at_participants
        );
        out
    }
}
