//! `churn`: participants drop their connection and resume at a set rate
//! while chat flows, and every durable `seq` each participant sees is checked.
//!
//! A participant joins with a `client_id`, keeps the `resume_secret` from its
//! welcome, and remembers the last durable `seq` it saw. At random moments
//! (on average `drops_per_second` over all participants) it drops the TCP
//! connection without a close frame, waits `reconnect_delay`, and joins again
//! with `resume_from` set to that seq. The contract says the welcome is then
//! followed by every durable event after it, in order, so a participant must
//! see each seq exactly once: a jump is a gap, a repeat is a duplicate, and
//! both must be zero. When chat stops, every participant waits for the last
//! acknowledged seq; any seq it never reached is counted as missing.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use tokio::sync::{mpsc, watch, Semaphore};
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;

use super::fanout::wait_until_settled;
use super::publisher::{
    self, PublishAction, PublishStream, PublisherCounters, PublisherPlan, PublisherSetup,
};
use super::{Probe, RunContext};
use crate::connection::{ClientSocket, JoinRequest, OpenedConnection};
use crate::framing::{self, Incoming, JoinDetails, Role, WelcomeInfo};
use crate::metrics::{LatencyHistogram, LatencySummary, Metrics};
use crate::options::ChurnOptions;
use crate::payload::{latency_micros_since, wall_clock_micros};
use crate::report::{ChurnReport, Report};

use super::seq::{gaps_excluding, NotForEveryone, ResumeOutcome, SeqTracker};

/// Attempts to resume before a participant gives up.
const RECONNECT_ATTEMPTS: u32 = 5;

/// What one participant saw.
#[derive(Clone, Debug, Default)]
pub(super) struct ParticipantOutcome {
    joined: bool,
    drops: u64,
    resumes: u64,
    resume_refused: u64,
    reconnect_failures: u64,
    /// The seqs the participant never saw, as inclusive ranges.
    skipped: Vec<(u64, u64)>,
    duplicates: u64,
    missing_at_end: u64,
    reached_final_seq: bool,
}

/// A small xorshift generator: drop times need spread, not quality.
struct DropClock {
    state: u64,
    mean_seconds_between_drops: f64,
}

impl DropClock {
    fn new(seed: u64, mean_seconds_between_drops: f64) -> Self {
        DropClock {
            state: seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1,
            mean_seconds_between_drops,
        }
    }

    fn next_unit(&mut self) -> f64 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        ((self.state >> 11) as f64 + 1.0) / ((1u64 << 53) as f64 + 1.0)
    }

    /// The next drop, exponentially distributed around the mean.
    fn next_drop(&mut self) -> Instant {
        if !self.mean_seconds_between_drops.is_finite() {
            return Instant::now() + Duration::from_secs(86_400);
        }
        let seconds = -self.next_unit().ln() * self.mean_seconds_between_drops;
        Instant::now() + Duration::from_secs_f64(seconds.min(86_400.0))
    }
}

/// The signals a participant follows.
#[derive(Clone)]
struct Signals {
    /// True while participants may drop.
    drops_enabled: watch::Receiver<bool>,
    /// The last durable seq of the run, once publishing has stopped.
    final_seq: watch::Receiver<Option<u64>>,
    /// True when the run ends.
    stop: watch::Receiver<bool>,
}

/// A crowd of participants that check every durable seq they see; some of
/// them drop and resume.
pub(super) struct Crowd {
    pub clients: usize,
    /// Their names and client ids start with this.
    pub name_prefix: &'static str,
    /// Participants `0..churners` drop and resume; the others stay.
    pub churners: usize,
    /// Connection drops per second, over all churners.
    pub drops_per_second: f64,
    pub reconnect_delay: Duration,
}

/// A crowd while it runs.
struct CrowdHandles {
    tasks: Vec<tokio::task::JoinHandle<ParticipantOutcome>>,
    /// Participants that finished (caught up, gave up, or never joined).
    done: Arc<AtomicU64>,
    reconnect_latency: Arc<LatencyHistogram>,
}

