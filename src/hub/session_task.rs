//! The owner of one session: the only task that touches its core state.
//!
//! It takes messages in order, applies them to the core, stores what they
//! produced in one write (so a burst shares one commit), and only then sends
//! events, acks and welcomes. Nobody is told of an event that is not stored.
//! Writes are pipelined: while one round's write is on its way to disk the
//! owner applies the next, and rounds are answered in order as they land.
//! Caption partials, which are never stored, go out as soon as they are
//! applied.
//!
//! Commands that change the session pass through a sequencer before they
//! are applied. In local mode it hands them straight back. In cluster mode
//! (`--nats`) it stamps each with this node's time and a unique id and
//! appends it to the session's command log; the owner applies the log's
//! entries, this node's and other nodes', in log order, each at its stamped
//! time (never earlier than the one before), so every node's replica makes
//! the same events with the same `seq`. The node that took a command
//! answers it (ack, error, welcome) when its replica applies it.

mod replication;

use super::outbound::Outbound;
use super::registry::Viewer;
use super::registry::{Hub, JoinAccepted, JoinArguments};
use crate::cluster::{self, LogEntry, SessionFeed};
use crate::core::{
    self, Actor, Applied, CaptionPartial, Command, ConnectionId, Event, EventAudience, EventBody,
    InviteId, ParticipantId, Rejection, Seq, SessionInfo, State,
};
use crate::protocol::server_frame::{self, Limits, Welcome};
use crate::protocol::CloseReason;
use crate::protocol::{CommandId, ErrorCode};
use crate::store::{StoreError, StoredEvent, WriteBatch};
use axum::extract::ws::Utf8Bytes;
use futures_util::stream::{FuturesOrdered, StreamExt};
use replication::{next_entry, next_failure, next_tick, starting_point, ClusterSequencer};
use serde_json::value::RawValue;
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

/// The most messages handled in one round (one store write).
const MESSAGES_PER_ROUND: usize = 256;

pub(crate) enum SessionMessage {
    Join {
        connection: ConnectionId,
        arguments: Box<JoinArguments>,
        outbound: Outbound,
        reply: oneshot::Sender<Result<JoinAccepted, Rejection>>,
    },
    Command {
        connection: ConnectionId,
        id: Option<CommandId>,
        command: Command,
    },
    Disconnect {
        connection: ConnectionId,
    },
    Admin {
        command: Command,
        reply: oneshot::Sender<Result<SessionInfo, Rejection>>,
    },
    SubscribeCaptions {
        connection: ConnectionId,
        id: Option<CommandId>,
        langs: Vec<String>,
    },
    /// A Zoom-style HTTP caption post; the reply comes once it is stored.
    CaptionPost {
        invite: InviteId,
        command: Command,
        reply: oneshot::Sender<Result<(), Rejection>>,
    },
    CaptionCursor {
        invite: InviteId,
        reply: oneshot::Sender<u64>,
    },
    /// The owner's own timer: finish idle appended caption lines, drop
    /// held queue places past their grace period.
    Tick,
    /// A moderator's `report.request`.
    ReportRequest {
        connection: ConnectionId,
        id: Option<CommandId>,
    },
    /// Finish and exit (graceful shutdown).
    Stop,
}

struct Subscriber {
    outbound: Outbound,
    viewer: Viewer,
}

/// Who receives a shared frame: the audience of events, also used for
/// transient frames (moderators only: `ModeratorsAnd(None)`).
type Audience = EventAudience;

const MODERATORS: Audience = EventAudience::ModeratorsAnd(None);

/// What to do once the round's write is durable, in order.
enum AfterCommit {
    Broadcast(Utf8Bytes, Audience),
    Direct(ConnectionId, Utf8Bytes),
    Accept {
        connection: ConnectionId,
        subscriber: Subscriber,
        accepted: JoinAccepted,
        reply: oneshot::Sender<Result<JoinAccepted, Rejection>>,
    },
    AdminReply(oneshot::Sender<Result<SessionInfo, Rejection>>, SessionInfo),
    CaptionReply(oneshot::Sender<Result<(), Rejection>>),
    CursorReply(oneshot::Sender<u64>, u64),
    /// A moderator removed this participant: close their connections.
    CloseParticipant(ParticipantId),
    /// The session's info changed (on any node, in cluster mode).
    RememberInfo(SessionInfo),
    /// A node was declared down: if it is this one (it was cut off from
    /// the others, not dead), its connections are no longer present
    /// anywhere, so they are closed to reconnect and resume.
    CloseNodeConnections(String),
}

