//! The session owner's task: a thin loop around the session machine, in the
//! manner of rust-analyzer's `main_loop`. [`Driver::next_input`] only
//! selects what arrives next; [`Driver::handle`] only hands it to the
//! machine; [`Driver::perform`] does what the machine asks (store a batch,
//! append to the command log, answer, load a report).

use super::machine::{Output, Request, SessionMachine};
use super::rounds::RoundId;
use super::start::start_machine;
use super::{Answer, JoinAccepted};
use crate::cluster::{AppendFailures, ClusterNode, ReplayedEntry, SessionAppender, SessionFeed};
use crate::core::{Rejection, SessionInfo};
use crate::hub::outbound::Outbound;
use crate::hub::registry::Hub;
use crate::hub::wall_clock_now;
use crate::protocol::server_frame;
use crate::protocol::{CommandId, ErrorCode};
use crate::store::StoreError;
use futures_util::stream::{FuturesUnordered, StreamExt};
use futures_util::FutureExt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};
use tokio::time::{Interval, MissedTickBehavior};

/// The most requests (or log entries) handled in one round (one write).
const PER_ROUND: usize = 256;

/// What reaches a session's owner through its mailbox: a request for the
/// machine, or the order to finish what is in flight and exit (graceful
/// shutdown).
pub(crate) enum SessionMessage {
    Request(Request<Outbound, AnswerTo>),
    Stop,
}

/// Who awaits an answer: the channel the machine carries, untouched, from
/// a request to its [`Output::Answer`].
pub(crate) enum AnswerTo {
    Join(oneshot::Sender<Result<JoinAccepted, Rejection>>),
    Admin(oneshot::Sender<Result<SessionInfo, Rejection>>),
    CaptionPost(oneshot::Sender<Result<(), Rejection>>),
    CaptionCursor(oneshot::Sender<u64>),
    Live(oneshot::Sender<Box<crate::core::SessionLive>>),
}

pub(super) type Machine = SessionMachine<Outbound, AnswerTo>;

/// A round's write on its way to the store.
type LandingWrite = Pin<Box<dyn Future<Output = (RoundId, Result<(), StoreError>)> + Send>>;

/// What the owner waits for.
enum Input {
    /// The first message of a round; the rest are taken without waiting.
    Message(SessionMessage),
    MailboxClosed,
    WriteLanded(RoundId, Result<(), StoreError>),
    PresenceTick,
    TallyTick,
    /// Cluster mode: the next entry of the command log (`None`: the replay
    /// ended, which it never should).
    LogEntry(Option<Result<ReplayedEntry, crate::cluster::CommandLogError>>),
    AppendFailed(String),
    LivenessTick,
}

/// Cluster mode's inputs and outputs: the session's command log, and the
/// node's view of which nodes are alive.
pub(super) struct LogIo {
    pub(super) node: Arc<ClusterNode>,
    pub(super) appender: SessionAppender,
    pub(super) feed: SessionFeed,
    pub(super) failures: AppendFailures,
    pub(super) liveness_tick: Option<Interval>,
}

struct Driver {
    hub: Arc<Hub>,
    session_id: String,
    machine: Machine,
    mailbox: mpsc::Receiver<SessionMessage>,
    /// Batches handed to the store. The store commits them in the order
    /// they were handed over; the machine answers rounds in that order
    /// whatever order their results are polled in.
    writes: FuturesUnordered<LandingWrite>,
    presence_tick: Interval,
    tally_tick: Interval,
    log: Option<LogIo>,
}

pub(crate) async fn run_session_owner(
    hub: Arc<Hub>,
    session_id: String,
    mut mailbox: mpsc::Receiver<SessionMessage>,
) {
    let started = start_machine(&hub, &session_id).await;
    let (machine, log) = match started {
        Ok(started) => started,
        Err(error) => {
            tracing::error!(session = %session_id, %error, "cannot start the session's owner");
            mailbox.close();
            hub.forget_handle(&session_id);
            return;
        }
    };
    let mut presence_tick = tokio::time::interval(hub.config.presence_interval);
    presence_tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut tally_tick = tokio::time::interval(hub.config.poll_tally_interval);
    tally_tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut driver = Driver {
        hub,
        session_id,
        machine,
        mailbox,
        writes: FuturesUnordered::new(),
        presence_tick,
        tally_tick,
        log,
    };
    loop {
        let input = driver.next_input().await;
        let stop = driver.handle(input);
        driver.perform();
        if stop || driver.machine.has_failed() {
            break;
        }
    }
    driver.finish().await;
}