/// Starts every participant of `crowd`: each joins (at most
/// `connect_concurrency` at a time), says on `settled` whether it did, then
/// follows `signals`.
fn spawn_crowd(
    context: &Arc<RunContext>,
    crowd: &Crowd,
    signals: &Signals,
    settled: &mpsc::UnboundedSender<bool>,
) -> CrowdHandles {
    let common = &context.options.common;
    let reconnect_latency = Arc::new(LatencyHistogram::new());
    let participants_done = Arc::new(AtomicU64::new(0));
    let run_nonce = wall_clock_micros();
    let churner_mean_seconds_between_drops = if crowd.drops_per_second > 0.0 {
        crowd.churners as f64 / crowd.drops_per_second
    } else {
        f64::INFINITY
    };
    let semaphore = Arc::new(Semaphore::new(common.connect_concurrency));
    let mut tasks = Vec::with_capacity(crowd.clients);
    for index in 0..crowd.clients {
        let context = Arc::clone(context);
        let semaphore = Arc::clone(&semaphore);
        let settled = settled.clone();
        let signals = signals.clone();
        let reconnect_latency = Arc::clone(&reconnect_latency);
        let participants_done = Arc::clone(&participants_done);
        let name_prefix = crowd.name_prefix;
        let reconnect_delay = crowd.reconnect_delay;
        let mean_seconds_between_drops = if index < crowd.churners {
            churner_mean_seconds_between_drops
        } else {
            f64::INFINITY
        };
        tasks.push(tokio::spawn(async move {
            let request = JoinRequest {
                room: context.options.common.session.clone(),
                // A participant resumes on the node it first joined.
                node: context.connector.node_for_subscriber(index),
                role: Role::Subscriber,
                details: JoinDetails {
                    name: format!("{name_prefix}-{index}"),
                    client_id: Some(format!("{name_prefix}-{run_nonce}-{index}")),
                    index,
                    ..JoinDetails::default()
                },
            };
            let opened = {
                let _permit = semaphore
                    .acquire()
                    .await
                    .expect("the connect semaphore is never closed");
                context.open_counted(index, &request).await
            };
            let _ = settled.send(opened.is_some());
            let Some(opened) = opened else {
                participants_done.fetch_add(1, Ordering::Relaxed);
                return ParticipantOutcome::default();
            };
            let participant = Participant {
                context,
                index,
                request,
                tracker: SeqTracker::default(),
                replay_through: 0,
                resume_secret: None,
                drop_clock: DropClock::new(run_nonce ^ index as u64, mean_seconds_between_drops),
                reconnect_delay,
                reconnect_latency,
                outcome: ParticipantOutcome {
                    joined: true,
                    ..ParticipantOutcome::default()
                },
            };
            let outcome = participant.run(opened, signals).await;
            participants_done.fetch_add(1, Ordering::Relaxed);
            outcome
        }));
    }
    CrowdHandles {
        tasks,
        done: participants_done,
        reconnect_latency,
    }
}

impl CrowdHandles {
    /// Waits (at most 10 s each) for every participant's outcome, notes the
    /// stragglers, and sums what the joined participants saw; a skipped seq
    /// in `not_for_everyone` is not a gap.
    async fn collect(
        self,
        context: &RunContext,
        final_seq: u64,
        not_for_everyone: &NotForEveryone,
    ) -> ChurnReport {
        let not_for_everyone = not_for_everyone
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
        let mut outcomes = Vec::with_capacity(self.tasks.len());
        for task in self.tasks {
            if let Ok(Ok(outcome)) = tokio::time::timeout(Duration::from_secs(10), task).await {
                outcomes.push(outcome);
            }
        }
        let stragglers = outcomes
            .iter()
            .filter(|outcome| outcome.joined && !outcome.reached_final_seq)
            .count();
        if stragglers > 0 {
            context.note(format!(
                "{stragglers} participants had not reached the final seq when the run stopped"
            ));
        }
        let joined_outcomes: Vec<&ParticipantOutcome> =
            outcomes.iter().filter(|outcome| outcome.joined).collect();
        let sum = |field: fn(&ParticipantOutcome) -> u64| {
            joined_outcomes
                .iter()
                .map(|outcome| field(outcome))
                .sum::<u64>()
        };
        ChurnReport {
            drops: sum(|outcome| outcome.drops),
            resumes: sum(|outcome| outcome.resumes),
            resume_refused: sum(|outcome| outcome.resume_refused),
            reconnect_failures: sum(|outcome| outcome.reconnect_failures),
            gaps: joined_outcomes
                .iter()
                .map(|outcome| gaps_excluding(&outcome.skipped, &not_for_everyone))
                .sum(),
            duplicates: sum(|outcome| outcome.duplicates),
            missing_at_end: sum(|outcome| outcome.missing_at_end),
            final_seq,
            participants_checked: joined_outcomes
                .iter()
                .filter(|outcome| outcome.reached_final_seq)
                .count() as u64,
            reconnect_latency: LatencySummary::of(&self.reconnect_latency.merged()),
        }
    }
}

