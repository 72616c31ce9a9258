//! A node's side of the sequencer in cluster mode: where a session's
//! commands get the one order every node applies them in.
//!
//! A session's owner stamps each command with this node's time and a unique
//! command id and hands it to [`SessionAppender::append`]; a task appends
//! the entries to the JetStream log in the order they were handed over
//! (pipelined: several acks may be awaited at once, but entries leave over
//! one connection in order, so they are stored in order). The owner reads
//! the session's log back through [`SessionFeed`], its own entries and other
//! nodes' alike, and applies exactly what it reads. In local mode there is
//! no log: the owner applies each command the moment it is submitted (see
//! `hub::owner`).

use super::directory::{patiently, SessionDirectory};
use super::jetstream::{
    Appended, CommandLog, CommandLogConfig, CommandLogError, Replay, ReplayedEntry,
};
use super::liveness::{Liveness, LivenessConfig};
use super::log_entry::{CommandIds, LogEntry};
use crate::metrics::CommandLogMetrics;
use futures_util::stream::{FuturesOrdered, StreamExt};
use futures_util::FutureExt;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// Entries a session may have waiting to be published; past this, commands
/// are refused (retryable) rather than let memory grow.
const APPENDS_QUEUED: usize = 4096;
/// Published entries whose acks one session's appender awaits at once.
const APPENDS_IN_FLIGHT: usize = 256;

/// This node in a cluster: its id and its connection to the command log.
#[derive(Debug)]
pub struct ClusterNode {
    log: CommandLog,
    node_id: String,
    /// Distinguishes this run's command ids from an earlier run's of the
    /// same node id, inside JetStream's duplicate window.
    run: String,
    command_ids: CommandIds,
    /// The other nodes' heartbeats, and this node's; `None` if this node
    /// does not heartbeat (then it never declares another node down).
    liveness: Option<Liveness>,
    /// Which sessions exist in the cluster; `None` for a node made over a
    /// bare log (tests of the log alone).
    directory: Option<SessionDirectory>,
    /// What this node's appends count: their latency and failures.
    append_metrics: CommandLogMetrics,
}

impl ClusterNode {
    /// Connects to NATS as `log` says, opens the command log and starts
    /// heartbeating.
    pub async fn connect(
        log: CommandLogConfig,
        node_id: String,
        boot_millis: i64,
        liveness: LivenessConfig,
    ) -> Result<Arc<ClusterNode>, CommandLogError> {
        let log = CommandLog::connect(log).await?;
        let mut node = ClusterNode::new(log, node_id, boot_millis);
        let replicas = node.log.config().replicas;
        let timeout = node.log.config().nats.connect_timeout;
        let client = node.log.client();
        let directory = patiently("opening the session directory", timeout, || {
            SessionDirectory::open(client.clone(), replicas)
        })
        .await?;
        node.directory = Some(directory);
        let started = Liveness::start(
            node.log.client(),
            &node.node_id,
            &node.connection_prefix(),
            liveness,
        )
        .await
        .map_err(|source| CommandLogError::Nats {
            action: "subscribing to heartbeats",
            source,
        })?;
        node.liveness = Some(started);
        Ok(Arc::new(node))
    }

    /// A node over a log that is already open.
    pub fn new(log: CommandLog, node_id: String, boot_millis: i64) -> ClusterNode {
        let command_ids = CommandIds::new(format!("{node_id}-{boot_millis:x}"));
        ClusterNode {
            log,
            node_id,
            run: format!("{boot_millis:x}"),
            command_ids,
            liveness: None,
            directory: None,
            append_metrics: CommandLogMetrics::default(),
        }
    }

    /// What this node's appends count, for the server to register.
    pub fn append_metrics(&self) -> &CommandLogMetrics {
        &self.append_metrics
    }

    /// How long start-up waits for NATS and JetStream to answer.
    pub fn connect_timeout(&self) -> Duration {
        self.log.config().nats.connect_timeout
    }

    /// The cluster's session directory, if this node follows it.
    pub fn directory(&self) -> Option<&SessionDirectory> {
        self.directory.as_ref()
    }

    /// The other nodes' heartbeats, if this node listens to them.
    pub fn liveness(&self) -> Option<&Liveness> {
        self.liveness.as_ref()
    }