impl Driver {
    async fn next_input(&mut self) -> Input {
        let has_room = self.machine.has_room();
        let (feed, failures, liveness_tick) = match &mut self.log {
            Some(log) => (
                Some(&mut log.feed),
                Some(&mut log.failures),
                log.liveness_tick.as_mut(),
            ),
            None => (None, None, None),
        };
        tokio::select! {
            message = self.mailbox.recv(), if has_room => match message {
                Some(message) => Input::Message(message),
                None => Input::MailboxClosed,
            },
            Some((round, result)) = self.writes.next(), if !self.writes.is_empty() => Input::WriteLanded(round, result),
            _ = self.presence_tick.tick() => Input::PresenceTick,
            _ = self.tally_tick.tick() => Input::TallyTick,
            entry = next_log_entry(feed), if has_room => Input::LogEntry(entry),
            Some(command_id) = next_append_failure(failures) => Input::AppendFailed(command_id),
            _ = next_liveness_tick(liveness_tick) => Input::LivenessTick,
        }
    }

    /// Hands an input to the machine; true when the owner should stop.
    fn handle(&mut self, input: Input) -> bool {
        let now = wall_clock_now();
        match input {
            Input::Message(first) => {
                let mut stop = false;
                let mut requests = Vec::new();
                let mut next = Some(first);
                while let Some(message) = next {
                    match message {
                        SessionMessage::Request(request) => requests.push(request),
                        SessionMessage::Stop => stop = true,
                    }
                    next = (requests.len() < PER_ROUND)
                        .then(|| self.mailbox.try_recv().ok())
                        .flatten();
                }
                self.machine.handle_requests(now, requests);
                stop
            }
            Input::MailboxClosed => true,
            Input::WriteLanded(round, result) => {
                self.machine.handle_write_landed(round, result);
                false
            }
            Input::PresenceTick => {
                self.machine.handle_presence_tick(now);
                false
            }
            Input::TallyTick => {
                self.machine.handle_tally_tick();
                false
            }
            Input::LogEntry(first) => {
                let mut entries = Vec::new();
                let mut next = first;
                let failed = loop {
                    match next {
                        Some(Ok(entry)) => entries.push(entry),
                        Some(Err(error)) => {
                            tracing::error!(session = %self.session_id, %error, "reading the command log failed");
                            break true;
                        }
                        None => break true,
                    }
                    if entries.len() == PER_ROUND {
                        break false;
                    }
                    match self.log.as_mut().and_then(|log| log.feed.entry_at_hand()) {
                        Some(entry) => next = Some(entry),
                        None => break false,
                    }
                };
                self.machine.handle_log_entries(entries);
                if failed {
                    self.machine.handle_log_failed();
                }
                false
            }
            Input::AppendFailed(command_id) => {
                self.machine.handle_append_failed(&command_id);
                false
            }
            Input::LivenessTick => {
                let Some(liveness) = self.log.as_ref().and_then(|log| log.node.liveness()) else {
                    return false;
                };
                let silent: Vec<(String, u64)> = self
                    .machine
                    .connected_nodes()
                    .into_iter()
                    .filter_map(|node| Some((node.to_owned(), liveness.down(node)?)))
                    .collect();
                self.machine.handle_liveness_tick(now, &silent);
                false
            }
        }
    }

    /// Does what the machine asks, until it asks nothing more.
    fn perform(&mut self) {
        while let Some(output) = self.machine.poll_output() {
            match output {
                // Queued now, in call order; see `Store::write`.
                Output::Write { round, batch } => {
                    let written = self.hub.store.write(batch);
                    self.writes
                        .push(Box::pin(written.map(move |result| (round, result))));
                }
                Output::Append(entry) => {
                    let command_id = entry.command_id.clone();
                    let appended = self
                        .log
                        .as_ref()
                        .is_some_and(|log| log.appender.append(entry));
                    if !appended {
                        tracing::warn!(session = %self.session_id, "the command log's queue is full; command refused");
                        self.machine.handle_append_failed(&command_id);
                    }
                }
                Output::Answer(to, answer) => self.answer(to, answer),
                Output::LoadReport { recipient, id } => self.load_report(recipient, id),
                Output::SessionInfoChanged(info) => self.hub.remember_info(info),
                Output::SlowConsumer(connection) => {
                    tracing::info!(session = %self.session_id, %connection, "slow consumer disconnected");
                    self.hub.metrics.slow_consumer_disconnects.inc();
                    // The frame that did not fit is dropped with it.
                    self.hub.metrics.outbound_queue_drops.inc();
                }
            }
        }
        self.count_work();
    }

