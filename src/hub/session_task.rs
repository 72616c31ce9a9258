//! The owner of one session: the only task that touches its core state.
//!
//! It takes messages in order, applies them to the core, stores what they
//! produced in one write (so a burst shares one commit), and only then sends
//! events, acks and welcomes. Nobody is told of an event that is not stored.

use super::outbound::{CloseReason, Outbound};
use super::registry::{Hub, JoinAccepted, JoinArguments};
use crate::core::{
    self, Actor, Command, ConnectionId, Event, EventBody, Rejection, Role, Seq, SessionInfo, State,
};
use crate::protocol::server_frame::{self, Limits, Welcome};
use crate::protocol::{CommandId, ErrorCode};
use crate::store::{StoreError, StoredEvent, WriteBatch};
use axum::extract::ws::Utf8Bytes;
use serde_json::value::RawValue;
use std::collections::{HashMap, VecDeque};
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
    /// Finish and exit (graceful shutdown).
    Stop,
}

struct Subscriber {
    outbound: Outbound,
    role: Role,
}

/// Who receives a shared frame.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Audience {
    Everyone,
    Moderators,
}

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
}

struct SessionOwner {
    hub: Arc<Hub>,
    session_id: String,
    state: State,
    subscribers: HashMap<ConnectionId, Subscriber>,
    /// The latest events, serialized, for resuming clients.
    recent_events: VecDeque<(Seq, Utf8Bytes)>,
    /// The chat history as a JSON array, rebuilt only after new chat, so a
    /// join storm neither re-serializes nor copies it per join.
    chat_history: Option<Box<RawValue>>,
    limits: Limits,
    /// The last `now` handed to the core; time never goes backwards for it.
    last_now: i64,
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
    let state = State::restore(loaded.info, loaded.participants, loaded.events);
    let limits = Limits {
        frame_max_bytes: hub.config.frame_max_bytes,
        chat_max_chars: core::CHAT_MAX_CHARS,
        name_max_chars: core::NAME_MAX_CHARS,
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
    };
    let mut presence_tick = tokio::time::interval(hub.config.presence_interval);
    presence_tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            message = mailbox.recv() => {
                let Some(first) = message else { break };
                let mut round = vec![first];
                while round.len() < MESSAGES_PER_ROUND {
                    match mailbox.try_recv() {
                        Ok(message) => round.push(message),
                        Err(_) => break,
                    }
                }
                let stop = round.iter().any(|message| matches!(message, SessionMessage::Stop));
                if let Err(error) = owner.handle_round(round).await {
                    tracing::error!(session = %session_id, %error, "store write failed; closing the session's connections");
                    owner.close_everyone(CloseReason::InternalError);
                    break;
                }
                if stop {
                    break;
                }
            }
            _ = presence_tick.tick() => owner.publish_presence(),
        }
    }
    mailbox.close();
    hub.forget_handle(&session_id);
}

impl SessionOwner {
    fn now(&mut self) -> core::Millis {
        self.last_now = self.last_now.max(super::wall_clock_now().0);
        core::Millis(self.last_now)
    }

