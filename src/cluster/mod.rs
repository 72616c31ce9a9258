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
//! Nothing here is wired into `serve` yet.

mod jetstream;
mod log_entry;
#[cfg(test)]
mod log_entry_tests;

pub use jetstream::{
    Appended, CommandLog, CommandLogConfig, CommandLogError, Replay, ReplayedEntry,
    DEFAULT_DUPLICATE_WINDOW, STREAM_NAME, SUBJECT_PREFIX,
};
pub use log_entry::LogEntry;