/// Where a session's commands get their order before they are applied.
enum Sequencer {
    /// One node: a command is applied the moment it is submitted.
    Local,
    /// Cluster mode: a command is appended to the session's command log,
    /// and applied when it comes back from the log in the log's order.
    Cluster(ClusterSequencer),
}

/// Who to answer once a submitted command is applied (on the node that took it).
enum Reply {
    /// Nobody (a leave, a tick, or another node's command).
    Nobody,
    /// A connection's command: `ack` or `error`.
    Connection {
        connection: ConnectionId,
        id: Option<CommandId>,
    },
    Join(Box<PendingJoin>),
    Admin(oneshot::Sender<Result<SessionInfo, Rejection>>),
    Caption(oneshot::Sender<Result<(), Rejection>>),
}

/// A join's shell side, kept while its command is sequenced.
struct PendingJoin {
    connection: ConnectionId,
    outbound: Outbound,
    caption_tracks: Vec<String>,
    resume_from: Option<Seq>,
    offered_secret: Option<String>,
    fresh_secret: String,
    reply: oneshot::Sender<Result<JoinAccepted, Rejection>>,
}

struct SessionOwner {
    hub: Arc<Hub>,
    session_id: String,
    state: State,
    subscribers: HashMap<ConnectionId, Subscriber>,
    /// The latest events, serialized, for resuming clients, with who may
    /// receive each.
    recent_events: VecDeque<(Seq, Utf8Bytes, Audience)>,
    /// The chat history as a JSON array, rebuilt only after new chat, so a
    /// join storm neither re-serializes nor copies it per join.
    chat_history: Option<Box<RawValue>>,
    limits: Limits,
    /// The last `now` handed to the core; time never goes backwards for it.
    last_now: i64,
    /// Set when a round changed the queue or the floor, so that the queue
    /// summary goes out once at the end of the round.
    floor_changed: bool,
    sequencer: Sequencer,
}

