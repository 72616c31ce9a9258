//! `show-of-hands`: N participants answer one show of hands, and the
//! moderator and the room display watch the count climb.
//!
//! The requirement it measures: "5,000 participants answer a show of hands
//! within 10 seconds. Every answer is counted, and the totals that the
//! moderator and the display see trail the last answer by less than 1 s at
//! p99."
//!
//! 1. The N participants join the session, at most `connect_concurrency`
//!    at a time.
//! 2. A moderator and a room display join with invites from the admin API
//!    (so the admin token is needed). If the moderator's welcome lists an
//!    open poll (a run that was stopped half-way), the moderator closes it.
//! 3. The window: the moderator opens a show of hands (`poll.open`); from
//!    the moment its `poll.opened` reaches the moderator, each participant
//!    answers once (`poll.answer`) at a uniformly random time within the
//!    answer window (the run's `--duration`, or `--answer-window`), raising
//!    a hand (choice 0) or not (choice 1), the share raising spread evenly
//!    over the participants. Each answer awaits its `ack` (or `error`).
//! 4. The moderator and the display record every `poll.tally` with its
//!    arrival time. The window ends when every answer was answered and both
//!    have seen a tally that counts every acknowledged answer (or the drain
//!    timeout passed).
//! 5. The moderator closes the poll; both record the final `poll.results`.
//!
//! The trail of the k-th acknowledged answer (in the order the acks
//! arrived) is the time from its ack to the first tally with
//! `answered >= k`, at the moderator and at the display. Acks and tallies
//! are timed on this process's one clock, so the scenario runs in one
//! generator process.
//!
//! Against several nodes of a cluster the participants are spread over
//! them, and the moderator and the display join the first.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use tokio::sync::{mpsc, watch, Semaphore};
use tokio::task::JoinHandle;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;

use super::fanout::wait_until_settled;
use super::{Probe, RunContext};
use crate::admin;
use crate::connection::{ClientSocket, JoinRequest, OpenedConnection};
use crate::framing::{self, Incoming, JoinDetails, PollCounts, PollFrame, Role};
use crate::metrics::{LatencyHistogram, LatencySummary, Metrics};
use crate::options::{ShowOfHandsOptions, Target};
use crate::payload::wall_clock_micros;
use crate::report::{Report, ShowOfHandsReport, TallyObserverReport};

/// The moderator's and the display's connection numbers, apart from the
/// participants' (source addresses and names).
const OBSERVER_INDEX_BASE: usize = 1_000_000;

/// A show of hands has two answers: raise_hand (0) and do_not_raise_hand (1).
const OPTIONS: usize = 2;

/// The longest wait for the answer to a moderator's command, or for the
/// frames that follow it.
const REPLY_TIMEOUT: Duration = Duration::from_secs(10);

/// How often the conductor looks at the counts while it waits.
const POLL_EVERY: Duration = Duration::from_millis(10);

const TITLE: &str = "Load test: who here has deployed this?";

/// Which poll opened, and when its `poll.opened` reached the moderator.
#[derive(Clone, Copy, Debug)]
struct PollStart {
    poll: u64,
    opened_at: Instant,
}

/// When one participant answers, and what.
#[derive(Clone, Copy, Debug, PartialEq)]
struct AnswerPlan {
    /// After the poll opened.
    offset: Duration,
    /// 0 raises a hand, 1 does not.
    choice: usize,
}

/// Whether participant `index` of `participants` raises a hand: the
/// `raisers` who do are spread evenly over the participant numbers.
fn raises_hand(index: usize, participants: usize, raisers: usize) -> bool {
    participants > 0 && (index + 1) * raisers / participants > index * raisers / participants
}

/// A number in [0, 1) from a seed (SplitMix64): answer times need spread,
/// not quality.
fn unit_from(seed: u64) -> f64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

