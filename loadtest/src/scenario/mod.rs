//! The scenarios, and what they share: the run context, the connect
//! bookkeeping, and the parts of the report common to all.

pub mod broadcast;
pub mod churn;
pub mod failover;
pub mod fanout;
pub mod join_storm;
pub mod plenary;
pub mod probe;
pub mod publisher;
pub mod seq;
pub mod show_of_hands;
pub mod soak;
pub mod subscriber;
pub mod workshops;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use tokio::time::Instant;

use crate::admin;
use crate::connection::{Connector, JoinRequest, OpenedConnection};
use crate::metrics::Metrics;
use crate::net::{self, SourceAddressPool};
use crate::options::{RunOptions, ScenarioOptions, Target};
use crate::processes::{self, Workers};
use crate::report::{ClusterReport, LoadGeneratorReport, NatsTrafficReport, Report};

pub use probe::{Probe, ProbeReports, ProbeTargets};

/// File descriptors kept free for everything that is not a client socket.
const SPARE_FILE_DESCRIPTORS: u64 = 128;

/// What every part of a run shares.
pub struct RunContext {
    pub options: RunOptions,
    pub connector: Connector,
    pub metrics: Arc<Metrics>,
    pub file_descriptor_limit: u64,
    /// The nats-server monitoring endpoint, resolved and checked.
    pub nats_monitor: Option<SocketAddr>,
    notes: Mutex<Vec<String>>,
    first_failure: Mutex<Option<String>>,
    /// The other generator processes of a `--processes` run, until the
    /// fan-out takes them (see [`crate::processes`]).
    pub workers: Mutex<Option<Workers>>,
    /// Their process ids, measured with this one as the load generator.
    pub worker_pids: Vec<u32>,
}

impl RunContext {
    /// Adds a note to the report.
    pub fn note(&self, note: impl Into<String>) {
        self.notes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(note.into());
    }

    /// The first connection failure of the run, described.
    pub fn first_failure(&self) -> Option<String> {
        self.first_failure
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Opens a subscriber connection, counting the attempt, the join time or
    /// the failure.
    pub async fn open_counted(
        &self,
        index: usize,
        request: &JoinRequest,
    ) -> Option<OpenedConnection> {
        Metrics::count(&self.metrics.connections_attempted);
        let started = Instant::now();
        match self.connector.open(index, request).await {
            Ok(opened) => {
                self.metrics
                    .record_join(index, request.node, started.elapsed().as_micros() as u64);
                Some(opened)
            }
            Err(failure) => {
                self.metrics.record_connection_failure(failure.kind());
                let mut first = self
                    .first_failure
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                if first.is_none() {
                    *first = Some(format!(
                        "first connection failure (client {index}): {failure}"
                    ));
                }
                None
            }
        }
    }

    /// The admin token, or an explanation of why a step needs one.
    pub fn admin_token(&self, needed_for: &str) -> Result<&str, String> {
        self.options.common.admin_token.as_deref().ok_or_else(|| {
            format!("{needed_for} needs the hybridhub admin token (--admin-token or HYBRIDHUB_ADMIN_TOKEN)")
        })
    }

    /// For hybridhub with an admin token, creates `session` if it does not
    /// exist. Without a token the session must already exist (for example
    /// `main-session` from `hybridhub serve --demo`). With several servers
    /// (a cluster) it is created through the first node and every node is
    /// made sure to have it, see [`admin::ensure_replicated_session`].
    pub async fn ensure_hybridhub_session(&self, session: &str) -> Result<(), String> {
        if self.options.common.target != Target::Hybridhub {
            return Ok(());
        }
        match self.options.common.admin_token.as_deref() {
            Some(token) if self.connector.servers.len() > 1 => {
                admin::ensure_replicated_session(&self.connector.servers, token, session).await
            }
            Some(token) => admin::ensure_session(self.connector.primary(), token, session).await,
            None => Ok(()),
        }
    }

    /// Whether the run reports a cluster section: several servers, or a
    /// nats-server to measure.
    pub fn is_cluster_run(&self) -> bool {
        let common = &self.options.common;
        common.server_addresses.len() > 1
            || common.nats_pid.is_some()
            || common.nats_monitor.is_some()
    }

    /// What the probe measures: the servers, and a cluster's nats-server.
    pub fn probe_targets(&self) -> ProbeTargets {
        let common = &self.options.common;
        // A node killed during the run cannot be read at its end.
        let killed = failover::pid_to_kill(self);
        ProbeTargets {
            server_pids: common
                .server_pids
                .iter()
                .copied()
                .filter(|&pid| Some(pid) != killed)
                .collect(),
            nats_pid: common.nats_pid,
            nats_monitor: self.nats_monitor,
            generator_pids: self.worker_pids.clone(),
        }
    }

    /// A report with the run's identity filled in.
    pub fn base_report(&self) -> Report {
        let common = &self.options.common;
        Report {
            tool: format!("hybridhub-loadtest {}", env!("CARGO_PKG_VERSION")),
            scenario: self.options.scenario.name().to_string(),
            target: common.target.name().to_string(),
            server_address: common.server_addresses.join(","),
            session: common.session.clone(),
            clients: common.clients,
            duration_seconds: common.duration.as_secs_f64(),
            started_at_unix: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|elapsed| elapsed.as_secs())
                .unwrap_or(0),
            ..Report::default()
        }
    }

