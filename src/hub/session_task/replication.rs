//! A session owner's cluster-mode half: the sequencer's state on this
//! node, where an owner starts (its snapshot), applying the command log's
//! entries as rounds, declaring silent nodes down, and failed appends.
//! In local mode none of this runs; see the parent module for the owner.

use super::{CommittedRound, Reply, Sequencer, SessionOwner};
use crate::cluster::{
    self, AppendFailures, ClusterNode, LogEntry, ReplayedEntry, SessionAppender, SessionFeed,
};
use crate::core::{self, Actor, Command, ConnectionId, State};
use crate::store::{LoadedSession, SessionSnapshot, WriteBatch};
use futures_util::stream::FuturesOrdered;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

/// Cluster mode: a session's snapshot is stored with the first round an
/// owner applies and then once per this many log entries, so that a
/// restarting node replays at most about this many (plus one round).
const SNAPSHOT_EVERY_ENTRIES: usize = 1_000;

pub(super) struct ClusterSequencer {
    pub(super) node: Arc<ClusterNode>,
    pub(super) appender: SessionAppender,
    /// This node's commands in the log, by command id, with who to answer
    /// once the replica has applied them.
    pub(super) pending: HashMap<String, Reply>,
    /// The time the last entry was applied with: entries are applied at
    /// `max(stamped, last)`, the same on every replica.
    pub(super) last_applied: core::Millis,
    /// The `NodeDown` commands this node appended, by command id, so that a
    /// silent node is declared down once while its command is on its way.
    pub(super) declared_down: HashSet<String>,
    /// The stream sequence up to which this node's store already holds what
    /// the entries produced (its position when the owner started). A
    /// restarted owner applies those entries again only to rebuild its
    /// replica, from its snapshot on: their events are not stored or sent
    /// a second time.
    pub(super) stored_up_to: u64,
    /// Entries applied since the last snapshot; `None` until this owner
    /// stored one, so that its first round stores one.
    pub(super) entries_since_snapshot: Option<usize>,
    /// This node's connections that the last check found present in the
    /// replica with no socket behind them; see
    /// [`SessionOwner::leave_orphaned_connections`].
    pub(super) suspected_orphans: BTreeSet<ConnectionId>,
}

/// Where an owner starts: the state, and in cluster mode the log entry that
/// state is as of and the time that entry was applied at.
pub(super) struct StartingPoint {
    pub(super) state: State,
    pub(super) log_position: u64,
    pub(super) applied_time: core::Millis,
}

/// The state an owner starts from. In local mode, and in cluster mode
/// before any entry was applied, it is rebuilt from the stored events. In
/// cluster mode it is the stored snapshot: the events alone lack what the
/// log's later entries depend on (other nodes' connections, open caption
/// lines), and the owner replays the log after the snapshot. Without a
/// readable snapshot (a store from before snapshots, or one of another
/// format) the owner replays the whole log from the session as the
/// cluster's directory holds it, as created.
pub(super) async fn starting_point(
    cluster: Option<&ClusterNode>,
    loaded: LoadedSession,
) -> Result<StartingPoint, String> {
    let Some(node) = cluster else {
        return Ok(from_stored_events(loaded));
    };
    if let Some(snapshot) = &loaded.snapshot {
        match core::decode_snapshot(&snapshot.state) {
            Ok(state) => {
                return Ok(StartingPoint {
                    state,
                    log_position: snapshot.log_position,
                    applied_time: core::Millis(snapshot.applied_time),
                })
            }
            Err(error) => {
                tracing::error!(session = %loaded.info.id, %error, "replaying the whole command log instead");
            }
        }
    }
    if loaded.log_position == 0 {
        return Ok(from_stored_events(loaded));
    }
    let directory = node
        .directory()
        .ok_or("no session directory to replay the log from")?;
    let created = directory
        .get(&loaded.info.id)
        .await
        .map_err(|error| error.to_string())?
        .ok_or("the session is not in the cluster's directory")?;
    Ok(StartingPoint {
        state: State::new(created),
        log_position: 0,
        applied_time: core::Millis(0),
    })
}

fn from_stored_events(loaded: LoadedSession) -> StartingPoint {
    StartingPoint {
        log_position: loaded.log_position,
        applied_time: core::Millis(0),
        state: State::restore(
            loaded.info,
            loaded.participants,
            loaded.events,
            loaded.caption_cursors,
        ),
    }
}

/// The next entry of the session's command log; never, in local mode.
pub(super) async fn next_entry(
    feed: &mut Option<SessionFeed>,
) -> Option<Result<ReplayedEntry, cluster::CommandLogError>> {
    match feed {
        Some(feed) => feed.next_entry().await,
        None => std::future::pending().await,
    }
}

/// The next tick of an optional interval; never without one.
pub(super) async fn next_tick(interval: &mut Option<tokio::time::Interval>) {
    match interval {
        Some(interval) => {
            interval.tick().await;
        }
        None => std::future::pending().await,
    }
}

/// The next append that failed; never, in local mode.
pub(super) async fn next_failure(
    failures: &mut Option<AppendFailures>,
) -> Option<(String, cluster::CommandLogError)> {
    match failures {
        Some(failures) => failures.next().await,
        None => std::future::pending().await,
    }
}