fn answer_plan(
    index: usize,
    participants: usize,
    raise_share: f64,
    window: Duration,
    seed: u64,
) -> AnswerPlan {
    let raisers = (participants as f64 * raise_share).round() as usize;
    AnswerPlan {
        offset: window.mul_f64(unit_from(
            seed ^ (index as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93),
        )),
        choice: if raises_hand(index, participants, raisers) {
            0
        } else {
            1
        },
    }
}

/// What the participants count together.
#[derive(Default)]
struct AnswerBook {
    sent: [AtomicU64; OPTIONS],
    acked: [AtomicU64; OPTIONS],
    refused: [AtomicU64; OPTIONS],
    /// Participants done: their answer was acknowledged or refused, or
    /// their connection ended.
    settled: AtomicU64,
    /// When each ack arrived.
    ack_times: Mutex<Vec<Instant>>,
    /// From sending an answer to its ack.
    answer_latency: LatencyHistogram,
    tallies_seen: AtomicU64,
}

fn sum(counters: &[AtomicU64; OPTIONS]) -> u64 {
    counters.iter().map(Metrics::read).sum()
}

fn per_option(counters: &[AtomicU64; OPTIONS]) -> Vec<u64> {
    counters.iter().map(Metrics::read).collect()
}

/// How a participant joins: a connect permit, and where to report that
/// it settled.
struct Joining {
    semaphore: Arc<Semaphore>,
    settled: mpsc::UnboundedSender<bool>,
}

/// The signals a participant follows.
struct Signals {
    start: watch::Receiver<Option<PollStart>>,
    stop: watch::Receiver<bool>,
}

/// One participant: joins, waits for the poll, answers once at its time,
/// and reads until the run stops.
async fn participant(
    context: Arc<RunContext>,
    index: usize,
    request: JoinRequest,
    plan: AnswerPlan,
    joining: Joining,
    mut signals: Signals,
    book: Arc<AnswerBook>,
) {
    let opened = {
        let _permit = joining
            .semaphore
            .acquire()
            .await
            .expect("the connect semaphore is never closed");
        context.open_counted(index, &request).await
    };
    let _ = joining.settled.send(opened.is_some());
    let Some(opened) = opened else {
        return;
    };
    let metrics = &context.metrics;
    let mut socket = opened.socket;
    let mut poll: Option<u64> = None;
    let mut due: Option<Instant> = None;
    let mut sent_at: Option<Instant> = None;
    let mut settled_answer = false;
    let settle = |settled_answer: &mut bool| {
        if !*settled_answer {
            *settled_answer = true;
            book.settled.fetch_add(1, Ordering::Relaxed);
        }
    };
    loop {
        if poll.is_none() {
            if let Some(start) = *signals.start.borrow_and_update() {
                poll = Some(start.poll);
                due = Some(start.opened_at + plan.offset);
            }
        }
        tokio::select! {
            biased;
            _ = signals.stop.changed() => break,
            changed = signals.start.changed(), if poll.is_none() => {
                if changed.is_err() {
                    break;
                }
            }
            _ = tokio::time::sleep_until(due.unwrap_or_else(Instant::now)), if due.is_some() => {
                due = None;
                let frame = framing::poll_answer_frame(poll.unwrap_or_default(), plan.choice as u32);
                if socket.send(Message::text(frame)).await.is_err() {
                    if !*signals.stop.borrow() {
                        Metrics::count(&metrics.disconnects);
                    }
                    settle(&mut settled_answer);
                    return;
                }
                sent_at = Some(Instant::now());
                book.sent[plan.choice].fetch_add(1, Ordering::Relaxed);
            }
            frame = socket.next() => match frame {
                Some(Ok(Message::Text(text))) => {
                    let text = text.as_str();
                    if framing::is_poll_tally(text) {
                        Metrics::count(&book.tallies_seen);
                        continue;
                    }
                    match framing::decode(Target::Hybridhub, text) {
                        Incoming::Ack { .. } => {
                            if let (Some(sent), false) = (sent_at, settled_answer) {
                                let now = Instant::now();
                                book.ack_times
                                    .lock()
                                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                                    .push(now);
                                book.acked[plan.choice].fetch_add(1, Ordering::Relaxed);
                                book.answer_latency
                                    .record(index, now.duration_since(sent).as_micros() as u64);
                                settle(&mut settled_answer);
                            }
                        }
                        Incoming::Error { code, .. } => {
                            metrics.record_error_frame(&code);
                            if sent_at.is_some() && !settled_answer {
                                book.refused[plan.choice].fetch_add(1, Ordering::Relaxed);
                                settle(&mut settled_answer);
                            }
                        }
                        Incoming::Presence { .. } => Metrics::count(&metrics.presence_frames),
                        Incoming::Unparseable => Metrics::count(&metrics.unparseable_frames),
                        _ => {}
                    }
                }
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => {
                    if !*signals.stop.borrow() {
                        Metrics::count(&metrics.disconnects);
                    }
                    settle(&mut settled_answer);
                    return;
                }
                Some(Ok(_)) => {}
            },
        }
    }
    let _ = tokio::time::timeout(Duration::from_millis(500), socket.close(None)).await;
}

