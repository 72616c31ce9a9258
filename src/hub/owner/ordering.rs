//! Where a session's commands get their order: the one seam between local
//! and cluster mode in the owner.
//!
//! On one node ([`Ordering::Immediate`]) a command is applied the moment it
//! is submitted. In a cluster ([`Ordering::Log`]) it becomes an entry of the
//! session's command log, and is applied when the log gives it back, in the
//! log's order, on every node alike. Everything only the cluster side needs
//! lives in [`LogOrdering`]: the answers this node owes for its own entries,
//! the time the last entry was applied at, how far this node's store
//! already holds the log, when the next snapshot is due, and the nodes and
//! orphaned connections already being dealt with.

use super::fanout::Viewer;
use crate::cluster::{self, CommandIds, LogEntry};
use crate::core::{Actor, Command, ConnectionId, Millis, Seq};
use crate::protocol::CommandId;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::time::Duration;

/// A session's snapshot is stored with the first round an owner applies and
/// then once per this many log entries, so that a restarting node replays
/// at most about this many (plus one round).
pub const SNAPSHOT_EVERY_ENTRIES: usize = 1_000;

/// Who to answer once a submitted command is applied (on the node that
/// took it). `R` is a connection's recipient, `A` the shell's opaque handle
/// for an answer it awaits.
pub enum Reply<R, A> {
    /// Nobody (a leave, a tick, or another node's command).
    Nobody,
    /// A connection's command: `ack` or `error`.
    Connection {
        connection: ConnectionId,
        id: Option<CommandId>,
    },
    Join(Box<PendingJoin<R, A>>),
    /// The organiser's change, answered with the session.
    Admin(A),
    /// An HTTP caption post, answered once stored.
    CaptionPost(A),
}

/// A join's shell side, kept while its command is ordered and applied.
pub struct PendingJoin<R, A> {
    pub connection: ConnectionId,
    pub recipient: R,
    pub caption_tracks: Vec<String>,
    pub resume_from: Option<Seq>,
    /// The secret the client presented, echoed back if it proves identity.
    pub offered_secret: Option<String>,
    /// A freshly generated secret, handed out if a new participant is made.
    pub fresh_secret: String,
    pub answer: A,
}

pub enum Ordering<R, A> {
    /// One node: commands are applied as they are submitted.
    Immediate,
    /// A cluster: commands go through the session's command log.
    Log(LogOrdering<R, A>),
}

/// What a cluster owner starts from, besides its state.
pub struct LogStart {
    /// This node's id, the `origin` of its entries.
    pub node_id: String,
    /// The prefix of this node's connection ids (id and run), whose
    /// connections this owner alone may find orphaned.
    pub connection_prefix: String,
    pub command_ids: CommandIds,
    /// The timer's period: every node names a period's tick alike.
    pub tick_period: Duration,
    /// The time the last entry of the starting state was applied at.
    pub last_applied: Millis,
    /// The stream sequence up to which this node's store already holds
    /// what the entries produced.
    pub stored_up_to: u64,
}

pub struct LogOrdering<R, A> {
    node_id: String,
    connection_prefix: String,
    command_ids: CommandIds,
    tick_period: Duration,
    /// This node's entries in the log, by command id, with who to answer
    /// once the replica has applied them.
    pending: HashMap<String, Reply<R, A>>,
    /// Entries are applied at `max(stamped, last)`, the same on every replica.
    last_applied: Millis,
    stored_up_to: u64,
    /// Entries applied since the last snapshot; `None` until this owner
    /// stored one, so that its first round stores one.
    entries_since_snapshot: Option<usize>,
    /// The `NodeDown` commands this node appended, so that a silent node is
    /// declared down once while its command is on its way.
    declared_down: HashSet<String>,
    /// This node's connections that the last check found present in the
    /// replica with no socket behind them.
    suspected_orphans: BTreeSet<ConnectionId>,
}

impl<R, A> LogOrdering<R, A> {
    pub fn new(start: LogStart) -> LogOrdering<R, A> {
        LogOrdering {
            node_id: start.node_id,
            connection_prefix: start.connection_prefix,
            command_ids: start.command_ids,
            tick_period: start.tick_period,
            pending: HashMap::new(),
            last_applied: start.last_applied,
            stored_up_to: start.stored_up_to,
            entries_since_snapshot: None,
            declared_down: HashSet::new(),
            suspected_orphans: BTreeSet::new(),
        }
    }

    /// The entry for a command this node submits, its answer kept until the
    /// log gives it back. A tick and a leave get the ids every node would
    /// give them, so that JetStream keeps one.
    pub fn submit(
        &mut self,
        session: &str,
        command: Command,
        actor: Actor,
        now: Millis,
        reply: Reply<R, A>,
    ) -> LogEntry {
        let command_id = match (&command, &actor) {
            (Command::Tick, _) => cluster::tick_command_id(session, now, self.tick_period),
            (Command::Leave, Actor::Connection(connection)) => {
                cluster::leave_command_id(connection)
            }
            _ => self.command_ids.next(),
        };
        if !matches!(reply, Reply::Nobody) {
            self.pending.insert(command_id.clone(), reply);
        }
        self.entry(session, command, actor, now, command_id)
    }