    /// Adds what the machine did to the operator's metrics.
    fn count_work(&mut self) {
        let counts = self.machine.take_counts();
        let metrics = &self.hub.metrics;
        metrics.deliveries.inc_by(counts.delivered_frames);
        metrics.delivered_bytes.inc_by(counts.delivered_bytes);
        metrics.commands.inc_by(counts.commands);
        for code in counts.refusals {
            metrics.count_command_refusal(code);
        }
        for (lang, lines) in counts.caption_lines {
            metrics.count_caption_lines(&lang, lines);
        }
    }

    fn answer(&mut self, to: AnswerTo, answer: Answer) {
        match (to, answer) {
            (AnswerTo::Join(reply), Answer::Joined { connection, result }) => {
                let accepted = result.is_ok();
                // A connection that gave up waiting is subscribed and
                // present all the same: it leaves, as if it had joined.
                if reply.send(result).is_err() && accepted {
                    let leave = Request::Disconnect { connection };
                    self.machine.handle_requests(wall_clock_now(), vec![leave]);
                }
            }
            (AnswerTo::Admin(reply), Answer::Admin(result)) => {
                let _ = reply.send(result);
            }
            (AnswerTo::CaptionPost(reply), Answer::CaptionPost(result)) => {
                let _ = reply.send(result);
            }
            (AnswerTo::CaptionCursor(reply), Answer::CaptionCursor(cursor)) => {
                let _ = reply.send(cursor);
            }
            (AnswerTo::Live(reply), Answer::Live(summary)) => {
                let _ = reply.send(summary);
            }
            _ => unreachable!("the machine answers each request with its own kind"),
        }
    }

    /// Builds the equity report from the store, off the owner's task.
    fn load_report(&self, recipient: Outbound, id: Option<CommandId>) {
        let store = self.hub.store.clone();
        let session_id = self.session_id.clone();
        tokio::spawn(async move {
            let frame = match crate::hub::report::load_report(store.as_ref(), &session_id).await {
                Ok(Some(report)) => server_frame::report(id.as_ref(), &report),
                Ok(None) => {
                    server_frame::error(id.as_ref(), ErrorCode::NotFound, "no such session")
                }
                Err(error) => {
                    server_frame::error(id.as_ref(), ErrorCode::Internal, &error.to_string())
                }
            };
            let _ = recipient.try_push(frame.into());
        });
    }

    /// Lets the writes in flight land (unless the owner failed), then
    /// leaves the registry: the next use starts a new owner.
    async fn finish(mut self) {
        while !self.machine.has_failed() {
            let Some((round, result)) = self.writes.next().await else {
                break;
            };
            self.machine.handle_write_landed(round, result);
            self.perform();
        }
        self.mailbox.close();
        self.hub.forget_handle(&self.session_id);
    }
}

/// The next entry of the session's command log; never, in local mode.
async fn next_log_entry(
    feed: Option<&mut SessionFeed>,
) -> Option<Result<ReplayedEntry, crate::cluster::CommandLogError>> {
    match feed {
        Some(feed) => feed.next_entry().await,
        None => std::future::pending().await,
    }
}

/// The command id of the next append that failed; never, in local mode.
async fn next_append_failure(failures: Option<&mut AppendFailures>) -> Option<String> {
    match failures {
        Some(failures) => failures.next().await.map(|(command_id, error)| {
            tracing::warn!(%command_id, %error, "appending a command failed");
            command_id
        }),
        None => std::future::pending().await,
    }
}

/// The next liveness check; never without a cluster's heartbeats.
async fn next_liveness_tick(tick: Option<&mut Interval>) {
    match tick {
        Some(tick) => {
            tick.tick().await;
        }
        None => std::future::pending().await,
    }
}