pub(crate) async fn run_session_owner(
    hub: Arc<Hub>,
    session_id: String,
    mut mailbox: mpsc::Receiver<SessionMessage>,
) {
    let loaded = match hub.store.load_session(&session_id).await {
        Ok(Some(loaded)) => loaded,
        Ok(None) => {
            tracing::error!(session = %session_id, "session vanished from the store");
            return;
        }
        Err(error) => {
            tracing::error!(session = %session_id, %error, "cannot load session");
            mailbox.close();
            hub.forget_handle(&session_id);
            return;
        }
    };
    let log_position = loaded.log_position;
    let starting = match starting_point(hub.cluster.as_deref(), loaded).await {
        Ok(starting) => starting,
        Err(error) => {
            tracing::error!(session = %session_id, %error, "cannot rebuild the session");
            mailbox.close();
            hub.forget_handle(&session_id);
            return;
        }
    };
    let state = starting.state;
    let (sequencer, mut feed, mut failures) = match &hub.cluster {
        None => (Sequencer::Local, None, None),
        Some(node) => match node
            .open_session(&session_id, starting.log_position + 1)
            .await
        {
            Ok((appender, feed, failures)) => {
                let sequencer = ClusterSequencer {
                    node: node.clone(),
                    appender,
                    pending: HashMap::new(),
                    last_applied: starting.applied_time,
                    declared_down: HashSet::new(),
                    stored_up_to: log_position,
                    entries_since_snapshot: None,
                    suspected_orphans: BTreeSet::new(),
                };
                (Sequencer::Cluster(sequencer), Some(feed), Some(failures))
            }
            Err(error) => {
                tracing::error!(session = %session_id, %error, "cannot follow the session's command log");
                mailbox.close();
                hub.forget_handle(&session_id);
                return;
            }
        },
    };
    let limits = Limits {
        frame_max_bytes: hub.config.frame_max_bytes,
        chat_max_chars: core::CHAT_MAX_CHARS,
        name_max_chars: core::NAME_MAX_CHARS,
        caption_line_max_chars: core::CAPTION_LINE_MAX_CHARS,
    };
    let mut owner = SessionOwner {
        hub: hub.clone(),
        session_id: session_id.clone(),
        state,
        subscribers: HashMap::new(),
        recent_events: VecDeque::new(),
        chat_history: None,
        limits,
        last_now: 0,
        floor_changed: false,
        sequencer,
    };
    let mut presence_tick = tokio::time::interval(hub.config.presence_interval);
    presence_tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // Rounds whose write is on its way to disk, oldest first. The owner goes
    // on applying later rounds meanwhile (an fsync can take tens of
    // milliseconds); each round's frames still go out only once it is stored,
    // and in round order.
    let mut in_flight: FuturesOrdered<CommittedRound> = FuturesOrdered::new();
    // Cluster mode: how often to look for connections of nodes gone silent.
    let mut liveness_tick = hub
        .cluster
        .as_ref()
        .and_then(|node| node.liveness())
        .map(|liveness| {
            let mut tick = tokio::time::interval(liveness.config().interval);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            tick
        });
    let failed = loop {
        tokio::select! {
            message = mailbox.recv(), if in_flight.len() < ROUNDS_IN_FLIGHT => {
                let Some(first) = message else { break false };
                let mut round = vec![first];
                while round.len() < MESSAGES_PER_ROUND {
                    match mailbox.try_recv() {
                        Ok(message) => round.push(message),
                        Err(_) => break,
                    }
                }
                let stop = round.iter().any(|message| matches!(message, SessionMessage::Stop));
                owner.apply_round(round, &mut in_flight);
                if stop {
                    break false;
                }
            }
            Some((result, after_commit)) = in_flight.next(), if !in_flight.is_empty() => {
                if owner.finish_round(result, after_commit).is_err() {
                    break true;
                }
            }
            _ = presence_tick.tick() => {
                owner.apply_round(vec![SessionMessage::Tick], &mut in_flight);
                owner.publish_presence(&mut in_flight);
            }
            entry = next_entry(&mut feed), if in_flight.len() < ROUNDS_IN_FLIGHT => {
                let mut round = Vec::new();
                let mut failed = false;
                let mut next = entry;
                loop {
                    match next {
                        Some(Ok(entry)) => round.push(entry),
                        Some(Err(error)) => {
                            tracing::error!(session = %session_id, %error, "reading the command log failed");
                            failed = true;
                            break;
                        }
                        None => {
                            tracing::error!(session = %session_id, "the command log's replay ended");
                            failed = true;
                            break;
                        }
                    }
                    if round.len() == MESSAGES_PER_ROUND {
                        break;
                    }
                    match feed.as_mut().and_then(SessionFeed::entry_at_hand) {
                        Some(entry) => next = Some(entry),
                        None => break,
                    }
                }
                owner.apply_entries(round, &mut in_flight);
                if failed {
                    owner.close_everyone(CloseReason::InternalError);
                    break true;
                }
            }
            Some((command_id, error)) = next_failure(&mut failures) => {
                owner.append_failed(&command_id, &error);
            }
            _ = next_tick(&mut liveness_tick) => {
                owner.expire_silent_nodes();
                owner.leave_orphaned_connections();
            }
        }
    };
    if !failed {
        while let Some((result, after_commit)) = in_flight.next().await {
            if owner.finish_round(result, after_commit).is_err() {
                break;
            }
        }
    }
    mailbox.close();
    hub.forget_handle(&session_id);
}

/// A round's store write, resolving with what to do once it is durable.
type CommittedRound =
    Pin<Box<dyn Future<Output = (Result<(), StoreError>, Vec<AfterCommit>)> + Send>>;

/// Rounds a session may have waiting for the store at once; past this the
/// owner stops reading its mailbox, so senders wait (backpressure).
const ROUNDS_IN_FLIGHT: usize = 8;

impl SessionOwner {
    fn now(&mut self) -> core::Millis {
        self.last_now = self.last_now.max(super::wall_clock_now().0);
        core::Millis(self.last_now)
    }