    pub(crate) fn take_notes(&self) -> Vec<String> {
        std::mem::take(
            &mut *self
                .notes
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        )
    }
}

/// Fills the connect, message-count and error parts of the report from the
/// run's metrics.
pub fn fill_connect_and_errors(context: &RunContext, report: &mut Report, connect_seconds: f64) {
    let metrics = &context.metrics;
    let joined = Metrics::read(&metrics.connections_joined);
    report.connect.attempted = Metrics::read(&metrics.connections_attempted);
    report.connect.joined = joined;
    report.connect.failed = Metrics::read(&metrics.connections_failed);
    report.connect.failures_by_kind = metrics.failures_by_kind();
    report.connect.seconds = connect_seconds;
    report.connect.joins_per_second = if connect_seconds > 0.0 {
        joined as f64 / connect_seconds
    } else {
        0.0
    };
    report.connect.join_latency = metrics.join_latency_summary();
    report.connect.source_addresses = context.connector.sources.len();
    report.messages.published = Metrics::read(&metrics.published);
    report.messages.publish_rejected = Metrics::read(&metrics.publish_rejected);
    report.messages.other_actions = Metrics::read(&metrics.other_actions);
    report.messages.acks = Metrics::read(&metrics.acks);
    report.errors.error_frames = Metrics::read(&metrics.error_frames);
    report.errors.error_codes = metrics.error_codes();
    report.errors.disconnects = Metrics::read(&metrics.disconnects);
    report.errors.unparseable_frames = Metrics::read(&metrics.unparseable_frames);
}

/// Fills the delivery counts of the report: `expected` deliveries against
/// those `delivered` over a window of `window_seconds`.
pub fn fill_deliveries(report: &mut Report, expected: u64, delivered: u64, window_seconds: f64) {
    let per = |amount: f64, total: f64| if total > 0.0 { amount / total } else { 0.0 };
    report.messages.expected_deliveries = expected;
    report.messages.delivered = delivered;
    report.messages.delivery_ratio = per(delivered as f64, expected as f64);
    report.messages.window_seconds = window_seconds;
    report.messages.delivered_per_second = per(delivered as f64, window_seconds);
}