/// A tally as it arrived.
#[derive(Clone, Debug)]
struct TallySeen {
    at: Instant,
    poll: u64,
    counts: PollCounts,
}

/// What an observer (the moderator, the display) received.
#[derive(Default)]
struct ObserverLog {
    opened: Mutex<Vec<PollStart>>,
    tallies: Mutex<Vec<TallySeen>>,
    results: Mutex<Vec<(u64, PollCounts)>>,
}

fn locked<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl ObserverLog {
    fn opened_poll(&self) -> Option<PollStart> {
        locked(&self.opened).last().copied()
    }

    /// The most answers any tally of `poll` counted so far.
    fn most_answered(&self, poll: u64) -> Option<u64> {
        locked(&self.tallies)
            .iter()
            .filter(|tally| tally.poll == poll)
            .map(|tally| tally.counts.answered)
            .max()
    }

    fn last_tally_at(&self, poll: u64) -> Option<Instant> {
        locked(&self.tallies)
            .iter()
            .rev()
            .find(|tally| tally.poll == poll)
            .map(|tally| tally.at)
    }

    fn results(&self, poll: u64) -> Option<PollCounts> {
        locked(&self.results)
            .iter()
            .rev()
            .find(|(results_poll, _)| *results_poll == poll)
            .map(|(_, counts)| counts.clone())
    }
}

/// The answer to an observer's command.
enum Reply {
    Ack,
    Error { code: String, message: String },
}

/// The moderator or the room display: one connection that records every
/// poll frame, and (the moderator) sends commands.
struct Observer {
    name: &'static str,
    log: Arc<ObserverLog>,
    outgoing: mpsc::UnboundedSender<String>,
    replies: mpsc::UnboundedReceiver<Reply>,
    /// The poll open when it joined, from its welcome.
    open_at_join: Option<u64>,
    task: JoinHandle<()>,
}

impl Observer {
    async fn open(
        context: &Arc<RunContext>,
        name: &'static str,
        token: String,
        index: usize,
        stop: watch::Receiver<bool>,
    ) -> Result<Observer, String> {
        let request = JoinRequest {
            room: context.options.common.session.clone(),
            node: 0,
            role: Role::Publisher,
            details: JoinDetails {
                name: format!("lt-{name}"),
                token: Some(token),
                index,
                ..JoinDetails::default()
            },
        };
        let opened = context
            .connector
            .open(index, &request)
            .await
            .map_err(|failure| format!("the {name} could not join: {failure}"))?;
        let open_at_join = opened
            .welcome
            .as_ref()
            .and_then(|welcome| welcome.open_poll);
        let log = Arc::new(ObserverLog::default());
        let (outgoing, outgoing_receiver) = mpsc::unbounded_channel();
        let (reply_sender, replies) = mpsc::unbounded_channel();
        let task = tokio::spawn(observe(
            opened,
            Arc::clone(&log),
            Arc::clone(&context.metrics),
            outgoing_receiver,
            reply_sender,
            stop,
        ));
        Ok(Observer {
            name,
            log,
            outgoing,
            replies,
            open_at_join,
            task,
        })
    }