/// A crowd that joined, with the signals the run gives it.
pub(super) struct JoinedCrowd {
    handles: CrowdHandles,
    pub connect_seconds: f64,
    /// True while participants may drop.
    pub drops: watch::Sender<bool>,
    final_seq: watch::Sender<Option<u64>>,
    /// True when the run ends.
    pub stop: watch::Sender<bool>,
}

/// Starts `crowd`, waits until every participant joined or failed, reads
/// the server after connecting, settles, and reads it idle. Fails when
/// nobody could join.
pub(super) async fn join_crowd(
    context: &Arc<RunContext>,
    crowd: &Crowd,
    probe: &mut Probe,
) -> Result<JoinedCrowd, String> {
    let (drops, drops_enabled) = watch::channel(false);
    let (final_seq, final_seq_receiver) = watch::channel(None);
    let (stop, stop_receiver) = watch::channel(false);
    let signals = Signals {
        drops_enabled,
        final_seq: final_seq_receiver,
        stop: stop_receiver,
    };
    let (settled_sender, mut settled_receiver) = mpsc::unbounded_channel::<bool>();
    let connect_started = Instant::now();
    let handles = spawn_crowd(context, crowd, &signals, &settled_sender);
    drop(settled_sender);
    let connect_seconds = wait_until_settled(
        context,
        &mut settled_receiver,
        crowd.clients,
        connect_started,
    )
    .await;
    probe.mark_connect_end().await;
    if Metrics::read(&context.metrics.connections_joined) == 0 {
        let _ = stop.send(true);
        return Err(format!(
            "no participant could join; {}",
            context
                .first_failure()
                .unwrap_or_else(|| "no failure was recorded".to_string())
        ));
    }
    tokio::time::sleep(context.options.common.settle).await;
    probe.mark_idle();
    Ok(JoinedCrowd {
        handles,
        connect_seconds,
        drops,
        final_seq,
        stop,
    })
}