    /// The one place an entry is made.
    fn entry(
        &self,
        session: &str,
        command: Command,
        actor: Actor,
        at: Millis,
        command_id: String,
    ) -> LogEntry {
        LogEntry {
            session: session.to_owned(),
            command,
            actor,
            at,
            origin: self.node_id.clone(),
            command_id,
        }
    }

    /// The answer owed for an entry of the log, if this node submitted it.
    pub fn take_reply(&mut self, entry: &LogEntry) -> Option<Reply<R, A>> {
        if entry.origin != self.node_id {
            return None;
        }
        self.pending.remove(&entry.command_id)
    }

    /// An append failed or was refused: the answer it owed, if any. A
    /// `NodeDown` that did not reach the log is declared again.
    pub fn append_failed(&mut self, command_id: &str) -> Option<Reply<R, A>> {
        self.declared_down.remove(command_id);
        self.pending.remove(command_id)
    }

    /// The time an entry stamped `at` is applied at; see
    /// [`cluster::applied_time`].
    pub fn applied_time(&mut self, at: Millis) -> Millis {
        self.last_applied = cluster::applied_time(at, self.last_applied);
        self.last_applied
    }

    pub fn last_applied(&self) -> Millis {
        self.last_applied
    }

    /// Whether this node's store already holds what the entry produced (it
    /// is applied again only to rebuild the replica after a restart).
    pub fn is_stored(&self, stream_sequence: u64) -> bool {
        stream_sequence <= self.stored_up_to
    }

    /// Counts `applied` entries; true when a snapshot is due with this round.
    pub fn snapshot_due(&mut self, applied: usize) -> bool {
        let since = self.entries_since_snapshot.map(|count| count + applied);
        let due = since.is_none_or(|count| count >= SNAPSHOT_EVERY_ENTRIES);
        self.entries_since_snapshot = since;
        due
    }

    /// A snapshot was put in this round's write.
    pub fn snapshot_taken(&mut self) {
        self.entries_since_snapshot = Some(0);
    }

    /// The `NodeDown` entries to append for silent nodes, each `(node
    /// prefix, last beat)`, leaving out those already on their way. Every
    /// survivor derives the same command id, so JetStream keeps one.
    pub fn declare_down(
        &mut self,
        session: &str,
        silent: &[(String, u64)],
        now: Millis,
    ) -> Vec<LogEntry> {
        let mut entries = Vec::new();
        for (node, last_beat) in silent {
            let command_id = cluster::node_down_command_id(session, node, *last_beat);
            if !self.declared_down.insert(command_id.clone()) {
                continue;
            }
            tracing::warn!(session, %node, last_beat, "a node went silent; its connections leave");
            let command = Command::NodeDown { node: node.clone() };
            entries.push(self.entry(session, command, Actor::Server, now, command_id));
        }
        entries
    }

    /// Leaves for this node's own connections that the replica holds
    /// present but that no socket here stands behind (`present` lists the
    /// replica's, `subscribed` says which have a socket), found so on two
    /// checks in a row: a join applied just now is not subscribed until its
    /// round is stored. They come from a leave whose append failed, from a
    /// join refused because its append failed although JetStream had stored
    /// it, or from a join whose client gave up before its welcome. Each
    /// leave has the connection's own command id, so appending one again is
    /// harmless.
    pub fn leave_orphans(
        &mut self,
        session: &str,
        present: Vec<ConnectionId>,
        subscribed: impl Fn(&ConnectionId) -> bool,
        now: Millis,
    ) -> Vec<LogEntry> {
        let joining: HashSet<&ConnectionId> = self
            .pending
            .values()
            .filter_map(|reply| match reply {
                Reply::Join(join) => Some(&join.connection),
                _ => None,
            })
            .collect();
        let orphans: BTreeSet<ConnectionId> = present
            .into_iter()
            .filter(|connection| !subscribed(connection) && !joining.contains(connection))
            .collect();
        let confirmed: Vec<ConnectionId> = orphans
            .intersection(&self.suspected_orphans)
            .cloned()
            .collect();
        self.suspected_orphans = orphans;
        confirmed
            .into_iter()
            .map(|connection| {
                tracing::warn!(session, %connection, "a connection of this node is present with no socket; it leaves");
                let command_id = cluster::leave_command_id(&connection);
                self.entry(session, Command::Leave, Actor::Connection(connection), now, command_id)
            })
            .collect()
    }

    /// The prefix of this node's connection ids.
    pub fn connection_prefix(&self) -> &str {
        &self.connection_prefix
    }
}

impl<R, A> PendingJoin<R, A> {
    /// The viewer the connection becomes once joined as `participant`.
    pub fn viewer(&self, participant: &crate::core::Participant) -> Viewer {
        Viewer {
            participant: participant.id.clone(),
            role: participant.role,
            caption_tracks: self.caption_tracks.clone(),
        }
    }
}