    /// Sends a command and waits for its ack; an error frame or no answer
    /// is a failure, described.
    async fn command(&mut self, frame: String, what: &str) -> Result<(), String> {
        while self.replies.try_recv().is_ok() {}
        self.outgoing
            .send(frame)
            .map_err(|_| format!("the {}'s connection closed before {what}", self.name))?;
        match tokio::time::timeout(REPLY_TIMEOUT, self.replies.recv()).await {
            Ok(Some(Reply::Ack)) => Ok(()),
            Ok(Some(Reply::Error { code, message })) => Err(format!(
                "the {}'s {what} was refused: {code}: {message}",
                self.name
            )),
            Ok(None) => Err(format!(
                "the {}'s connection closed during {what}",
                self.name
            )),
            Err(_) => Err(format!(
                "the {}'s {what} had no answer within {} s",
                self.name,
                REPLY_TIMEOUT.as_secs()
            )),
        }
    }
}

/// An observer's connection: sends what the conductor asks, records poll
/// frames, and passes acks and errors back.
async fn observe(
    opened: OpenedConnection,
    log: Arc<ObserverLog>,
    metrics: Arc<Metrics>,
    mut outgoing: mpsc::UnboundedReceiver<String>,
    replies: mpsc::UnboundedSender<Reply>,
    mut stop: watch::Receiver<bool>,
) {
    let mut socket: ClientSocket = opened.socket;
    loop {
        tokio::select! {
            biased;
            _ = stop.changed() => break,
            frame = outgoing.recv() => match frame {
                Some(frame) => {
                    if socket.send(Message::text(frame)).await.is_err() {
                        if !*stop.borrow() {
                            Metrics::count(&metrics.disconnects);
                        }
                        return;
                    }
                }
                None => break,
            },
            frame = socket.next() => match frame {
                Some(Ok(Message::Text(text))) => {
                    let text = text.as_str();
                    let at = Instant::now();
                    if let Some(poll_frame) = framing::decode_poll_frame(text) {
                        match poll_frame {
                            PollFrame::Opened { poll } => locked(&log.opened).push(PollStart { poll, opened_at: at }),
                            PollFrame::Tally { poll, counts } => locked(&log.tallies).push(TallySeen { at, poll, counts }),
                            PollFrame::Results { poll, counts } => locked(&log.results).push((poll, counts)),
                        }
                        continue;
                    }
                    match framing::decode(Target::Hybridhub, text) {
                        Incoming::Ack { .. } => {
                            let _ = replies.send(Reply::Ack);
                        }
                        Incoming::Error { code, message } => {
                            metrics.record_error_frame(&code);
                            let _ = replies.send(Reply::Error { code, message });
                        }
                        Incoming::Unparseable => Metrics::count(&metrics.unparseable_frames),
                        _ => {}
                    }
                }
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => {
                    if !*stop.borrow() {
                        Metrics::count(&metrics.disconnects);
                    }
                    return;
                }
                Some(Ok(_)) => {}
            },
        }
    }
    let _ = tokio::time::timeout(Duration::from_millis(500), socket.close(None)).await;
}

/// How the poll went, for the report.
struct Conducted {
    poll: u64,
    opened_at: Instant,
    /// When the later of the moderator's and the display's last tally arrived.
    last_tally_at: Option<Instant>,
}

/// The trail of every acknowledged answer at one observer.
#[derive(Debug, Default, PartialEq)]
struct Trail {
    /// In microseconds, in ack order; answers no tally counted are left out.
    micros: Vec<u64>,
    /// The last acknowledged answer's, if a tally counted it.
    last_micros: Option<u64>,
    never_counted: u64,
    counted_before_ack: u64,
}