    /// Takes a round of messages: hands each command to the sequencer
    /// ([`Self::submit`]), which in local mode applies it to the core at
    /// once, and starts the round's store write. Its frames are sent by
    /// [`Self::finish_round`] once the write, and every earlier round's, is
    /// durable. In cluster mode the commands are applied later, as the log
    /// gives them back ([`Self::apply_entries`]).
    fn apply_round(
        &mut self,
        round: Vec<SessionMessage>,
        in_flight: &mut FuturesOrdered<CommittedRound>,
    ) {
        let now = self.now();
        let mut write = WriteBatch {
            session_id: self.session_id.clone(),
            ..Default::default()
        };
        let mut after_commit = Vec::new();
        for message in round {
            match message {
                SessionMessage::Join {
                    connection,
                    arguments,
                    outbound,
                    reply,
                } => {
                    let JoinArguments {
                        request,
                        resume_from,
                        caption_tracks,
                        offered_secret,
                        fresh_secret,
                    } = *arguments;
                    let info = self.state.info();
                    let caption_tracks = match &caption_tracks {
                        None => vec![info.languages[0].clone()],
                        Some(requested) => match core::resolve_tracks(info, requested) {
                            Ok(tracks) => tracks,
                            Err(rejection) => {
                                let _ = reply.send(Err(rejection));
                                continue;
                            }
                        },
                    };
                    let join = PendingJoin {
                        connection: connection.clone(),
                        outbound,
                        caption_tracks,
                        resume_from,
                        offered_secret,
                        fresh_secret,
                        reply,
                    };
                    self.submit(
                        Command::Join(request),
                        Actor::Connection(connection),
                        Reply::Join(Box::new(join)),
                        now,
                        &mut write,
                        &mut after_commit,
                    );
                }
                SessionMessage::Command {
                    connection,
                    id,
                    command,
                } => {
                    let actor = Actor::Connection(connection.clone());
                    let reply = Reply::Connection { connection, id };
                    self.submit(command, actor, reply, now, &mut write, &mut after_commit);
                }
                SessionMessage::Disconnect { connection } => {
                    self.subscribers.remove(&connection);
                    let actor = Actor::Connection(connection);
                    self.submit(
                        Command::Leave,
                        actor,
                        Reply::Nobody,
                        now,
                        &mut write,
                        &mut after_commit,
                    );
                }
                SessionMessage::Admin { command, reply } => self.submit(
                    command,
                    Actor::Admin,
                    Reply::Admin(reply),
                    now,
                    &mut write,
                    &mut after_commit,
                ),
                SessionMessage::CaptionPost {
                    invite,
                    command,
                    reply,
                } => self.submit(
                    command,
                    Actor::CaptionApi(invite),
                    Reply::Caption(reply),
                    now,
                    &mut write,
                    &mut after_commit,
                ),
                SessionMessage::CaptionCursor { invite, reply } => {
                    let cursor = self.state.captions().post_cursor(&invite);
                    after_commit.push(AfterCommit::CursorReply(reply, cursor));
                }
                SessionMessage::SubscribeCaptions {
                    connection,
                    id,
                    langs,
                } => self.subscribe_captions(connection, id.as_ref(), &langs, &mut after_commit),
                SessionMessage::Tick => self.submit(
                    Command::Tick,
                    Actor::Server,
                    Reply::Nobody,
                    now,
                    &mut write,
                    &mut after_commit,
                ),
                SessionMessage::ReportRequest { connection, id } => {
                    self.start_report(connection, id.as_ref());
                }
                SessionMessage::Stop => {}
            }
        }
        self.end_round(write, after_commit, in_flight);
    }

    /// Hands a command to the sequencer. In local mode it is applied at
    /// once; in cluster mode it is stamped and appended to the log, and
    /// applied when the log gives it back ([`Self::apply_entries`]).
    fn submit(
        &mut self,
        command: Command,
        actor: Actor,
        reply: Reply,
        now: core::Millis,
        write: &mut WriteBatch,
        after_commit: &mut Vec<AfterCommit>,
    ) {
        let Sequencer::Cluster(sequencer) = &mut self.sequencer else {
            self.apply_sequenced(command, &actor, now, reply, write, after_commit);
            return;
        };
        let command_id = match command {
            // Every node ticks; one tick per period is kept.
            Command::Tick => {
                cluster::tick_command_id(&self.session_id, now, self.hub.config.presence_interval)
            }
            Command::Leave => match &actor {
                Actor::Connection(connection) => cluster::leave_command_id(connection),
                _ => sequencer.node.next_command_id(),
            },
            _ => sequencer.node.next_command_id(),
        };
        let entry = LogEntry {
            session: self.session_id.clone(),
            command,
            actor,
            at: now,
            origin: sequencer.node.node_id().to_owned(),
            command_id,
        };
        let command_id = entry.command_id.clone();
        if !sequencer.appender.append(entry) {
            tracing::warn!(session = %self.session_id, "the command log's queue is full; command refused");
            self.refuse(reply);
        } else if !matches!(reply, Reply::Nobody) {
            sequencer.pending.insert(command_id, reply);
        }
    }

