//! One entry of a session's replicated command log.
//!
//! Every node applies the entries of a session in log order to its own
//! replica, so an entry carries everything `core::apply` needs (the command,
//! its actor and the time it was stamped with) and nothing a node would have
//! to look up locally. It is written as compact JSON.
//!
//! Also here: the pure rules every replica shares about entries, the ids
//! that make JetStream keep one of several nodes' identical commands (a
//! period's tick, a connection's leave, a node declared down) and the time
//! an entry is applied at.

use crate::core::{Actor, Command, ConnectionId, Millis};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

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

/// Where a node's command ids come from: its prefix (node id and run) and
/// one counter shared by all its sessions, so that no two commands of any
/// node or run share an id inside JetStream's duplicate window, even when a
/// session's owner stops and another starts.
#[derive(Clone, Debug)]
pub struct CommandIds {
    prefix: String,
    next: Arc<AtomicU64>,
}

impl CommandIds {
    pub fn new(prefix: String) -> CommandIds {
        CommandIds {
            prefix,
            next: Arc::new(AtomicU64::new(1)),
        }
    }

    /// A command id no other command of any node or run has.
    pub fn next(&self) -> String {
        let number = self.next.fetch_add(1, Ordering::Relaxed);
        format!("{}-{number}", self.prefix)
    }
}

/// The command id of a session's timer tick for the period that `at` falls
/// in: every node's tick for one period has the same id, so JetStream keeps
/// one of them and every replica applies the same ticks.
pub fn tick_command_id(session: &str, at: Millis, period: Duration) -> String {
    let period = (period.as_millis() as i64).max(1);
    format!("tick-{session}-{}", at.0.div_euclid(period))
}

/// The command id of a connection's leave: one per connection, so that a
/// leave appended again (because its append failed, or a node found the
/// connection orphaned) is stored once.
pub fn leave_command_id(connection: &ConnectionId) -> String {
    format!("leave-{}", connection.0)
}

/// The `now` a replica applies an entry with: the entry's stamped time, but
/// never earlier than the last entry's (nodes' clocks differ). It depends
/// only on the entries, so it is the same on every replica.
pub fn applied_time(stamped: Millis, last_applied: Millis) -> Millis {
    Millis(stamped.0.max(last_applied.0))
}

/// The id of the `NodeDown` command for `node` in `session`, the same on
/// every node that heard the same last beat: JetStream keeps one of them.
/// Should two survivors disagree on the last beat (a lost heartbeat), the
/// second command finds no connection of that node left and changes nothing.
pub fn node_down_command_id(session: &str, node: &str, last_beat: u64) -> String {
    format!("node-down-{session}-{node}-{last_beat}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_node_names_a_period_s_tick_alike() {
        let period = Duration::from_millis(1000);
        assert_eq!(
            tick_command_id("main", Millis(5_000), period),
            tick_command_id("main", Millis(5_999), period)
        );
        assert_ne!(
            tick_command_id("main", Millis(5_999), period),
            tick_command_id("main", Millis(6_000), period)
        );
        assert_ne!(
            tick_command_id("main", Millis(5_000), period),
            tick_command_id("side", Millis(5_000), period)
        );
        assert_eq!(
            tick_command_id("main", Millis(5_000), period),
            "tick-main-5"
        );
        // A zero period must not divide by zero.
        tick_command_id("main", Millis(5), Duration::ZERO);
    }

    #[test]
    fn applied_time_never_goes_back() {
        let mut last = Millis(0);
        let stamped = [100, 90, 120, 120, 50, 130];
        let applied: Vec<i64> = stamped
            .iter()
            .map(|&at| {
                last = applied_time(Millis(at), last);
                last.0
            })
            .collect();
        assert_eq!(applied, [100, 100, 120, 120, 120, 130]);
    }

    #[test]
    fn every_survivor_names_the_command_alike() {
        assert_eq!(
            node_down_command_id("plenary", "n2-18c2f", 41),
            "node-down-plenary-n2-18c2f-41"
        );
        assert_ne!(
            node_down_command_id("plenary", "n2-18c2f", 41),
            node_down_command_id("side", "n2-18c2f", 41)
        );
    }
}
