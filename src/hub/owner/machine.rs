//! The session machine: everything a session's owner decides, with no IO
//! and no clock, in the manner of quinn-proto's `Connection` and str0m's
//! `Rtc`. The driver hands it what arrives (`handle_*`, each with `now`)
//! and performs what it asks for ([`SessionMachine::poll_output`]): write
//! a round's batch, append a log entry, answer a request, load a report.
//!
//! A round of requests is applied to the core at once; its events and
//! records go into one store write, and its frames, acks and welcomes go
//! out only once that write (and every earlier one) is durable (see
//! `rounds`). Caption partials are never stored, so they go out the moment
//! they are applied. Commands reach the core through the ordering seam
//! (see `ordering`): at once on one node, through the command log in a
//! cluster.

use super::counts::WorkCounts;
use super::fanout::{Fanout, Recipient, Viewer};
use super::ordering::{LogOrdering, Ordering, PendingJoin, Reply};
use super::resume::ResumeBuffer;
use super::rounds::{RoundId, Rounds};
use super::welcome::{caption_snapshot, questions_page, roster_page, Arrival, Welcomes};
use super::{Answer, JoinAccepted, JoinArguments};
use crate::cluster::{LogEntry, ReplayedEntry};
use crate::core::{
    self, Actor, Applied, Command, ConnectionId, Event, EventAudience, EventBody, InviteId, Millis,
    ParticipantId, Rejection, Role, SessionInfo, State,
};
use crate::protocol::frame::SnapshotPage;
use crate::protocol::server_frame::{self, Limits};
use crate::protocol::{CloseReason, CommandId, ErrorCode};
use crate::store::{SessionSnapshot, StoreError, StoredEvent, WriteBatch};
use axum::extract::ws::Utf8Bytes;
use std::collections::{BTreeSet, VecDeque};

/// What arrives from the session's mailbox. `R` is a connection's
/// recipient, `A` the shell's handle for an answer it awaits, which the
/// machine hands back untouched in [`Output::Answer`].
pub enum Request<R, A> {
    Join {
        connection: ConnectionId,
        arguments: Box<JoinArguments>,
        recipient: R,
        answer: A,
    },
    Command {
        connection: ConnectionId,
        id: Option<CommandId>,
        command: Command,
    },
    /// The connection is gone.
    Disconnect {
        connection: ConnectionId,
    },
    /// The organiser's change (`PATCH`).
    Admin {
        command: Command,
        answer: A,
    },
    SubscribeCaptions {
        connection: ConnectionId,
        id: Option<CommandId>,
        langs: Vec<String>,
    },
    /// A Zoom-style HTTP caption post, answered once stored.
    CaptionPost {
        invite: InviteId,
        command: Command,
        answer: A,
    },
    CaptionCursor {
        invite: InviteId,
        answer: A,
    },
    /// The organisers' live view of the session (`GET /api/event/live`),
    /// answered at once from the state.
    LiveSummary {
        answer: A,
    },
    /// A moderator's `report.request`.
    ReportRequest {
        connection: ConnectionId,
        id: Option<CommandId>,
    },
    /// `snapshot.more`: the next page of a list a `welcome` carried in part.
    SnapshotMore {
        connection: ConnectionId,
        id: Option<CommandId>,
        page: SnapshotPage,
    },
}

/// What the driver must do.
pub enum Output<R, A> {
    /// Store a round's batch. The driver hands batches to the store in the
    /// order they come (the store commits in that order) and reports each
    /// result, in any order, to [`SessionMachine::handle_write_landed`].
    Write { round: RoundId, batch: WriteBatch },
    /// Append an entry to the session's command log (cluster mode). If the
    /// append is refused or fails, the driver says so with
    /// [`SessionMachine::handle_append_failed`].
    Append(LogEntry),
    /// Send an answer to whoever awaits it.
    Answer(A, Answer),
    /// Build the equity report from the store and send it to this recipient.
    LoadReport { recipient: R, id: Option<CommandId> },
    /// The session's info changed, on this node or another: the listing
    /// should show it.
    SessionInfoChanged(SessionInfo),
    /// This connection's queue overflowed; it is cut off (4000).
    SlowConsumer(ConnectionId),
}