    /// Answers a command that was never sequenced.
    fn refuse(&mut self, reply: Reply) {
        let rejection = Rejection::unavailable();
        match reply {
            Reply::Nobody => {}
            Reply::Connection { connection, id } => {
                let error = server_frame::error(
                    id.as_ref(),
                    ErrorCode::from(rejection.code),
                    &rejection.message,
                );
                self.perform(AfterCommit::Direct(connection, error.into()));
            }
            Reply::Join(join) => {
                let _ = join.reply.send(Err(rejection));
            }
            Reply::Admin(reply) => {
                let _ = reply.send(Err(rejection));
            }
            Reply::Caption(reply) => {
                let _ = reply.send(Err(rejection));
            }
        }
    }

    /// Applies one sequenced command and answers it, if this node took it.
    fn apply_sequenced(
        &mut self,
        command: Command,
        actor: &Actor,
        now: core::Millis,
        reply: Reply,
        write: &mut WriteBatch,
        after_commit: &mut Vec<AfterCommit>,
    ) {
        if let Reply::Join(join) = reply {
            return self.join(command, actor, *join, now, write, after_commit);
        }
        let node_down = match &command {
            Command::NodeDown { node } => Some(node.clone()),
            _ => None,
        };
        match core::apply(&mut self.state, command, actor, now) {
            Ok(applied) => {
                self.record(applied, write, after_commit);
                if let Some(node) = node_down {
                    after_commit.push(AfterCommit::CloseNodeConnections(node));
                }
                match reply {
                    Reply::Nobody | Reply::Join(_) => {}
                    Reply::Connection { connection, id } => {
                        let ack = server_frame::ack(id.as_ref(), self.state.seq());
                        after_commit.push(AfterCommit::Direct(connection, ack.into()));
                    }
                    Reply::Admin(reply) => {
                        after_commit.push(AfterCommit::AdminReply(reply, self.state.info().clone()))
                    }
                    Reply::Caption(reply) => after_commit.push(AfterCommit::CaptionReply(reply)),
                }
            }
            Err(rejection) => match reply {
                Reply::Nobody | Reply::Join(_) => {}
                Reply::Connection { connection, id } => {
                    let error = server_frame::error(
                        id.as_ref(),
                        ErrorCode::from(rejection.code),
                        &rejection.message,
                    );
                    after_commit.push(AfterCommit::Direct(connection, error.into()));
                }
                Reply::Admin(reply) => {
                    let _ = reply.send(Err(rejection));
                }
                Reply::Caption(reply) => {
                    let _ = reply.send(Err(rejection));
                }
            },
        }
    }

    /// Ends a round: the queue summary if the floor changed, then the
    /// store write, or the frames at once if there is nothing to store.
    fn end_round(
        &mut self,
        write: WriteBatch,
        mut after_commit: Vec<AfterCommit>,
        in_flight: &mut FuturesOrdered<CommittedRound>,
    ) {
        if std::mem::take(&mut self.floor_changed) {
            let summary = server_frame::queue_summary(self.state.floor());
            after_commit.push(AfterCommit::Broadcast(summary.into(), Audience::Everyone));
        }
        if write.is_empty() {
            self.perform_in_order(after_commit, in_flight);
            return;
        }
        // Queued now, in round order; see `Store::write`.
        let written = self.hub.store.write(write);
        in_flight.push_back(Box::pin(async move { (written.await, after_commit) }));
    }

    /// Performs actions that need no write, but only after every round
    /// still in flight: a frame must never overtake an earlier round's
    /// frames, nor reach a connection before its `welcome` does.
    fn perform_in_order(
        &mut self,
        actions: Vec<AfterCommit>,
        in_flight: &mut FuturesOrdered<CommittedRound>,
    ) {
        if in_flight.is_empty() {
            for action in actions {
                self.perform(action);
            }
        } else if !actions.is_empty() {
            in_flight.push_back(Box::pin(std::future::ready((Ok(()), actions))));
        }
    }

    /// Sends a stored round's frames; on a failed write, closes everyone.
    fn finish_round(
        &mut self,
        result: Result<(), StoreError>,
        after_commit: Vec<AfterCommit>,
    ) -> Result<(), StoreError> {
        if let Err(error) = result {
            tracing::error!(session = %self.session_id, %error, "store write failed; closing the session's connections");
            self.close_everyone(CloseReason::InternalError);
            return Err(error);
        }
        for action in after_commit {
            self.perform(action);
        }
        Ok(())
    }