    pub fn node_id(&self) -> &str {
        &self.node_id
    }

    /// The prefix of this node's connection ids: unique across nodes (the
    /// node id) and across this node's restarts (its boot time).
    pub fn connection_prefix(&self) -> String {
        format!("{}-{}", self.node_id, self.run)
    }

    /// This node's source of command ids, shared by all its sessions.
    pub fn command_ids(&self) -> CommandIds {
        self.command_ids.clone()
    }

    /// Starts following a session's log from stream sequence `from`, and
    /// the task that appends this node's entries to it.
    pub async fn open_session(
        &self,
        session: &str,
        from: u64,
    ) -> Result<(SessionAppender, SessionFeed, AppendFailures), CommandLogError> {
        // Checked here so that a bad id fails the owner's start, not each append.
        self.log.subject(session)?;
        let replay = self.log.replay(session, from).await?;
        let (entries, queued) = mpsc::channel(APPENDS_QUEUED);
        let (failed, failures) = mpsc::unbounded_channel();
        tokio::spawn(run_appender(
            self.log.clone(),
            queued,
            failed,
            self.append_metrics.clone(),
        ));
        Ok((
            SessionAppender { entries },
            SessionFeed { replay },
            AppendFailures { failures },
        ))
    }
}

/// Hands a session's entries to its appender task.
pub struct SessionAppender {
    entries: mpsc::Sender<LogEntry>,
}

impl SessionAppender {
    /// Queues an entry to be appended, in order after the ones before it.
    /// False if it was not queued: the queue is full or the appender gone.
    pub fn append(&self, entry: LogEntry) -> bool {
        self.entries.try_send(entry).is_ok()
    }
}

/// What a session's owner applies in cluster mode: the log's entries in
/// order, its own and other nodes'.
pub struct SessionFeed {
    replay: Replay,
}

impl SessionFeed {
    /// The next entry; `None` if the replay ended (it never should).
    pub async fn next_entry(&mut self) -> Option<Result<ReplayedEntry, CommandLogError>> {
        self.replay.next().await
    }

    /// The next entry if one is already at hand.
    pub fn entry_at_hand(&mut self) -> Option<Result<ReplayedEntry, CommandLogError>> {
        self.replay.next().now_or_never().flatten()
    }
}

/// The command ids of this node's appends that failed, so that the owner
/// can answer those commands with an error.
pub struct AppendFailures {
    failures: mpsc::UnboundedReceiver<(String, CommandLogError)>,
}

impl AppendFailures {
    /// The command id of the next append that failed, and why.
    pub async fn next(&mut self) -> Option<(String, CommandLogError)> {
        self.failures.recv().await
    }
}

/// Publishes a session's entries in the order they were queued, with up to
/// [`APPENDS_IN_FLIGHT`] acks awaited at once; reports failed ones. Ends
/// when the owner drops its [`SessionAppender`].
async fn run_appender(
    log: CommandLog,
    mut queued: mpsc::Receiver<LogEntry>,
    failed: mpsc::UnboundedSender<(String, CommandLogError)>,
    metrics: CommandLogMetrics,
) {
    let mut acks = FuturesOrdered::new();
    // An append's outcome: its latency, from publishing to the ack, when it
    // succeeded; a failure, counted and reported to the owner.
    let answered =
        |command_id: String, published: Instant, result: Result<Appended, CommandLogError>| {
            match result {
                Ok(_) => metrics
                    .append_seconds
                    .observe(published.elapsed().as_secs_f64()),
                Err(error) => {
                    metrics.append_failures.inc();
                    let _ = failed.send((command_id, error));
                }
            }
        };
    loop {
        tokio::select! {
            entry = queued.recv(), if acks.len() < APPENDS_IN_FLIGHT => {
                let Some(entry) = entry else { break };
                let command_id = entry.command_id.clone();
                let published = Instant::now();
                match log.publish(&entry).await {
                    Ok(ack) => acks.push_back(
                        ack.map(move |result| (command_id, published, result)),
                    ),
                    Err(error) => answered(command_id, published, Err(error)),
                }
            }
            Some((command_id, published, result)) = acks.next(), if !acks.is_empty() => {
                answered(command_id, published, result);
            }
        }
    }
    while let Some((command_id, published, result)) = acks.next().await {
        answered(command_id, published, result);
    }
}