/// For the k-th ack (acks in arrival order), the time to the first tally
/// (tallies in arrival order, as `(arrival, answered)`) with
/// `answered >= k`. A count that arrived before the ack (the ack and the
/// tally travel on different connections) counts as 0.
fn trail(acks: &[Instant], tallies: &[(Instant, u64)]) -> Trail {
    let mut most = 0u64;
    let running_most: Vec<u64> = tallies
        .iter()
        .map(|&(_, answered)| {
            most = most.max(answered);
            most
        })
        .collect();
    let mut result = Trail::default();
    for (position, &acked_at) in acks.iter().enumerate() {
        let k = position as u64 + 1;
        let first = running_most.partition_point(|&answered| answered < k);
        let micros = match tallies.get(first) {
            None => {
                result.never_counted += 1;
                None
            }
            Some(&(counted_at, _)) if counted_at < acked_at => {
                result.counted_before_ack += 1;
                Some(0)
            }
            Some(&(counted_at, _)) => Some(counted_at.duration_since(acked_at).as_micros() as u64),
        };
        if let Some(micros) = micros {
            result.micros.push(micros);
        }
        if position + 1 == acks.len() {
            result.last_micros = micros;
        }
    }
    result
}

fn summary_of(micros: impl IntoIterator<Item = u64>) -> LatencySummary {
    let histogram = LatencyHistogram::new();
    for value in micros {
        histogram.record(0, value);
    }
    LatencySummary::of(&histogram.merged())
}

fn observer_report(observer: &Observer, poll: u64, acks: &[Instant]) -> TallyObserverReport {
    let tallies: Vec<TallySeen> = locked(&observer.log.tallies)
        .iter()
        .filter(|tally| tally.poll == poll)
        .cloned()
        .collect();
    let arrivals: Vec<(Instant, u64)> = tallies
        .iter()
        .map(|tally| (tally.at, tally.counts.answered))
        .collect();
    let trail = trail(acks, &arrivals);
    TallyObserverReport {
        tallies: tallies.len() as u64,
        last_tally: tallies.last().map(|tally| tally.counts.clone()),
        trail: summary_of(trail.micros.iter().copied()),
        trail_of_last_answer_ms: trail.last_micros.map(|micros| micros as f64 / 1000.0),
        answers_never_counted: trail.never_counted,
        counted_before_ack: trail.counted_before_ack,
        tally_interval: summary_of(
            tallies
                .windows(2)
                .map(|pair| pair[1].at.duration_since(pair[0].at).as_micros() as u64),
        ),
        final_results: observer.log.results(poll),
    }
}

/// Whether `counts` count every answer sent, each under its option.
fn counts_every_answer(counts: Option<&PollCounts>, sent_per_option: &[u64]) -> bool {
    counts.is_some_and(|counts| {
        counts.answered == sent_per_option.iter().sum::<u64>()
            && counts.option_totals == sent_per_option
    })
}

