//! Cluster mode: several hybridhub nodes serving the same sessions by
//! replicating each session's command log through NATS JetStream.
//!
//! The session core is deterministic (time comes in as an argument, ids
//! derive from `seq`), so nodes that apply the same commands in the same
//! order hold the same session. This module provides the pieces of that
//! state machine replication, kept apart from the core, which stays free of
//! IO:
//!
//! - [`LogEntry`]: one command as it is written to the log, with its actor,
//!   its time, the node it came from and an id for deduplication.
//! - [`CommandLog`]: the JetStream stream behind the log: appending an entry
//!   (deduplicated by its command id) and replaying a session's entries in
//!   stream order.
//!
//! - [`ClusterNode`] and the rest of `sequencer`: a node's side of the
//!   sequencer a session's owner submits commands to: command ids, tick ids
//!   shared by every node, the appender task and the feed of ordered
//!   entries the owner applies.
//!
//! - [`SessionDirectory`]: which sessions exist, in a JetStream key-value
//!   bucket every node follows, so that a session created on one node can
//!   be joined on any.
//!
//! - [`Liveness`]: heartbeats over core NATS, and which nodes went silent,
//!   so that their connections leave through one `NodeDown` command.
//!
//! - [`NatsOptions`]: how a node connects to NATS (servers, credentials,
//!   TLS), retrying at start-up and reconnecting forever after.
//!
//! `hybridhub serve --nats <url>` turns it on.

mod connection;
mod directory;
mod jetstream;
mod liveness;
mod log_entry;
#[cfg(test)]
mod log_entry_tests;
mod sequencer;

pub use connection::{describe_servers, parse_servers, NatsOptions, DEFAULT_CONNECT_TIMEOUT};
pub use directory::{
    patiently, DirectoryUpdates, Published, SessionDirectory, DIRECTORY_BUCKET, SECRETS_BUCKET,
};
pub use jetstream::{
    Appended, CommandLog, CommandLogConfig, CommandLogError, PendingAppend, Replay, ReplayedEntry,
    DEFAULT_DUPLICATE_WINDOW, STREAM_NAME, SUBJECT_PREFIX,
};
pub use liveness::{Heartbeat, Liveness, LivenessConfig, HEARTBEAT_SUBJECT};
pub use log_entry::{
    applied_time, leave_command_id, node_down_command_id, tick_command_id, CommandIds, LogEntry,
};
pub use sequencer::{AppendFailures, ClusterNode, SessionAppender, SessionFeed};