    /// Queues what a command produced: records and events to store, and
    /// events to send once the write is durable. Caption partials are never
    /// stored, so they go out at once instead of waiting for the round's
    /// commit (an fsync can take tens of milliseconds).
    fn record(
        &mut self,
        applied: Applied,
        write: &mut WriteBatch,
        after_commit: &mut Vec<AfterCommit>,
    ) {
        write.records.extend(applied.records);
        self.record_events(applied.events, write, after_commit);
        for partial in applied.partials {
            let audience = EventAudience::CaptionTrack(partial.lang.clone());
            let frame = server_frame::caption_partial(&partial);
            self.broadcast(frame.into(), audience);
        }
    }

    /// Serializes each event once; the same text is stored and sent.
    fn record_events(
        &mut self,
        events: Vec<Event>,
        write: &mut WriteBatch,
        after_commit: &mut Vec<AfterCommit>,
    ) {
        for event in events {
            let json = server_frame::event(&event);
            let mut close_participant = None;
            match &event.body {
                EventBody::ChatMessage { .. } | EventBody::ChatDeleted { .. } => {
                    self.chat_history = None
                }
                EventBody::SessionUpdated { session } => {
                    write.session = Some(session.clone());
                    // Also when another node changed it, in cluster mode.
                    after_commit.push(AfterCommit::RememberInfo(session.clone()));
                }
                EventBody::RoleChanged { participant, role } => {
                    for subscriber in self.subscribers.values_mut() {
                        if &subscriber.viewer.participant == participant {
                            subscriber.viewer.role = *role;
                        }
                    }
                }
                EventBody::ParticipantRemoved { participant, .. } => {
                    close_participant = Some(participant.clone());
                }
                body if body.changes_floor() => self.floor_changed = true,
                _ => {}
            }
            let audience = event.body.audience();
            write.events.push(StoredEvent {
                seq: event.seq,
                kind: event.body.type_name(),
                ts_millis: event.ts.0,
                json: json.clone(),
            });
            let bytes = Utf8Bytes::from(json);
            if self.recent_events.len() == self.hub.config.replay_buffer_events.max(1) {
                self.recent_events.pop_front();
            }
            self.recent_events
                .push_back((event.seq, bytes.clone(), audience.clone()));
            after_commit.push(AfterCommit::Broadcast(bytes, audience));
            if let Some(participant) = close_participant {
                after_commit.push(AfterCommit::CloseParticipant(participant));
            }
        }
    }

    /// Applies a join this node took, and welcomes the connection once the
    /// round is stored.
    fn join(
        &mut self,
        command: Command,
        actor: &Actor,
        join: PendingJoin,
        now: core::Millis,
        write: &mut WriteBatch,
        after_commit: &mut Vec<AfterCommit>,
    ) {
        let PendingJoin {
            connection,
            outbound,
            caption_tracks,
            resume_from,
            offered_secret,
            fresh_secret,
            reply,
        } = join;
        let offered_digest = match &command {
            Command::Join(request) => request.offered_secret.clone(),
            _ => None,
        };
        let applied = match core::apply(&mut self.state, command, actor, now) {
            Ok(applied) => applied,
            Err(rejection) => {
                let _ = reply.send(Err(rejection));
                return;
            }
        };
        // A join can produce events (a held queue place given back).
        self.record(applied, write, after_commit);
        let participant = self
            .state
            .participant_of(&connection)
            .expect("joined participant")
            .clone();
        let restored = offered_digest.as_ref() == Some(&participant.secret_digest);
        let resume_secret = match (offered_secret, restored) {
            (Some(offered), true) => offered,
            _ => fresh_secret,
        };
        let current_seq = self.state.seq();
        let resume_after = resume_from.filter(|&after| after <= current_seq);
        let subscriber = Subscriber {
            outbound,
            viewer: Viewer {
                participant: participant.id.clone(),
                role: participant.role,
                caption_tracks,
            },
        };
        let (backlog, stored_range) = match resume_after {
            Some(after) => self.backlog_after(after, current_seq, &subscriber.viewer),
            None => (Vec::new(), None),
        };
        let roster = participant.role.is_moderator().then(|| self.state.roster());
        self.refresh_chat_history();
        let chat = self.chat_history.as_deref().expect("refreshed above");
        let entry = participant.roster_entry();
        let welcome = server_frame::welcome(&Welcome {
            participant: &entry,
            resume_secret: &resume_secret,
            resumed: resume_after.is_some(),
            restored,
            session: self.state.info(),
            seq: current_seq,
            presence: self.state.presence_counts(),
            chat,
            captions: &self.caption_snapshot(&subscriber.viewer.caption_tracks),
            floor: &server_frame::FloorSnapshot::of(self.state.floor(), &subscriber.viewer),
            questions: &self
                .state
                .questions()
                .visible_to(&participant.id, participant.role.is_moderator())
                .collect::<Vec<_>>(),
            moderation: self.state.moderation(),
            premoderated: self.state.questions().premoderation(),
            roster: roster.as_deref(),
            limits: &self.limits,
        });
        let accepted = JoinAccepted {
            welcome: welcome.into(),
            viewer: subscriber.viewer.clone(),
            backlog,
            stored_range,
            participant: participant.id.clone(),
        };
        after_commit.push(AfterCommit::Accept {
            connection,
            subscriber,
            accepted,
            reply,
        });
    }