/// What to do once a round is stored, in order.
enum Action<R, A> {
    Broadcast(Utf8Bytes, EventAudience),
    Send(ConnectionId, Utf8Bytes),
    /// A join is in: the connection subscribes and is answered its welcome.
    Accept {
        connection: ConnectionId,
        recipient: R,
        viewer: Viewer,
        accepted: JoinAccepted,
        answer: A,
    },
    Answer(A, Answer),
    /// A moderator removed this participant: close their connections.
    CloseParticipant(ParticipantId, CloseReason),
    /// The session's info changed (on any node, in cluster mode).
    InfoChanged(SessionInfo),
    /// A node was declared down: if it is this one (it was cut off from the
    /// others, not dead), its connections are no longer present anywhere,
    /// so they are closed to reconnect and resume.
    CloseNodeConnections(String),
}

/// A round being applied: what to store, and what to do once stored.
struct Round<R, A> {
    write: WriteBatch,
    actions: Vec<Action<R, A>>,
}

pub struct MachineConfig {
    pub replay_buffer_events: usize,
    pub limits: Limits,
}

pub struct SessionMachine<R, A> {
    session_id: String,
    state: State,
    ordering: Ordering<R, A>,
    fanout: Fanout<R>,
    resume: ResumeBuffer,
    welcomes: Welcomes,
    rounds: Rounds<Action<R, A>>,
    outputs: VecDeque<Output<R, A>>,
    /// The last `now` handed to the core; time never goes backwards for it.
    last_now: Millis,
    /// Set when a round changed the queue or the floor, so that the queue
    /// summary goes out once at the end of the round.
    floor_changed: bool,
    /// A write or the command log failed: everyone was closed (1011) and
    /// the owner stops.
    failed: bool,
    /// What was done since the driver last took the counts.
    counts: WorkCounts,
}

impl<R: Recipient + Clone, A> SessionMachine<R, A> {
    pub fn new(
        session_id: String,
        state: State,
        ordering: Ordering<R, A>,
        config: MachineConfig,
    ) -> SessionMachine<R, A> {
        SessionMachine {
            session_id,
            state,
            ordering,
            fanout: Fanout::new(),
            resume: ResumeBuffer::new(config.replay_buffer_events),
            welcomes: Welcomes::new(config.limits),
            rounds: Rounds::new(),
            outputs: VecDeque::new(),
            last_now: Millis(0),
            floor_changed: false,
            failed: false,
            counts: WorkCounts::default(),
        }
    }

    /// The next thing for the driver to do, oldest first.
    pub fn poll_output(&mut self) -> Option<Output<R, A>> {
        self.outputs.pop_front()
    }

    /// Whether another round of requests may start: past
    /// `rounds::ROUNDS_IN_FLIGHT` the driver stops reading the mailbox.
    pub fn has_room(&self) -> bool {
        self.rounds.has_room()
    }

    /// Writes handed to the store whose result has not come back.
    pub fn writes_in_flight(&self) -> usize {
        self.rounds.writes_in_flight()
    }

    pub fn has_failed(&self) -> bool {
        self.failed
    }

    /// The nodes whose connections are present, for the liveness check.
    pub fn connected_nodes(&self) -> BTreeSet<&str> {
        self.state.connected_nodes()
    }

