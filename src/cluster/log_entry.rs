//! One entry of a session's replicated command log.
//!
//! Every node applies the entries of a session in log order to its own
//! replica, so an entry carries everything `core::apply` needs (the command,
//! its actor and the time it was stamped with) and nothing a node would have
//! to look up locally. It is written as compact JSON.

use crate::core::{Actor, Command, Millis};
use serde::{Deserialize, Serialize};

/// A command as it is appended to the log and replayed on every node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    /// The session the command is for.
    pub session: String,
    /// What was asked.
    pub command: Command,
    /// Who asked it.
    pub actor: Actor,
    /// The time the receiving node stamped on the command; every replica
    /// applies it with this `now`, never with its own clock.
    #[serde(with = "crate::core::time::as_integer")]
    pub at: Millis,
    /// The id of the node that received the command; it answers its client
    /// once its replica has applied the entry.
    pub origin: String,
    /// A unique id for the command, used as JetStream's `Nats-Msg-Id`, so
    /// that a retried append is stored once.
    pub command_id: String,
}

impl LogEntry {
    /// The entry as compact JSON, the log's wire format.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a log entry always serializes")
    }

    /// Reads an entry written by [`LogEntry::to_json`].
    pub fn from_json(bytes: &[u8]) -> Result<LogEntry, serde_json::Error> {
        serde_json::from_slice(bytes)
    }
}