    /// Events in `(after, up_to]`: from memory if it still holds them all,
    /// otherwise a range for the connection to read from the store.
    fn backlog_after(
        &self,
        after: Seq,
        up_to: Seq,
        viewer: &Viewer,
    ) -> (Vec<Utf8Bytes>, Option<(Seq, Seq)>) {
        if after == up_to {
            return (Vec::new(), None);
        }
        let oldest_in_memory = self.recent_events.front().map(|(seq, _, _)| *seq);
        match oldest_in_memory {
            Some(oldest) if oldest <= after + 1 => {
                let frames = self
                    .recent_events
                    .iter()
                    .filter(|(seq, _, audience)| *seq > after && viewer.receives(audience))
                    .map(|(_, bytes, _)| bytes.clone())
                    .collect();
                (frames, None)
            }
            _ => (Vec::new(), Some((after, up_to))),
        }
    }

    /// The recent finished lines and the open lines of some tracks.
    fn caption_snapshot(&self, tracks: &[String]) -> server_frame::CaptionSnapshot {
        let captions = self.state.captions();
        let recent: Vec<String> = tracks
            .iter()
            .flat_map(|lang| captions.recent_finals(lang))
            .map(server_frame::event)
            .collect();
        let partial: Vec<CaptionPartial> = tracks
            .iter()
            .flat_map(|lang| captions.open_lines(lang))
            .collect();
        server_frame::CaptionSnapshot {
            tracks: tracks.to_vec(),
            recent,
            partial,
        }
    }

    fn subscribe_captions(
        &mut self,
        connection: ConnectionId,
        id: Option<&CommandId>,
        langs: &[String],
        after_commit: &mut Vec<AfterCommit>,
    ) {
        let frame = match core::resolve_tracks(self.state.info(), langs) {
            Ok(tracks) => {
                let snapshot = self.caption_snapshot(&tracks);
                if let Some(subscriber) = self.subscribers.get_mut(&connection) {
                    subscriber.viewer.caption_tracks = tracks;
                }
                let snapshot = server_frame::captions_snapshot(&snapshot);
                after_commit.push(AfterCommit::Direct(connection.clone(), snapshot.into()));
                server_frame::ack(id, self.state.seq())
            }
            Err(rejection) => {
                server_frame::error(id, ErrorCode::from(rejection.code), &rejection.message)
            }
        };
        after_commit.push(AfterCommit::Direct(connection, frame.into()));
    }

    fn refresh_chat_history(&mut self) {
        if self.chat_history.is_none() {
            let events: Vec<String> = self.state.recent_chat().map(server_frame::event).collect();
            let array = RawValue::from_string(format!("[{}]", events.join(",")));
            self.chat_history = Some(array.expect("serialized events form a JSON array"));
        }
    }