/// Fills the server, load generator and machine parts of the report from
/// the probe, and, for a cluster run, the cluster section: latency on the
/// publishers' node and on the others, and the NATS traffic per command.
pub fn fill_from_probe(context: &RunContext, report: &mut Report, measured: ProbeReports) {
    report.server = measured.server;
    report.machine = measured.machine;
    report.load_generator = with_descriptor_limit(measured.load_generator, context);
    if !context.is_cluster_run() {
        return;
    }
    let metrics = &context.metrics;
    let (same_node_latency, cross_node_latency) = metrics.same_and_cross_node_latency();
    let window_seconds = report.messages.window_seconds;
    let commands = report.messages.published + report.messages.other_actions;
    let joined = report.connect.joined;
    let nats = measured.nats_traffic.map(|readings| {
        let per = |amount: f64, count: u64| {
            if count > 0 {
                amount / count as f64
            } else {
                0.0
            }
        };
        // The background (heartbeats, ticks) the window would have had anyway.
        let background = |amount: u64| {
            if readings.baseline_seconds > 0.0 {
                amount as f64 * window_seconds / readings.baseline_seconds
            } else {
                0.0
            }
        };
        let window = readings.window;
        let baseline = readings.baseline;
        let net = |amount: u64, idle: u64| (amount as f64 - background(idle)).max(0.0);
        NatsTrafficReport {
            monitor: context
                .nats_monitor
                .map(|monitor| monitor.to_string())
                .unwrap_or_default(),
            connect: readings.connect,
            window,
            baseline_seconds: readings.baseline_seconds,
            baseline,
            commands,
            messages_per_command: per(window.messages() as f64, commands),
            bytes_per_command: per(window.bytes() as f64, commands),
            net_in_messages_per_command: per(net(window.in_msgs, baseline.in_msgs), commands),
            net_out_messages_per_command: per(net(window.out_msgs, baseline.out_msgs), commands),
            net_messages_per_command: per(net(window.messages(), baseline.messages()), commands),
            net_bytes_per_command: per(net(window.bytes(), baseline.bytes()), commands),
            messages_per_join: per(readings.connect.messages() as f64, joined),
        }
    });
    let nats_process = measured.nats_process.unwrap_or_default();
    report.cluster = Some(ClusterReport {
        servers: context
            .connector
            .servers
            .iter()
            .map(|server| server.to_string())
            .collect(),
        joined_per_server: metrics.joined_by_node(),
        same_node_latency,
        cross_node_latency,
        latency_per_server: metrics.node_latency_summaries(),
        nats_pid: measured.nats_process.map(|process| process.pid),
        nats_cpu_seconds: nats_process.cpu_seconds,
        nats_rss_end_bytes: nats_process.rss_end_bytes,
        nats,
    });
}

/// Adds the file-descriptor limit to the load generator report.
pub fn with_descriptor_limit(
    mut generator: LoadGeneratorReport,
    context: &RunContext,
) -> LoadGeneratorReport {
    generator.file_descriptor_limit = context.file_descriptor_limit;
    generator
}

/// How many connections a scenario opens besides its subscribers.
fn extra_connections(options: &RunOptions) -> usize {
    match &options.scenario {
        ScenarioOptions::Broadcast(_) => 1,
        ScenarioOptions::Plenary(plenary) => 2 + plenary.hand_raisers,
        ScenarioOptions::Workshops(workshops) => {
            options.common.clients.div_ceil(workshops.room_size)
        }
        ScenarioOptions::JoinStorm => 0,
        ScenarioOptions::Churn(_) => 1,
        // The moderator and the room display.
        ScenarioOptions::ShowOfHands(_) => 2,
        ScenarioOptions::Soak(soak) => soak.extra_connections(),
    }
}

/// The client connections generator process `process` opens: its share of
/// the subscribers, and (the first process only) the publishers.
fn connections_of_process(options: &RunOptions, process: usize) -> usize {
    let common = &options.common;
    let subscribers = processes::share(common.clients, common.processes, process).len();
    if process == 0 {
        subscribers + extra_connections(options)
    } else {
        subscribers
    }
}