    async fn handle_round(&mut self, round: Vec<SessionMessage>) -> Result<(), StoreError> {
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
                } => self.join(
                    connection,
                    *arguments,
                    outbound,
                    reply,
                    now,
                    &mut write,
                    &mut after_commit,
                ),
                SessionMessage::Command {
                    connection,
                    id,
                    command,
                } => {
                    let actor = Actor::Connection(connection.clone());
                    match core::apply(&mut self.state, command, &actor, now) {
                        Ok(applied) => {
                            write.records.extend(applied.records);
                            self.record_events(applied.events, &mut write, &mut after_commit);
                            let ack = server_frame::ack(id.as_ref(), self.state.seq());
                            after_commit.push(AfterCommit::Direct(connection, ack.into()));
                        }
                        Err(rejection) => {
                            let error = server_frame::error(
                                id.as_ref(),
                                ErrorCode::from(rejection.code),
                                &rejection.message,
                            );
                            after_commit.push(AfterCommit::Direct(connection, error.into()));
                        }
                    }
                }
                SessionMessage::Disconnect { connection } => {
                    self.subscribers.remove(&connection);
                    let actor = Actor::Connection(connection);
                    if let Ok(applied) = core::apply(&mut self.state, Command::Leave, &actor, now) {
                        write.records.extend(applied.records);
                    }
                }
                SessionMessage::Admin { command, reply } => {
                    match core::apply(&mut self.state, command, &Actor::Admin, now) {
                        Ok(applied) => {
                            write.records.extend(applied.records);
                            self.record_events(applied.events, &mut write, &mut after_commit);
                            after_commit
                                .push(AfterCommit::AdminReply(reply, self.state.info().clone()));
                        }
                        Err(rejection) => {
                            let _ = reply.send(Err(rejection));
                        }
                    }
                }
                SessionMessage::Stop => {}
            }
        }
        if !write.is_empty() {
            self.hub.store.write(write).await?;
        }
        for action in after_commit {
            self.perform(action);
        }
        Ok(())
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
            match &event.body {
                EventBody::ChatMessage { .. } => self.chat_history = None,
                EventBody::SessionUpdated { session } => write.session = Some(session.clone()),
            }
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
            self.recent_events.push_back((event.seq, bytes.clone()));
            after_commit.push(AfterCommit::Broadcast(bytes, Audience::Everyone));
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn join(
        &mut self,
        connection: ConnectionId,
        arguments: JoinArguments,
        outbound: Outbound,
        reply: oneshot::Sender<Result<JoinAccepted, Rejection>>,
        now: core::Millis,
        write: &mut WriteBatch,
        after_commit: &mut Vec<AfterCommit>,
    ) {
        let offered_digest = arguments.request.offered_secret.clone();
        let actor = Actor::Connection(connection.clone());
        let applied = match core::apply(
            &mut self.state,
            Command::Join(arguments.request),
            &actor,
            now,
        ) {
            Ok(applied) => applied,
            Err(rejection) => {
                let _ = reply.send(Err(rejection));
                return;
            }
        };
        write.records.extend(applied.records);
        let participant = self
            .state
            .participant_of(&connection)
            .expect("joined participant")
            .clone();
        let restored = offered_digest.as_ref() == Some(&participant.secret_digest);
        let resume_secret = match (&arguments.offered_secret, restored) {
            (Some(offered), true) => offered.clone(),
            _ => arguments.fresh_secret.clone(),
        };
        let current_seq = self.state.seq();
        let resume_after = arguments.resume_from.filter(|&after| after <= current_seq);
        let (backlog, stored_range) = match resume_after {
            Some(after) => self.backlog_after(after, current_seq),
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
            roster: roster.as_deref(),
            limits: &self.limits,
        });
        let accepted = JoinAccepted {
            welcome: welcome.into(),
            backlog,
            stored_range,
            participant: participant.id.clone(),
        };
        let subscriber = Subscriber {
            outbound,
            role: participant.role,
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
    fn backlog_after(&self, after: Seq, up_to: Seq) -> (Vec<Utf8Bytes>, Option<(Seq, Seq)>) {
        if after == up_to {
            return (Vec::new(), None);
        }
        let oldest_in_memory = self.recent_events.front().map(|(seq, _)| *seq);
        match oldest_in_memory {
            Some(oldest) if oldest <= after + 1 => {
                let frames = self
                    .recent_events
                    .iter()
                    .filter(|(seq, _)| *seq > after)
                    .map(|(_, bytes)| bytes.clone())
                    .collect();
                (frames, None)
            }
            _ => (Vec::new(), Some((after, up_to))),
        }
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
                if let Some(subscriber) = self.subscribers.get(&connection) {
                    if subscriber.outbound.try_push(frame).is_err() {
                        self.subscribers.remove(&connection);
                    }
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
        }
    }

    fn broadcast(&mut self, frame: Utf8Bytes, audience: Audience) {
        let mut overflowed = Vec::new();
        for (connection, subscriber) in &self.subscribers {
            if audience == Audience::Moderators && !subscriber.role.is_moderator() {
                continue;
            }
            if subscriber.outbound.try_push(frame.clone()).is_err() {
                overflowed.push(connection.clone());
            }
        }
        for connection in overflowed {
            tracing::info!(session = %self.session_id, %connection, "slow consumer disconnected");
            self.subscribers.remove(&connection);
        }
    }

    fn publish_presence(&mut self) {
        let Some(changes) = self.state.take_presence_changes() else {
            return;
        };
        self.broadcast(
            server_frame::presence(&changes.counts).into(),
            Audience::Everyone,
        );
        if !changes.roster_joins.is_empty() || !changes.roster_leaves.is_empty() {
            self.broadcast(
                server_frame::presence_diff(&changes).into(),
                Audience::Moderators,
            );
        }
    }

    fn close_everyone(&mut self, reason: CloseReason) {
        for subscriber in self.subscribers.values() {
            subscriber.outbound.request_close(reason);
        }
        self.subscribers.clear();
    }
}