    fn perform(&mut self, action: AfterCommit) {
        match action {
            AfterCommit::Broadcast(frame, audience) => self.broadcast(frame, audience),
            AfterCommit::Direct(connection, frame) => {
                let overflowed = self
                    .subscribers
                    .get(&connection)
                    .is_some_and(|subscriber| subscriber.outbound.try_push(frame).is_err());
                if overflowed {
                    self.cut_slow_consumer(&connection);
                }
            }
            AfterCommit::Accept {
                connection,
                subscriber,
                accepted,
                reply,
            } => {
                if reply.send(Ok(accepted)).is_ok() {
                    self.subscribers.insert(connection, subscriber);
                }
            }
            AfterCommit::AdminReply(reply, info) => {
                self.hub.remember_info(info.clone());
                let _ = reply.send(Ok(info));
            }
            AfterCommit::RememberInfo(info) => self.hub.remember_info(info),
            AfterCommit::CaptionReply(reply) => {
                let _ = reply.send(Ok(()));
            }
            AfterCommit::CursorReply(reply, cursor) => {
                let _ = reply.send(cursor);
            }
            AfterCommit::CloseNodeConnections(node) => {
                self.subscribers.retain(|connection, subscriber| {
                    let gone = connection.belongs_to_node(&node);
                    if gone {
                        subscriber
                            .outbound
                            .request_close(CloseReason::ServiceRestart);
                    }
                    !gone
                });
            }
            AfterCommit::CloseParticipant(participant) => {
                self.subscribers.retain(|_, subscriber| {
                    let removed = subscriber.viewer.participant == participant;
                    if removed {
                        subscriber.outbound.request_close(CloseReason::Removed);
                    }
                    !removed
                });
            }
        }
    }

    fn broadcast(&mut self, frame: Utf8Bytes, audience: Audience) {
        let mut overflowed = Vec::new();
        for (connection, subscriber) in &self.subscribers {
            if !subscriber.viewer.receives(&audience) {
                continue;
            }
            if subscriber.outbound.try_push(frame.clone()).is_err() {
                overflowed.push(connection.clone());
            }
        }
        for connection in overflowed {
            self.cut_slow_consumer(&connection);
        }
    }

    /// Forgets a connection whose outbound queue overflowed; the queue has
    /// already asked its writer to close with 4000.
    fn cut_slow_consumer(&mut self, connection: &ConnectionId) {
        tracing::info!(session = %self.session_id, %connection, "slow consumer disconnected");
        self.hub.metrics.slow_consumer_disconnects.inc();
        self.subscribers.remove(connection);
    }

    /// Publishes the presence changes since the last period. They are
    /// sent behind the rounds in flight, so that a participant whose join
    /// is still being stored is welcomed before the counts that include
    /// them go out, and so receives them.
    fn publish_presence(&mut self, in_flight: &mut FuturesOrdered<CommittedRound>) {
        let Some(changes) = self.state.take_presence_changes() else {
            return;
        };
        let mut actions = vec![AfterCommit::Broadcast(
            server_frame::presence(&changes.counts).into(),
            Audience::Everyone,
        )];
        if !changes.roster_joins.is_empty() || !changes.roster_leaves.is_empty() {
            actions.push(AfterCommit::Broadcast(
                server_frame::presence_diff(&changes).into(),
                MODERATORS,
            ));
        }
        self.perform_in_order(actions, in_flight);
    }

    /// Builds the equity report from the store, off the owner's task, and
    /// sends it to the moderator who asked.
    fn start_report(&mut self, connection: ConnectionId, id: Option<&CommandId>) {
        let Some(subscriber) = self.subscribers.get(&connection) else {
            return;
        };
        if !subscriber.viewer.role.is_moderator() {
            let error = server_frame::error(
                id,
                ErrorCode::Forbidden,
                "only a moderator can see the report",
            );
            let _ = subscriber.outbound.try_push(error.into());
            return;
        }
        let outbound = subscriber.outbound.clone();
        let store = self.hub.store.clone();
        let session_id = self.session_id.clone();
        let id = id.cloned();
        tokio::spawn(async move {
            let frame = match super::report::load_report(store.as_ref(), &session_id).await {
                Ok(Some(report)) => server_frame::report(id.as_ref(), &report),
                Ok(None) => {
                    server_frame::error(id.as_ref(), ErrorCode::NotFound, "no such session")
                }
                Err(error) => {
                    server_frame::error(id.as_ref(), ErrorCode::Internal, &error.to_string())
                }
            };
            let _ = outbound.try_push(frame.into());
        });
    }

    fn close_everyone(&mut self, reason: CloseReason) {
        for subscriber in self.subscribers.values() {
            subscriber.outbound.request_close(reason);
        }
        self.subscribers.clear();
    }
}