impl JoinedCrowd {
    /// Tells every participant the run's last seq and waits until each
    /// reached it or gave up, at most the drain and handshake timeouts.
    pub async fn catch_up(&self, context: &RunContext, final_seq: u64) {
        let _ = self.final_seq.send(Some(final_seq));
        let common = &context.options.common;
        let deadline = Instant::now() + common.drain_timeout + common.handshake_timeout;
        while Instant::now() < deadline
            && self.handles.done.load(Ordering::Relaxed) < self.handles.tasks.len() as u64
        {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Stops the participants and sums what they saw (see
    /// [`CrowdHandles::collect`]).
    pub async fn finish(
        self,
        context: &RunContext,
        final_seq: u64,
        not_for_everyone: &NotForEveryone,
    ) -> ChurnReport {
        let _ = self.stop.send(true);
        self.handles
            .collect(context, final_seq, not_for_everyone)
            .await
    }
}

pub async fn run(context: &Arc<RunContext>, options: ChurnOptions) -> Result<Report, String> {
    let common = &context.options.common;
    context.ensure_hybridhub_session(&common.session).await?;
    let mut probe = Probe::start(context.probe_targets()).await;
    let crowd = join_crowd(
        context,
        &Crowd {
            clients: common.clients,
            name_prefix: "lt-churn",
            churners: common.clients,
            drops_per_second: options.drops_per_second,
            reconnect_delay: options.reconnect_delay,
        },
        &mut probe,
    )
    .await?;
    let stop_receiver = crowd.stop.subscribe();
    probe.measure_nats_baseline(common.nats_baseline).await;

    // The chatter.
    let (go_sender, go_receiver) = watch::channel(false);
    let counters = Arc::new(PublisherCounters::default());
    let chatter_plan = PublisherPlan {
        name: "lt-churn-chatter".to_string(),
        token: None,
        streams: vec![PublishStream {
            action: PublishAction::Message(crate::payload::MessageKind::Chat),
            per_second: options.chat_messages_per_second,
        }],
    };
    let chatter_request = JoinRequest {
        room: common.session.clone(),
        node: 0,
        role: Role::Publisher,
        details: JoinDetails {
            name: chatter_plan.name.clone(),
            index: 1_000_000,
            ..JoinDetails::default()
        },
    };
    let chatter_opened = context
        .connector
        .open(1_000_000, &chatter_request)
        .await
        .map_err(|failure| format!("the churn chatter could not join: {failure}"))?;
    let chatter = tokio::spawn(publisher::run(
        chatter_opened,
        PublisherSetup {
            plan: chatter_plan,
            target: common.target,
            message_bytes: common.message_bytes,
            metrics: Arc::clone(&context.metrics),
            counters: Arc::clone(&counters),
            go: go_receiver,
            publish_for: common.duration,
            stop: stop_receiver.clone(),
        },
    ));

    // The window: chat flows and participants drop and resume.
    probe.mark_window_start().await;
    let window_started = Instant::now();
    let _ = go_sender.send(true);
    let _ = crowd.drops.send(true);
    tokio::time::sleep(common.duration).await;
    let _ = crowd.drops.send(false);
    let acknowledged_deadline = Instant::now() + Duration::from_secs(3);
    while Instant::now() < acknowledged_deadline
        && (!counters.finished_publishing.load(Ordering::Relaxed)
            || Metrics::read(&context.metrics.acks)
                + Metrics::read(&context.metrics.publish_rejected)
                < counters.sent_messages.load(Ordering::Relaxed))
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let final_seq = counters.max_ack_seq.load(Ordering::Relaxed);

    // Every participant catches up to the final seq, or the drain times out.
    crowd.catch_up(context, final_seq).await;
    let window_seconds = window_started.elapsed().as_secs_f64();
    probe.mark_window_end().await;
    let connect_seconds = crowd.connect_seconds;
    // Chat goes to everyone: every skipped seq is a gap.
    let churn = crowd
        .finish(context, final_seq, &NotForEveryone::default())
        .await;
    let _ = tokio::time::timeout(Duration::from_secs(5), chatter).await;

    let mut report = context.base_report();
    super::fill_connect_and_errors(context, &mut report, connect_seconds);
    let joined = report.connect.joined;
    let delivered = Metrics::read(&context.metrics.deliveries);
    super::fill_deliveries(
        &mut report,
        counters.accepted_messages() * joined,
        delivered,
        window_seconds,
    );
    report.latency = context.metrics.latency_summaries();
    let problems = probe.problems.clone();
    let measured = probe.finish(joined, delivered, window_seconds).await;
    super::fill_from_probe(context, &mut report, measured);
    report.notes.extend(problems);
    report.notes.push(
        "churn latency covers live chat only; events replayed after a resume are counted as deliveries but not timed"
            .to_string(),
    );

    report.churn = Some(churn);
    report.parameters.insert(
        "chat_messages_per_second".to_string(),
        json!(options.chat_messages_per_second),
    );
    report.parameters.insert(
        "drops_per_second".to_string(),
        json!(options.drops_per_second),
    );
    report.parameters.insert(
        "reconnect_delay_ms".to_string(),
        json!(options.reconnect_delay.as_millis() as u64),
    );
    Ok(report)
}

/// One churning participant.
struct Participant {
    context: Arc<RunContext>,
    index: usize,
    request: JoinRequest,
    tracker: SeqTracker,
    /// Durable events up to this seq, after a resume, are replays.
    replay_through: u64,
    resume_secret: Option<String>,
    drop_clock: DropClock,
    reconnect_delay: Duration,
    reconnect_latency: Arc<LatencyHistogram>,
    outcome: ParticipantOutcome,
}

impl Participant {
    async fn run(mut self, opened: OpenedConnection, mut signals: Signals) -> ParticipantOutcome {
        self.accept_welcome(opened.welcome.unwrap_or_default(), false);
        let mut socket = opened.socket;
        let mut next_drop = self.drop_clock.next_drop();
        loop {
            if let Some(final_seq) = *signals.final_seq.borrow() {
                if self.tracker.last_seen >= final_seq {
                    self.outcome.reached_final_seq = true;
                    break;
                }
            }
            let drops_enabled = *signals.drops_enabled.borrow();
            tokio::select! {
                biased;
                _ = signals.stop.changed() => break,
                changed = signals.final_seq.changed() => if changed.is_err() { break },
                changed = signals.drops_enabled.changed() => if changed.is_err() { break },
                _ = tokio::time::sleep_until(next_drop), if drops_enabled => {
                    drop(socket);
                    self.outcome.drops += 1;
                    match self.resume().await {
                        Some(resumed) => socket = resumed,
                        None => return self.finish(*signals.final_seq.borrow()),
                    }
                    next_drop = self.drop_clock.next_drop();
                }
                frame = socket.next() => match frame {
                    Some(Ok(Message::Text(text))) => self.handle_text(&mut socket, text.as_str()).await,
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => {
                        // The server dropped us: resume just the same.
                        if *signals.stop.borrow() {
                            break;
                        }
                        Metrics::count(&self.context.metrics.disconnects);
                        drop(socket);
                        match self.resume().await {
                            Some(resumed) => socket = resumed,
                            None => return self.finish(*signals.final_seq.borrow()),
                        }
                    }
                    Some(Ok(_)) => {}
                },
            }
        }
        let _ = tokio::time::timeout(Duration::from_millis(500), socket.close(None)).await;
        let final_seq = *signals.final_seq.borrow();
        self.finish(final_seq)
    }

    /// Closes the books: gaps, duplicates, and what is missing at the end.
    fn finish(mut self, final_seq: Option<u64>) -> ParticipantOutcome {
        self.outcome.skipped = std::mem::take(&mut self.tracker.skipped);
        self.outcome.duplicates = self.tracker.duplicates;
        if let Some(final_seq) = final_seq {
            self.outcome.missing_at_end = missing_between(self.tracker.last_seen, final_seq);
            self.outcome.reached_final_seq = self.outcome.missing_at_end == 0;
        }
        self.outcome
    }

    fn accept_welcome(&mut self, welcome: WelcomeInfo, resuming: bool) {
        if !resuming {
            self.tracker = SeqTracker::starting_at(&welcome);
        } else {
            match self.tracker.resume_with(&welcome) {
                ResumeOutcome::Replaying { through } => self.replay_through = through,
                ResumeOutcome::Refused => self.outcome.resume_refused += 1,
            }
        }
        if let Some(secret) = welcome.resume_secret {
            self.resume_secret = Some(secret);
        }
    }

    /// Waits the reconnect delay, then joins again with `resume_from`.
    async fn resume(&mut self) -> Option<ClientSocket> {
        let dropped_at = Instant::now();
        for _ in 0..RECONNECT_ATTEMPTS {
            tokio::time::sleep(self.reconnect_delay).await;
            let mut request = self.request.clone();
            request.details.resume_from = Some(self.tracker.last_seen);
            request.details.resume_secret = self.resume_secret.clone();
            match self.context.connector.open(self.index, &request).await {
                Ok(opened) => {
                    self.outcome.resumes += 1;
                    self.reconnect_latency
                        .record(self.index, dropped_at.elapsed().as_micros() as u64);
                    self.accept_welcome(opened.welcome.unwrap_or_default(), true);
                    return Some(opened.socket);
                }
                Err(failure) => {
                    self.outcome.reconnect_failures += 1;
                    self.context
                        .metrics
                        .record_error_frame(&format!("resume_failed:{}", failure.kind()));
                }
            }
        }
        None
    }

    async fn handle_text(&mut self, socket: &mut ClientSocket, text: &str) {
        let metrics = &self.context.metrics;
        match framing::decode(self.context.options.common.target, text) {
            Incoming::Delivery { stamp, seq } => {
                let replayed = seq.is_some_and(|seq| seq <= self.replay_through);
                if replayed {
                    Metrics::count(&metrics.deliveries);
                } else {
                    metrics.record_delivery(
                        self.index,
                        self.request.node,
                        stamp.kind,
                        latency_micros_since(stamp.sent_at_micros),
                    );
                }
                if let Some(seq) = seq {
                    self.tracker.observe(seq);
                }
            }
            Incoming::Durable { seq } => self.tracker.observe(seq),
            Incoming::Error { code, .. } => metrics.record_error_frame(&code),
            Incoming::Presence { .. } => Metrics::count(&metrics.presence_frames),
            Incoming::EnginePing => {
                let _ = socket.send(Message::text("3")).await;
            }
            Incoming::Unparseable => Metrics::count(&metrics.unparseable_frames),
            _ => {}
        }
    }
}

/// How many durable events a participant that last saw `last_seen` never
/// reached, when the final seq is `final_seq`.
fn missing_between(last_seen: u64, final_seq: u64) -> u64 {
    final_seq.saturating_sub(last_seen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_counts_what_was_never_reached() {
        assert_eq!(missing_between(16, 20), 4);
        assert_eq!(missing_between(21, 20), 0);
    }

    #[test]
    fn drop_times_spread_around_the_mean() {
        let mut clock = DropClock::new(7, 1.0);
        let mean = (0..2000).map(|_| -clock.next_unit().ln()).sum::<f64>() / 2000.0;
        assert!((0.85..1.15).contains(&mean), "mean {mean}");
    }
}