impl SessionOwner {
    /// Applies entries of the command log, in log order, as one round.
    pub(super) fn apply_entries(
        &mut self,
        entries: Vec<ReplayedEntry>,
        in_flight: &mut FuturesOrdered<CommittedRound>,
    ) {
        let Sequencer::Cluster(sequencer) = &mut self.sequencer else {
            return;
        };
        let mut write = WriteBatch {
            session_id: self.session_id.clone(),
            ..Default::default()
        };
        let mut after_commit = Vec::new();
        let mut sequenced = Vec::with_capacity(entries.len());
        let applied_count = entries.len();
        for replayed in entries {
            let entry = replayed.entry;
            let now = cluster::applied_time(entry.at, sequencer.last_applied);
            sequencer.last_applied = now;
            write.log_position = Some(replayed.stream_sequence);
            if replayed.stream_sequence <= sequencer.stored_up_to {
                // Applied and stored before this owner started: only the
                // replica needs it. Entries come in order, so these come
                // before any of the round's new ones.
                let _ = core::apply(&mut self.state, entry.command, &entry.actor, now);
                continue;
            }
            let reply = if entry.origin == sequencer.node.node_id() {
                sequencer.pending.remove(&entry.command_id)
            } else {
                None
            };
            sequenced.push((entry.command, entry.actor, now, reply));
        }
        let applied_time = sequencer.last_applied;
        let since_snapshot = sequencer
            .entries_since_snapshot
            .map(|count| count + applied_count);
        for (command, actor, now, reply) in sequenced {
            let reply = reply.unwrap_or(Reply::Nobody);
            self.apply_sequenced(command, &actor, now, reply, &mut write, &mut after_commit);
        }
        if let Sequencer::Cluster(sequencer) = &mut self.sequencer {
            // A round with no entry has no position to tag a snapshot with.
            let due = since_snapshot.is_none_or(|count| count >= SNAPSHOT_EVERY_ENTRIES);
            match write.log_position {
                Some(log_position) if due => {
                    write.snapshot = Some(SessionSnapshot {
                        log_position,
                        applied_time: applied_time.0,
                        state: core::encode_snapshot(&self.state),
                    });
                    sequencer.entries_since_snapshot = Some(0);
                }
                _ => sequencer.entries_since_snapshot = since_snapshot,
            }
        }
        self.end_round(write, after_commit, in_flight);
    }

    /// Cluster mode: for every node that has connections in this session
    /// but has gone silent (see `cluster::Liveness`), appends one
    /// `NodeDown` command. Every surviving node running the session does
    /// the same with the same command id, and JetStream keeps one.
    pub(super) fn expire_silent_nodes(&mut self) {
        let now = self.now();
        let Sequencer::Cluster(sequencer) = &mut self.sequencer else {
            return;
        };
        let Some(liveness) = sequencer.node.liveness() else {
            return;
        };
        let silent: Vec<(String, u64)> = self
            .state
            .connected_nodes()
            .into_iter()
            .filter_map(|node| Some((node.to_owned(), liveness.down(node)?)))
            .collect();
        for (node, last_beat) in silent {
            let command_id = cluster::node_down_command_id(&self.session_id, &node, last_beat);
            if sequencer.declared_down.contains(&command_id) {
                continue;
            }
            tracing::warn!(session = %self.session_id, %node, last_beat, "a node went silent; its connections leave");
            let entry = LogEntry {
                session: self.session_id.clone(),
                command: Command::NodeDown { node },
                actor: Actor::Server,
                at: now,
                origin: sequencer.node.node_id().to_owned(),
                command_id: command_id.clone(),
            };
            // If it is refused (a full queue), the next check tries again.
            if sequencer.appender.append(entry) {
                sequencer.declared_down.insert(command_id);
            }
        }
    }

    /// An append to the command log failed: its command is refused.
    pub(super) fn append_failed(&mut self, command_id: &str, error: &cluster::CommandLogError) {
        tracing::warn!(session = %self.session_id, %command_id, %error, "appending a command failed");
        let Sequencer::Cluster(sequencer) = &mut self.sequencer else {
            return;
        };
        // A node-down that did not reach the log is declared again.
        sequencer.declared_down.remove(command_id);
        if let Some(reply) = sequencer.pending.remove(command_id) {
            self.refuse(reply);
        }
    }

    /// Cluster mode: appends a leave for each of this node's own
    /// connections that the replica holds present but that no socket here
    /// stands behind, found so on two checks in a row (a join applied just
    /// now is not a subscriber until its round is stored). They come from a
    /// leave whose append failed (NATS down, a full queue), from a join
    /// refused because its append failed although JetStream had stored it
    /// (the ack was lost), or from a join whose client gave up before its
    /// welcome. Each leave has the connection's own command id, so
    /// appending one again is harmless.
    pub(super) fn leave_orphaned_connections(&mut self) {
        let now = self.now();
        let Sequencer::Cluster(sequencer) = &mut self.sequencer else {
            return;
        };
        let joining: HashSet<&ConnectionId> = sequencer
            .pending
            .values()
            .filter_map(|reply| match reply {
                Reply::Join(join) => Some(&join.connection),
                _ => None,
            })
            .collect();
        let orphans: BTreeSet<ConnectionId> = self
            .state
            .connections_of_node(&sequencer.node.connection_prefix())
            .into_iter()
            .filter(|connection| {
                !self.subscribers.contains_key(connection) && !joining.contains(connection)
            })
            .collect();
        let confirmed: Vec<ConnectionId> = orphans
            .intersection(&sequencer.suspected_orphans)
            .cloned()
            .collect();
        sequencer.suspected_orphans = orphans;
        for connection in confirmed {
            tracing::warn!(session = %self.session_id, %connection, "a connection of this node is present with no socket; it leaves");
            let entry = LogEntry {
                session: self.session_id.clone(),
                command: Command::Leave,
                actor: Actor::Connection(connection.clone()),
                at: now,
                origin: sequencer.node.node_id().to_owned(),
                command_id: cluster::leave_command_id(&connection),
            };
            // If it is refused, the next check finds the connection again.
            sequencer.appender.append(entry);
        }
    }
}