/// The window: closes a leftover poll, opens the show of hands, lets the
/// participants answer, waits for the tallies that count them, and closes
/// it.
async fn conduct(
    context: &RunContext,
    moderator: &mut Observer,
    display: &Observer,
    probe: &mut Probe,
    start: &watch::Sender<Option<PollStart>>,
    book: &AnswerBook,
    participants: u64,
) -> Result<Conducted, String> {
    let common = &context.options.common;
    if let Some(leftover) = moderator.open_at_join {
        moderator
            .command(
                framing::poll_close_frame(leftover),
                "poll.close of the poll left open",
            )
            .await?;
        context.note(format!(
            "poll {leftover} was still open in the session (an earlier run stopped half-way); the moderator closed it before opening the show of hands"
        ));
    }
    probe.mark_window_start().await;
    moderator
        .command(framing::show_of_hands_open_frame(TITLE), "poll.open")
        .await?;
    let deadline = Instant::now() + REPLY_TIMEOUT;
    let opened = loop {
        if let Some(opened) = moderator.log.opened_poll() {
            break opened;
        }
        if Instant::now() >= deadline {
            return Err(
                "the moderator's poll.open was acknowledged but no poll.opened followed"
                    .to_string(),
            );
        }
        tokio::time::sleep(POLL_EVERY).await;
    };
    let _ = start.send(Some(opened));
    tokio::time::sleep_until(opened.opened_at + common.duration).await;

    // Every answer acknowledged or refused (or its connection gone).
    let deadline = Instant::now() + common.drain_timeout;
    while Metrics::read(&book.settled) < participants && Instant::now() < deadline {
        tokio::time::sleep(POLL_EVERY).await;
    }
    let unsettled = participants.saturating_sub(Metrics::read(&book.settled));
    if unsettled > 0 {
        context.note(format!(
            "{unsettled} participants had no answer to their poll.answer (or had not sent it) {} s after the window",
            common.drain_timeout.as_secs_f64()
        ));
    }

    // Both screens count every acknowledged answer.
    let acked = sum(&book.acked);
    let deadline = Instant::now() + common.drain_timeout;
    let counted =
        |observer: &Observer| observer.log.most_answered(opened.poll).unwrap_or(0) >= acked;
    while !(counted(moderator) && counted(display)) && Instant::now() < deadline {
        tokio::time::sleep(POLL_EVERY).await;
    }
    for observer in [&*moderator, display] {
        if !counted(observer) {
            context.note(format!(
                "the {}'s tallies counted at most {} of {acked} acknowledged answers",
                observer.name,
                observer.log.most_answered(opened.poll).unwrap_or(0)
            ));
        }
    }
    probe.mark_window_end().await;
    let last_tally_at = [&*moderator, display]
        .iter()
        .filter_map(|observer| observer.log.last_tally_at(opened.poll))
        .max();

    // The final results.
    moderator
        .command(framing::poll_close_frame(opened.poll), "poll.close")
        .await?;
    let deadline = Instant::now() + REPLY_TIMEOUT;
    while [&*moderator, display]
        .iter()
        .any(|observer| observer.log.results(opened.poll).is_none())
        && Instant::now() < deadline
    {
        tokio::time::sleep(POLL_EVERY).await;
    }
    Ok(Conducted {
        poll: opened.poll,
        opened_at: opened.opened_at,
        last_tally_at,
    })
}