    /// Frames and bytes queued to connections since the last call.
    /// What was done since the last call, for the operator's metrics.
    pub fn take_counts(&mut self) -> WorkCounts {
        let (frames, bytes) = self.fanout.take_delivery_counts();
        WorkCounts {
            delivered_frames: frames,
            delivered_bytes: bytes,
            ..std::mem::take(&mut self.counts)
        }
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    /// A round of requests from the mailbox.
    pub fn handle_requests(&mut self, now: Millis, requests: Vec<Request<R, A>>) {
        let now = self.advance_clock(now);
        let mut round = self.round();
        for request in requests {
            self.request(request, now, &mut round);
        }
        self.end_round(round);
    }

    /// The timer: submits the session's tick (held places, idle caption
    /// lines, the start time), then publishes the presence changes since
    /// the last period. They go out behind the rounds in flight, so that a
    /// participant whose join is being stored is welcomed before the counts
    /// that include them, and so receives them.
    pub fn handle_presence_tick(&mut self, now: Millis) {
        let now = self.advance_clock(now);
        let mut round = self.round();
        self.submit(Command::Tick, Actor::Server, Reply::Nobody, now, &mut round);
        self.end_round(round);
        let Some(changes) = self.state.take_presence_changes() else {
            return;
        };
        let mut actions = vec![Action::Broadcast(
            server_frame::presence(&changes.counts).into(),
            EventAudience::Everyone,
        )];
        if !changes.roster_joins.is_empty() || !changes.roster_leaves.is_empty() {
            actions.push(Action::Broadcast(
                server_frame::presence_diff(&changes).into(),
                EventAudience::ModeratorsAnd(None),
            ));
        }
        let due = self.rounds.after_earlier_rounds(actions);
        self.perform(due);
    }

    /// The tally timer: the open poll's tally, if it changed since the
    /// last period, to everyone if its results are public and otherwise to
    /// moderators (and who chose what in a named poll, to moderators). It
    /// goes out behind the rounds in flight, so that it never counts an
    /// answer before that answer is stored.
    pub fn handle_tally_tick(&mut self) {
        let Some(poll) = self.state.take_changed_poll() else {
            return;
        };
        let (view, tally) = self.state.poll_tally(poll);
        let audience = if view.results_are_public() {
            EventAudience::Everyone
        } else {
            EventAudience::Moderators
        };
        let mut actions = vec![Action::Broadcast(
            server_frame::poll_tally(&view, &tally).into(),
            audience,
        )];
        if let Some(voters) = self.state.poll_voters(poll) {
            actions.push(Action::Broadcast(
                server_frame::poll_voters(poll, &voters).into(),
                EventAudience::Moderators,
            ));
        }
        let due = self.rounds.after_earlier_rounds(actions);
        self.perform(due);
    }

    /// A round's write landed, or failed. A failed write closes everyone
    /// (1011) and ends the session's owner: nobody is told of an event that
    /// was not stored, and the next client reloads the session from the
    /// store.
    pub fn handle_write_landed(&mut self, round: RoundId, result: Result<(), StoreError>) {
        if let Err(error) = result {
            tracing::error!(session = %self.session_id, %error, "store write failed; closing the session's connections");
            if error == StoreError::Full {
                self.refuse_pending_for_full_storage();
                self.fail(CloseReason::StorageFull);
            } else {
                self.fail(CloseReason::InternalError);
            }
            return;
        }
        let due = self.rounds.write_landed(round);
        self.perform(due);
    }

    /// Cluster mode: entries of the command log, in log order, as one round.
    pub fn handle_log_entries(&mut self, entries: Vec<ReplayedEntry>) {
        let mut round = self.round();
        let Ordering::Log(log) = &mut self.ordering else {
            return;
        };
        let applied_count = entries.len();
        let mut sequenced = Vec::with_capacity(entries.len());
        for replayed in entries {
            let entry = replayed.entry;
            let now = log.applied_time(entry.at);
            round.write.log_position = Some(replayed.stream_sequence);
            if log.is_stored(replayed.stream_sequence) {
                // Applied and stored before this owner started: only the
                // replica needs it. Entries come in order, so these come
                // before any of the round's new ones.
                let _ = core::apply(&mut self.state, entry.command, &entry.actor, now);
                continue;
            }
            let reply = log.take_reply(&entry).unwrap_or(Reply::Nobody);
            sequenced.push((entry.command, entry.actor, now, reply));
        }
        let applied_time = log.last_applied();
        let snapshot_due = log.snapshot_due(applied_count);
        for (command, actor, now, reply) in sequenced {
            self.apply_ordered(command, &actor, now, reply, &mut round);
        }
        // A round with no entry has no position to tag a snapshot with.
        if let (true, Some(log_position)) = (snapshot_due, round.write.log_position) {
            round.write.snapshot = Some(SessionSnapshot {
                log_position,
                applied_time: applied_time.0,
                state: core::encode_snapshot(&self.state),
            });
            if let Ordering::Log(log) = &mut self.ordering {
                log.snapshot_taken();
            }
        }
        self.end_round(round);
    }

    /// Cluster mode: the command log's replay failed or ended. Everyone is
    /// closed (1011) to reconnect and resume on a healthy owner.
    pub fn handle_log_failed(&mut self) {
        tracing::error!(session = %self.session_id, "the command log's replay failed");
        self.fail(CloseReason::InternalError);
    }

    /// Cluster mode: an append to the command log failed or was refused
    /// (its queue full): its command is refused, retryable.
    pub fn handle_append_failed(&mut self, command_id: &str) {
        tracing::warn!(session = %self.session_id, %command_id, "appending a command failed");
        let Ordering::Log(log) = &mut self.ordering else {
            return;
        };
        if let Some(reply) = log.append_failed(command_id) {
            self.refuse(reply);
        }
    }

    /// Cluster mode, once per heartbeat interval: every node that has
    /// connections here but went silent, `(connection prefix, last beat)`,
    /// is declared down; and this node's own orphaned connections leave.
    pub fn handle_liveness_tick(&mut self, now: Millis, silent: &[(String, u64)]) {
        let now = self.advance_clock(now);
        let Ordering::Log(log) = &mut self.ordering else {
            return;
        };
        let mut entries = log.declare_down(&self.session_id, silent, now);
        let present = self.state.connections_of_node(log.connection_prefix());
        let fanout = &self.fanout;
        entries.extend(log.leave_orphans(
            &self.session_id,
            present,
            |connection| fanout.contains(connection),
            now,
        ));
        self.outputs.extend(entries.into_iter().map(Output::Append));
    }

    fn advance_clock(&mut self, now: Millis) -> Millis {
        self.last_now = self.last_now.max(now);
        self.last_now
    }

    fn batch(&self) -> WriteBatch {
        WriteBatch {
            session_id: self.session_id.clone(),
            ..Default::default()
        }
    }

    fn round(&self) -> Round<R, A> {
        Round {
            write: self.batch(),
            actions: Vec::new(),
        }
    }

    fn request(&mut self, request: Request<R, A>, now: Millis, round: &mut Round<R, A>) {
        match request {
            Request::Join {
                connection,
                arguments,
                recipient,
                answer,
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
                            let answer_with = Answer::Joined {
                                connection,
                                result: Err(rejection),
                            };
                            self.outputs.push_back(Output::Answer(answer, answer_with));
                            return;
                        }
                    },
                };
                let join = PendingJoin {
                    connection: connection.clone(),
                    recipient,
                    caption_tracks,
                    resume_from,
                    offered_secret,
                    fresh_secret,
                    answer,
                };
                let actor = Actor::Connection(connection);
                let reply = Reply::Join(Box::new(join));
                self.submit(Command::Join(request), actor, reply, now, round);
            }
            Request::Command {
                connection,
                id,
                command,
            } => {
                let actor = Actor::Connection(connection.clone());
                let reply = Reply::Connection { connection, id };
                self.submit(command, actor, reply, now, round);
            }
            Request::Disconnect { connection } => {
                self.fanout.unsubscribe(&connection);
                let actor = Actor::Connection(connection);
                self.submit(Command::Leave, actor, Reply::Nobody, now, round);
            }
            Request::Admin { command, answer } => {
                self.submit(command, Actor::Admin, Reply::Admin(answer), now, round)
            }
            Request::CaptionPost {
                invite,
                command,
                answer,
            } => {
                let actor = Actor::CaptionApi(invite);
                self.submit(command, actor, Reply::CaptionPost(answer), now, round)
            }
            Request::CaptionCursor { invite, answer } => {
                let cursor = self.state.captions().post_cursor(&invite);
                round
                    .actions
                    .push(Action::Answer(answer, Answer::CaptionCursor(cursor)));
            }
            Request::SubscribeCaptions {
                connection,
                id,
                langs,
            } => self.subscribe_captions(connection, id.as_ref(), &langs, round),
            Request::LiveSummary { answer } => {
                let summary = core::live_summary(&self.state, now);
                round
                    .actions
                    .push(Action::Answer(answer, Answer::Live(Box::new(summary))));
            }
            Request::ReportRequest { connection, id } => self.report_request(connection, id),
            Request::SnapshotMore {
                connection,
                id,
                page,
            } => self.snapshot_more(connection, id.as_ref(), &page, round),
        }
    }

    /// Hands a command to the ordering seam: applied at once on one node,
    /// appended to the log in a cluster (and applied when the log gives it
    /// back, [`Self::handle_log_entries`]).
    fn submit(
        &mut self,
        command: Command,
        actor: Actor,
        reply: Reply<R, A>,
        now: Millis,
        round: &mut Round<R, A>,
    ) {
        if let Ordering::Log(log) = &mut self.ordering {
            let entry = log.submit(&self.session_id, command, actor, now, reply);
            self.outputs.push_back(Output::Append(entry));
            return;
        }
        self.apply_ordered(command, &actor, now, reply, round);
    }

    /// Answers a command that was never ordered (its append failed).
    fn refuse(&mut self, reply: Reply<R, A>) {
        let rejection = Rejection::unavailable();
        match reply {
            Reply::Nobody => {}
            Reply::Connection { connection, id } => {
                let error = rejection_frame(id.as_ref(), &rejection);
                self.send(&connection, error);
            }
            Reply::Join(join) => {
                let answer = Answer::Joined {
                    connection: join.connection,
                    result: Err(rejection),
                };
                self.outputs.push_back(Output::Answer(join.answer, answer));
            }
            Reply::Admin(answer) => self
                .outputs
                .push_back(Output::Answer(answer, Answer::Admin(Err(rejection)))),
            Reply::CaptionPost(answer) => self
                .outputs
                .push_back(Output::Answer(answer, Answer::CaptionPost(Err(rejection)))),
        }
    }

    /// Applies one ordered command and answers it, if this node took it.
    fn apply_ordered(
        &mut self,
        command: Command,
        actor: &Actor,
        now: Millis,
        reply: Reply<R, A>,
        round: &mut Round<R, A>,
    ) {
        if let Reply::Join(join) = reply {
            return self.join(command, actor, *join, now, round);
        }
        let node_down = match &command {
            Command::NodeDown { node } => Some(node.clone()),
            _ => None,
        };
        let from_client = !matches!(reply, Reply::Nobody);
        self.counts.commands += u64::from(from_client);
        match core::apply(&mut self.state, command, actor, now) {
            Ok(applied) => {
                self.record(applied, round);
                if let Some(node) = node_down {
                    round.actions.push(Action::CloseNodeConnections(node));
                }
                let answer = match reply {
                    Reply::Nobody | Reply::Join(_) => return,
                    Reply::Connection { connection, id } => {
                        let ack = server_frame::ack(id.as_ref(), self.state.seq());
                        return round.actions.push(Action::Send(connection, ack.into()));
                    }
                    Reply::Admin(answer) => {
                        let info = self.state.info().clone();
                        round.actions.push(Action::InfoChanged(info.clone()));
                        Action::Answer(answer, Answer::Admin(Ok(info)))
                    }
                    Reply::CaptionPost(answer) => {
                        Action::Answer(answer, Answer::CaptionPost(Ok(())))
                    }
                };
                round.actions.push(answer);
            }
            // A refusal changes nothing, so it need not wait for a write;
            // it still goes out in round order.
            Err(rejection) if from_client => {
                self.counts.refusals.push(ErrorCode::from(rejection.code));
                self.refused(rejection, reply, round)
            }
            Err(_) => {}
        }
    }

    /// Answers a client whose command the core refused.
    fn refused(&mut self, rejection: Rejection, reply: Reply<R, A>, round: &mut Round<R, A>) {
        match reply {
            Reply::Nobody | Reply::Join(_) => {}
            Reply::Connection { connection, id } => {
                let error = rejection_frame(id.as_ref(), &rejection);
                round.actions.push(Action::Send(connection, error));
            }
            Reply::Admin(answer) => round
                .actions
                .push(Action::Answer(answer, Answer::Admin(Err(rejection)))),
            Reply::CaptionPost(answer) => round
                .actions
                .push(Action::Answer(answer, Answer::CaptionPost(Err(rejection)))),
        }
    }

    /// Applies a join this node took, and welcomes the connection once the
    /// round is stored.
    fn join(
        &mut self,
        command: Command,
        actor: &Actor,
        join: PendingJoin<R, A>,
        now: Millis,
        round: &mut Round<R, A>,
    ) {
        let offered_digest = match &command {
            Command::Join(request) => request.offered_secret.clone(),
            _ => None,
        };
        let applied = match core::apply(&mut self.state, command, actor, now) {
            Ok(applied) => applied,
            Err(rejection) => {
                let answer = Answer::Joined {
                    connection: join.connection,
                    result: Err(rejection),
                };
                round.actions.push(Action::Answer(join.answer, answer));
                return;
            }
        };
        // A join can produce events (a held queue place given back).
        self.record(applied, round);
        let participant = self
            .state
            .participant_of(&join.connection)
            .expect("joined participant")
            .clone();
        let restored = offered_digest.as_ref() == Some(&participant.secret_digest);
        let resume_secret = match (&join.offered_secret, restored) {
            (Some(offered), true) => offered.clone(),
            _ => join.fresh_secret.clone(),
        };
        let current_seq = self.state.seq();
        let resume_after = join.resume_from.filter(|&after| after <= current_seq);
        let viewer = join.viewer(&participant);
        let backlog = match resume_after {
            Some(after) => self.resume.backlog_after(after, current_seq, &viewer),
            None => Default::default(),
        };
        let arrival = Arrival {
            resume_secret: &resume_secret,
            resumed: resume_after.is_some(),
            restored,
        };
        let welcome = self
            .welcomes
            .welcome(&self.state, &participant, &viewer, arrival);
        let accepted = JoinAccepted {
            welcome,
            viewer: viewer.clone(),
            backlog: backlog.frames,
            stored_range: backlog.stored_range,
            participant: participant.id.clone(),
        };
        round.actions.push(Action::Accept {
            connection: join.connection,
            recipient: join.recipient,
            viewer,
            accepted,
            answer: join.answer,
        });
    }

    /// Queues what a command produced: records and events to store, and
    /// events to send once the write is durable. Caption partials are never
    /// stored, so they go out at once instead of waiting for the round's
    /// commit (an fsync can take tens of milliseconds).
    fn record(&mut self, applied: Applied, round: &mut Round<R, A>) {
        round.write.records.extend(applied.records);
        for event in applied.events {
            self.record_event(event, round);
        }
        for partial in applied.partials {
            let audience = EventAudience::CaptionTrack(partial.lang.clone());
            let frame = server_frame::caption_partial(&partial);
            self.broadcast(frame.into(), &audience);
        }
    }

    /// Serializes an event once; the same text is stored, kept for resume
    /// and sent.
    fn record_event(&mut self, event: Event, round: &mut Round<R, A>) {
        let json = server_frame::event(&event);
        let mut close_participant = None;
        match &event.body {
            EventBody::ChatMessage { .. } | EventBody::ChatDeleted { .. } => {
                self.welcomes.chat_changed()
            }
            EventBody::SessionUpdated { session } => {
                round.write.session = Some(session.clone());
                // Also when another node changed it, in cluster mode.
                round.actions.push(Action::InfoChanged(session.clone()));
            }
            EventBody::RoleChanged {
                participant, role, ..
            } => {
                self.fanout.set_role(participant, *role);
            }
            EventBody::ParticipantRemoved { participant, .. } => {
                close_participant = Some((participant.clone(), CloseReason::Removed));
            }
            // A room display shows what a person need not be told twice:
            // without its invite it has no role left to fall back on.
            EventBody::InviteRevoked {
                participant: Some(participant),
                ..
            } if self
                .state
                .participant(participant)
                .is_some_and(|holder| holder.role == Role::Display) =>
            {
                close_participant = Some((participant.clone(), CloseReason::InviteRevoked));
            }
            EventBody::CaptionFinal { lang, .. } => {
                *self.counts.caption_lines.entry(lang.clone()).or_default() += 1;
            }
            body if body.changes_floor() => self.floor_changed = true,
            _ => {}
        }
        let audience = event.body.audience();
        round.write.events.push(StoredEvent {
            seq: event.seq,
            kind: event.body.type_name(),
            ts_millis: event.ts.0,
            json: json.clone(),
        });
        let frame = Utf8Bytes::from(json);
        self.resume
            .remember(event.seq, frame.clone(), audience.clone());
        round.actions.push(Action::Broadcast(frame, audience));
        if let Some((participant, reason)) = close_participant {
            round
                .actions
                .push(Action::CloseParticipant(participant, reason));
        }
    }

    /// Ends a round: the queue summary if the floor changed, then the
    /// store write, or its actions at once (behind earlier rounds) if there
    /// is nothing to store.
    fn end_round(&mut self, mut round: Round<R, A>) {
        if std::mem::take(&mut self.floor_changed) {
            let summary = server_frame::queue_summary(self.state.floor());
            round
                .actions
                .push(Action::Broadcast(summary.into(), EventAudience::Everyone));
        }
        if round.write.is_empty() {
            let due = self.rounds.after_earlier_rounds(round.actions);
            self.perform(due);
            return;
        }
        let batch = round.write;
        let round = self.rounds.after_write(round.actions);
        self.outputs.push_back(Output::Write { round, batch });
    }

    fn subscribe_captions(
        &mut self,
        connection: ConnectionId,
        id: Option<&CommandId>,
        langs: &[String],
        round: &mut Round<R, A>,
    ) {
        let frame = match core::resolve_tracks(self.state.info(), langs) {
            Ok(tracks) => {
                let snapshot =
                    server_frame::captions_snapshot(&caption_snapshot(&self.state, &tracks));
                self.fanout.set_caption_tracks(&connection, tracks);
                round
                    .actions
                    .push(Action::Send(connection.clone(), snapshot.into()));
                server_frame::ack(id, self.state.seq()).into()
            }
            Err(rejection) => rejection_frame(id, &rejection),
        };
        round.actions.push(Action::Send(connection, frame));
    }

    /// The next page of the questions, or for a moderator of the roster,
    /// answered to the connection alone. Nothing is stored or replicated:
    /// a page is a view of this node's state, like a `welcome`.
    fn snapshot_more(
        &mut self,
        connection: ConnectionId,
        id: Option<&CommandId>,
        page: &SnapshotPage,
        round: &mut Round<R, A>,
    ) {
        let Some(participant) = self.state.participant_of(&connection) else {
            let refusal = server_frame::error(id, ErrorCode::NotJoined, "send join first");
            round.actions.push(Action::Send(connection, refusal.into()));
            return;
        };
        let frame = match page {
            SnapshotPage::Questions { before } => {
                let (items, more) = questions_page(&self.state, participant, *before);
                server_frame::snapshot_page("questions", &items, more)
            }
            SnapshotPage::Roster { after } if participant.role.is_moderator() => {
                let (items, more) = roster_page(&self.state, after);
                server_frame::snapshot_page("roster", &items, more)
            }
            SnapshotPage::Roster { .. } => {
                let refusal =
                    server_frame::error(id, ErrorCode::Forbidden, "only moderators see the roster");
                round.actions.push(Action::Send(connection, refusal.into()));
                return;
            }
        };
        round
            .actions
            .push(Action::Send(connection.clone(), frame.into()));
        let ack = server_frame::ack(id, self.state.seq());
        round.actions.push(Action::Send(connection, ack.into()));
    }

    /// A moderator asks for the report: the core decides who may; the
    /// driver loads it from the store, off the owner.
    fn report_request(&mut self, connection: ConnectionId, id: Option<CommandId>) {
        let Some(recipient) = self.fanout.recipient(&connection).cloned() else {
            return;
        };
        let actor = Actor::Connection(connection.clone());
        match core::may_see_report(&self.state, &actor) {
            Ok(()) => self.outputs.push_back(Output::LoadReport { recipient, id }),
            Err(rejection) => self.send(&connection, rejection_frame(id.as_ref(), &rejection)),
        }
    }

    fn perform(&mut self, actions: Vec<Action<R, A>>) {
        for action in actions {
            match action {
                Action::Broadcast(frame, audience) => self.broadcast(frame, &audience),
                Action::Send(connection, frame) => self.send(&connection, frame),
                Action::Accept {
                    connection,
                    recipient,
                    viewer,
                    accepted,
                    answer,
                } => {
                    self.fanout.subscribe(connection.clone(), recipient, viewer);
                    let answer_with = Answer::Joined {
                        connection,
                        result: Ok(accepted),
                    };
                    self.outputs.push_back(Output::Answer(answer, answer_with));
                }
                Action::Answer(answer, answer_with) => {
                    self.outputs.push_back(Output::Answer(answer, answer_with))
                }
                Action::InfoChanged(info) => {
                    self.outputs.push_back(Output::SessionInfoChanged(info))
                }
                Action::CloseParticipant(participant, reason) => self
                    .fanout
                    .close_where(reason, |_, viewer| viewer.participant == participant),
                Action::CloseNodeConnections(node) => self
                    .fanout
                    .close_where(CloseReason::ServiceRestart, |connection, _| {
                        connection.belongs_to_node(&node)
                    }),
            }
        }
    }

    fn broadcast(&mut self, frame: Utf8Bytes, audience: &EventAudience) {
        let cut = self.fanout.broadcast(&frame, audience);
        self.outputs
            .extend(cut.into_iter().map(Output::SlowConsumer));
    }

    fn send(&mut self, connection: &ConnectionId, frame: Utf8Bytes) {
        if let Some(cut) = self.fanout.send_to(connection, frame) {
            self.outputs.push_back(Output::SlowConsumer(cut));
        }
    }

    /// Closes everyone (1011) and answers nothing more.
    /// The disk is full: everyone waiting on the rounds that will never be
    /// stored is told so with `storage_full` (joins, the organiser's
    /// changes, caption posts), and so is every connection, before the
    /// owner closes them; a reconnecting client gets the same answer until
    /// space is freed, never a silent close or a misleading code.
    fn refuse_pending_for_full_storage(&mut self) {
        let refusal = Rejection::storage_full();
        for action in self.rounds.take_all() {
            let answer = match action {
                Action::Accept {
                    connection, answer, ..
                } => Some((
                    answer,
                    Answer::Joined {
                        connection,
                        result: Err(refusal.clone()),
                    },
                )),
                Action::Answer(answer, Answer::Admin(_)) => {
                    Some((answer, Answer::Admin(Err(refusal.clone()))))
                }
                Action::Answer(answer, Answer::CaptionPost(_)) => {
                    Some((answer, Answer::CaptionPost(Err(refusal.clone()))))
                }
                _ => None,
            };
            if let Some((answer, with)) = answer {
                self.outputs.push_back(Output::Answer(answer, with));
            }
        }
        let frame: Utf8Bytes =
            server_frame::error(None, ErrorCode::StorageFull, &refusal.message).into();
        self.broadcast(frame, &EventAudience::Everyone);
    }

    fn fail(&mut self, reason: CloseReason) {
        self.failed = true;
        self.rounds.clear();
        self.fanout.close_where(reason, |_, _| true);
    }
}

/// An `error` frame for a refusal of the core, with its one code.
fn rejection_frame(id: Option<&CommandId>, rejection: &Rejection) -> Utf8Bytes {
    server_frame::error(id, ErrorCode::from(rejection.code), &rejection.message).into()
}

impl<R, A> From<LogOrdering<R, A>> for Ordering<R, A> {
    fn from(log: LogOrdering<R, A>) -> Ordering<R, A> {
        Ordering::Log(log)
    }
}