/// Checks the options and prepares generator process `process` (0: the one
/// that runs the publishers and writes the report): raises its file limit,
/// checks that its connections fit, and resolves the targets.
pub(crate) async fn prepare(
    options: RunOptions,
    process: usize,
) -> Result<Arc<RunContext>, String> {
    options.validate()?;
    let file_descriptor_limit = net::raise_file_descriptor_limit()
        .map_err(|error| format!("cannot raise the file-descriptor limit: {error}"))?;
    let descriptors_needed =
        connections_of_process(&options, process) as u64 + SPARE_FILE_DESCRIPTORS;
    if descriptors_needed > file_descriptor_limit {
        let more_processes = if options.common.processes > 1 {
            ", use more --processes"
        } else {
            ", spread the clients over --processes"
        };
        return Err(format!(
            "{descriptors_needed} file descriptors are needed in one generator process but its hard \
             limit is {file_descriptor_limit}; lower --clients{more_processes} or raise the hard limit (ulimit -Hn)"
        ));
    }
    let mut servers = Vec::with_capacity(options.common.server_addresses.len());
    for address in &options.common.server_addresses {
        servers.push(net::resolve_target(address, options.common.allow_remote).await?);
    }
    let nats_monitor = match &options.common.nats_monitor {
        Some(address) => Some(net::resolve_target(address, options.common.allow_remote).await?),
        None => None,
    };
    let connector = Connector {
        target: options.common.target,
        sources: SourceAddressPool::for_target(servers[0], options.common.source_addresses),
        servers,
        handshake_timeout: options.common.handshake_timeout,
    };
    // Latency by node only where it is reported (see `is_cluster_run`).
    let is_cluster_run =
        connector.servers.len() > 1 || options.common.nats_pid.is_some() || nats_monitor.is_some();
    let metrics = if is_cluster_run {
        Metrics::for_nodes(connector.servers.len())
    } else {
        Metrics::new()
    };
    // The lead starts the other generator processes; they wait for it.
    let workers = if process == 0 && options.common.processes > 1 {
        Some(Workers::spawn(&options)?)
    } else {
        None
    };
    let worker_pids = workers.as_ref().map(Workers::pids).unwrap_or_default();
    Ok(Arc::new(RunContext {
        options,
        connector,
        metrics: Arc::new(metrics),
        file_descriptor_limit,
        nats_monitor,
        notes: Mutex::new(Vec::new()),
        first_failure: Mutex::new(None),
        workers: Mutex::new(workers),
        worker_pids,
    }))
}

/// Checks the options, prepares the process (and its workers, with
/// `--processes`), runs the scenario under a watchdog, and writes the JSON
/// report if asked.
pub async fn run(options: RunOptions) -> Result<Report, String> {
    let watchdog_limit = options.watchdog_limit();
    let json_output = options.common.json_output.clone();
    let context = prepare(options, 0).await?;
    let dispatched = tokio::time::timeout(watchdog_limit, dispatch(&context)).await;
    // Workers the fan-out did not take (a failure before it) stop here.
    drop(processes::take_workers(&context));
    let mut report = match dispatched {
        Ok(result) => result?,
        Err(_) => {
            return Err(format!(
                "the watchdog stopped the run after {} s (its phases overran their limits)",
                watchdog_limit.as_secs()
            ))
        }
    };
    if let Some(failure) = context.first_failure() {
        report.notes.push(failure);
    }
    report.notes.extend(context.take_notes());
    if let Some(path) = json_output {
        let json = serde_json::to_string_pretty(&report).map_err(|error| error.to_string())?;
        std::fs::write(&path, json + "\n")
            .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    }
    Ok(report)
}

async fn dispatch(context: &Arc<RunContext>) -> Result<Report, String> {
    match &context.options.scenario {
        ScenarioOptions::Broadcast(broadcast) => broadcast::run(context, broadcast.clone()).await,
        ScenarioOptions::Plenary(plenary) => plenary::run(context, plenary.clone()).await,
        ScenarioOptions::Workshops(workshops) => workshops::run(context, workshops.clone()).await,
        ScenarioOptions::JoinStorm => join_storm::run(context).await,
        ScenarioOptions::Churn(churn) => churn::run(context, churn.clone()).await,
        ScenarioOptions::ShowOfHands(show_of_hands) => {
            show_of_hands::run(context, show_of_hands.clone()).await
        }
        ScenarioOptions::Soak(soak) => soak::run(context, soak.clone()).await,
    }
}