pub async fn run(context: &Arc<RunContext>, options: ShowOfHandsOptions) -> Result<Report, String> {
    let common = &context.options.common;
    let admin_token = context
        .admin_token("show-of-hands (its moderator and room display invites)")?
        .to_string();
    context.ensure_hybridhub_session(&common.session).await?;
    let primary = context.connector.primary();
    let moderator_token =
        admin::invite_token(primary, &admin_token, &common.session, "moderator").await?;
    let display_token =
        admin::invite_token(primary, &admin_token, &common.session, "display").await?;
    let window = common.duration;
    let mut probe = Probe::start(context.probe_targets()).await;
    let (stop_sender, stop_receiver) = watch::channel(false);
    let (start_sender, start_receiver) = watch::channel(None);
    let book = Arc::new(AnswerBook::default());
    let seed = wall_clock_micros();

    // The participants join.
    let semaphore = Arc::new(Semaphore::new(common.connect_concurrency));
    let (settled_sender, mut settled_receiver) = mpsc::unbounded_channel::<bool>();
    let connect_started = Instant::now();
    let mut tasks = Vec::with_capacity(common.clients);
    for index in 0..common.clients {
        let request = JoinRequest {
            room: common.session.clone(),
            node: context.connector.node_for_subscriber(index),
            role: Role::Subscriber,
            details: JoinDetails {
                name: format!("lt-{index}"),
                index,
                ..JoinDetails::default()
            },
        };
        tasks.push(tokio::spawn(participant(
            Arc::clone(context),
            index,
            request,
            answer_plan(index, common.clients, options.raise_share, window, seed),
            Joining {
                semaphore: Arc::clone(&semaphore),
                settled: settled_sender.clone(),
            },
            Signals {
                start: start_receiver.clone(),
                stop: stop_receiver.clone(),
            },
            Arc::clone(&book),
        )));
    }
    drop(settled_sender);
    let connect_seconds = wait_until_settled(
        context,
        &mut settled_receiver,
        common.clients,
        connect_started,
    )
    .await;
    probe.mark_connect_end().await;
    let joined = Metrics::read(&context.metrics.connections_joined);
    if joined == 0 {
        let _ = stop_sender.send(true);
        return Err(format!(
            "no participant could join; {}",
            context
                .first_failure()
                .unwrap_or_else(|| "no failure was recorded".to_string())
        ));
    }
    tokio::time::sleep(common.settle).await;
    probe.mark_idle();
    probe.measure_nats_baseline(common.nats_baseline).await;

    // The moderator and the display, then the poll.
    let conducted = async {
        let mut moderator = Observer::open(
            context,
            "moderator",
            moderator_token,
            OBSERVER_INDEX_BASE,
            stop_receiver.clone(),
        )
        .await?;
        let display = Observer::open(
            context,
            "display",
            display_token,
            OBSERVER_INDEX_BASE + 1,
            stop_receiver.clone(),
        )
        .await?;
        let conducted = conduct(
            context,
            &mut moderator,
            &display,
            &mut probe,
            &start_sender,
            &book,
            joined,
        )
        .await?;
        Ok::<_, String>((moderator, display, conducted))
    }
    .await;

    // Stop, whatever happened.
    let _ = stop_sender.send(true);
    for task in tasks {
        let _ = tokio::time::timeout(Duration::from_secs(10), task).await;
    }
    let (moderator, display, conducted) = conducted?;
    for observer in [&moderator, &display] {
        observer.task.abort();
    }

    let mut acks = locked(&book.ack_times).clone();
    acks.sort();
    let sent_per_option = per_option(&book.sent);
    let acked_per_option = per_option(&book.acked);
    let answers_sent = sent_per_option.iter().sum::<u64>();
    let answers_acked = acked_per_option.iter().sum::<u64>();
    let answers_refused = sum(&book.refused);
    let moderator_report = observer_report(&moderator, conducted.poll, &acks);
    let display_report = observer_report(&display, conducted.poll, &acks);
    let every_answer_counted = joined == common.clients as u64
        && answers_sent == joined
        && answers_acked == answers_sent
        && acked_per_option == sent_per_option
        && [&moderator_report, &display_report].iter().all(|observer| {
            counts_every_answer(observer.last_tally.as_ref(), &sent_per_option)
                && counts_every_answer(observer.final_results.as_ref(), &sent_per_option)
        });
    let window_seconds = conducted.last_tally_at.map_or(0.0, |last| {
        last.duration_since(conducted.opened_at).as_secs_f64()
    });
    let hands = ShowOfHandsReport {
        poll: conducted.poll,
        answer_window_seconds: window.as_secs_f64(),
        raise_share: options.raise_share,
        participants: joined,
        answers_sent,
        answers_acked,
        answers_refused,
        answers_unanswered: answers_sent.saturating_sub(answers_acked + answers_refused),
        sent_per_option,
        acked_per_option,
        answer_ack_latency: LatencySummary::of(&book.answer_latency.merged()),
        seconds_to_last_ack: acks.last().map_or(0.0, |last| {
            last.duration_since(conducted.opened_at).as_secs_f64()
        }),
        moderator: moderator_report,
        display: display_report,
        tallies_at_participants: Metrics::read(&book.tallies_seen),
        every_answer_counted,
    };

    let mut report = context.base_report();
    super::fill_connect_and_errors(context, &mut report, connect_seconds);
    report.messages.window_seconds = window_seconds;
    let problems = probe.problems.clone();
    let measured = probe.finish(joined, 0, window_seconds).await;
    super::fill_from_probe(context, &mut report, measured);
    report.notes.extend(problems);
    report.parameters.insert(
        "answer_window_seconds".to_string(),
        json!(window.as_secs_f64()),
    );
    report
        .parameters
        .insert("raise_share".to_string(), json!(options.raise_share));
    report.show_of_hands = Some(hands);
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_raisers_are_the_share_asked_for_spread_over_the_participants() {
        for (participants, share) in [(5_000, 0.6), (50, 0.6), (7, 0.5), (10, 0.0), (10, 1.0)] {
            let plans: Vec<AnswerPlan> = (0..participants)
                .map(|index| answer_plan(index, participants, share, Duration::from_secs(10), 42))
                .collect();
            let raisers = plans.iter().filter(|plan| plan.choice == 0).count();
            assert_eq!(raisers, (participants as f64 * share).round() as usize);
            assert!(plans
                .iter()
                .all(|plan| plan.offset < Duration::from_secs(10)));
        }
        // Among the first 10 of 5,000 at 60%, 6 raise: no long runs.
        let first_ten = (0..10)
            .filter(|&index| raises_hand(index, 5_000, 3_000))
            .count();
        assert_eq!(first_ten, 6);
    }

    #[test]
    fn answer_times_spread_over_the_window() {
        let window = Duration::from_secs(10);
        let offsets: Vec<f64> = (0..5_000)
            .map(|index| {
                answer_plan(index, 5_000, 0.6, window, 7)
                    .offset
                    .as_secs_f64()
            })
            .collect();
        let mean = offsets.iter().sum::<f64>() / offsets.len() as f64;
        assert!((4.7..5.3).contains(&mean), "mean {mean}");
        for second in 0..10 {
            let in_second = offsets
                .iter()
                .filter(|&&offset| offset >= second as f64 && offset < second as f64 + 1.0)
                .count();
            assert!(
                (400..600).contains(&in_second),
                "second {second}: {in_second}"
            );
        }
    }

    #[test]
    fn the_trail_runs_from_each_ack_to_the_first_tally_that_counts_it() {
        let t0 = Instant::now();
        let at = |millis: u64| t0 + Duration::from_millis(millis);
        let acks = [at(100), at(150), at(200), at(900)];
        // A tally at 250 counts 2, one at 500 counts 3, one at 1,000 all 4.
        let tallies = [(at(250), 2), (at(500), 3), (at(1_000), 4)];
        let result = trail(&acks, &tallies);
        assert_eq!(result.micros, vec![150_000, 100_000, 300_000, 100_000]);
        assert_eq!(result.last_micros, Some(100_000));
        assert_eq!(result.never_counted, 0);
        assert_eq!(result.counted_before_ack, 0);
    }

    #[test]
    fn an_answer_no_tally_counts_is_never_counted() {
        let t0 = Instant::now();
        let at = |millis: u64| t0 + Duration::from_millis(millis);
        let acks = [at(100), at(200), at(300)];
        // A count that drops (someone left) does not undo an earlier one;
        // the third answer is never counted.
        let tallies = [(at(50), 1), (at(250), 2), (at(400), 1)];
        let result = trail(&acks, &tallies);
        assert_eq!(result.micros, vec![0, 50_000]);
        assert_eq!(result.counted_before_ack, 1);
        assert_eq!(result.never_counted, 1);
        assert_eq!(result.last_micros, None);
    }

    #[test]
    fn every_answer_counts_only_under_its_own_option() {
        let counts = PollCounts {
            present: 10,
            answered: 10,
            option_totals: vec![6, 4],
        };
        assert!(counts_every_answer(Some(&counts), &[6, 4]));
        assert!(!counts_every_answer(Some(&counts), &[4, 6]));
        assert!(!counts_every_answer(Some(&counts), &[6, 5]));
        assert!(!counts_every_answer(None, &[6, 4]));
    }
}
