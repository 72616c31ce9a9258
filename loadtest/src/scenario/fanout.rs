//! The fan-out engine behind `broadcast`, `plenary`, `workshops` and
//! `join-storm`: rooms of subscribers, a few publishers per room, a timed
//! message window, and a drain.
//!
//! The phases are:
//! 1. read the server before any client;
//! 2. connect and join every subscriber, at most `connect_concurrency` at a time;
//! 3. settle, then read the server's idle memory (and, for a cluster, the
//!    nats-server's idle background traffic);
//! 4. connect the publishers;
//! 5. publish for the run's duration (the message window starts here);
//! 6. drain until every expected delivery arrived, deliveries stall, or the
//!    drain timeout passes (the window ends at the last delivery);
//! 7. stop every connection and collect the outcomes.
//!
//! Against several servers (the nodes of one cluster) subscriber `i` joins
//! node `i % nodes` and every publisher joins node 0.
//!
//! With several generator processes (`--processes`) this process connects
//! only its share of the subscribers, and the workers the rest (see
//! [`crate::processes`]): they connect when this one has read the server
//! before any client, the window opens once every process settled, the
//! drain counts every process's deliveries, and at the end the workers'
//! counts and histograms are added to this process's.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, watch, Semaphore};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use super::failover::{self, KillRecord, Resumer};
use super::publisher::{self, PublishAction, PublisherCounters, PublisherPlan, PublisherSetup};
use super::seq::NotForEveryone;
use super::subscriber::{self, SubscriberOutcome};
use super::{Probe, RunContext};
use crate::connection::JoinRequest;
use crate::framing::{JoinDetails, Role, WelcomeInfo};
use crate::metrics::Metrics;
use crate::processes::{self, AssignedRoom, Workers};
use crate::report::Report;

/// Deliveries that stop arriving for this long end the drain early.
const STALL_LIMIT: Duration = Duration::from_secs(2);

/// The longest wait for the acks of the last messages after the drain.
const ANSWER_GRACE: Duration = Duration::from_secs(1);

/// How often the drain checks the delivery count.
const DRAIN_POLL: Duration = Duration::from_millis(20);

/// Publisher connection numbers start here, so that they take their own
/// source addresses and names.
const PUBLISHER_INDEX_BASE: usize = 1_000_000;

/// One room (hybridhub session or Socket.IO room).
#[derive(Clone, Debug)]
pub struct RoomPlan {
    pub room: String,
    pub subscribers: usize,
    pub publishers: Vec<PublisherPlan>,
}

/// What to run.
#[derive(Clone, Debug)]
pub struct FanoutPlan {
    pub rooms: Vec<RoomPlan>,
    /// How long publishers publish (or, without publishers, how long the
    /// subscribers are observed).
    pub publish_for: Duration,
}

/// What happened.
pub struct FanoutOutcome {
    pub connect_seconds: f64,
    pub window_seconds: f64,
    pub expected_deliveries: u64,
    pub subscribers: Vec<SubscriberOutcome>,
    pub probe: Probe,
    /// The node killed by `--kill-node-after`, if any.
    pub kill: Option<KillRecord>,
    /// The last seq a publisher had acknowledged.
    pub final_seq: u64,
    /// The seqs of the hand raisers' events, which subscribers do not
    /// receive (see [`failover::check_seqs`]).
    pub not_for_everyone: NotForEveryone,
}

struct RoomState {
    joined_subscribers: Arc<AtomicU64>,
    publisher_counters: Vec<Arc<PublisherCounters>>,
}

/// Runs the plan to completion.
pub async fn run(context: &Arc<RunContext>, plan: FanoutPlan) -> Result<FanoutOutcome, String> {
    let mut workers = processes::take_workers(context);
    let result = run_with_workers(context, plan, workers.as_mut()).await;
    // Workers still running (a failure on the way) are stopped here.
    drop(workers);
    result
}

async fn run_with_workers(
    context: &Arc<RunContext>,
    plan: FanoutPlan,
    mut workers: Option<&mut Workers>,
) -> Result<FanoutOutcome, String> {
    let common = &context.options.common;
    let mut probe = Probe::start(context.probe_targets()).await;
    let (stop_sender, stop_receiver) = watch::channel(false);

    // Phase 2: subscribers; with workers, this process's share of them.
    let total_subscribers: usize = plan.rooms.iter().map(|room| room.subscribers).sum();
    let own_share = processes::share(total_subscribers, common.processes, 0);
    if let Some(workers) = workers.as_deref_mut() {
        let rooms: Vec<AssignedRoom> = plan
            .rooms
            .iter()
            .map(|room| AssignedRoom {
                room: room.room.clone(),
                subscribers: room.subscribers,
            })
            .collect();
        workers.connect(&rooms)?;
    }
    let concurrency = common.connect_concurrency.div_ceil(common.processes).max(1);
    let semaphore = Arc::new(Semaphore::new(concurrency));
    let (settled_sender, mut settled_receiver) = mpsc::unbounded_channel::<bool>();
    let connect_started = Instant::now();
    let mut rooms: Vec<RoomState> = Vec::new();
    let mut subscriber_tasks: Vec<JoinHandle<SubscriberOutcome>> = Vec::new();
    let mut next_index = 0usize;
    let mut own_count = 0usize;
    for room in &plan.rooms {
        let joined_subscribers = Arc::new(AtomicU64::new(0));
        for _ in 0..room.subscribers {
            let index = next_index;
            next_index += 1;
            if !own_share.contains(&index) {
                continue;
            }
            own_count += 1;
            let request = JoinRequest {
                room: room.room.clone(),
                node: context.connector.node_for_subscriber(index),
                role: Role::Subscriber,
                details: JoinDetails {
                    name: format!("lt-{index}"),
                    index,
                    ..JoinDetails::default()
                },
            };
            subscriber_tasks.push(tokio::spawn(connect_then_subscribe(
                Arc::clone(context),
                index,
                request,
                Arc::clone(&semaphore),
                Arc::clone(&joined_subscribers),
                settled_sender.clone(),
                stop_receiver.clone(),
            )));
        }
        rooms.push(RoomState {
            joined_subscribers,
            publisher_counters: Vec::new(),
        });
    }
    drop(settled_sender);
    let mut connect_seconds =
        wait_until_settled(context, &mut settled_receiver, own_count, connect_started).await;
    let mut joined = Metrics::read(&context.metrics.connections_joined);
    if let Some(workers) = workers.as_deref_mut() {
        let deadline = connect_started + common.connect_timeout + Duration::from_secs(5);
        let settled = workers.wait_settled(rooms.len(), deadline).await;
        let (joined_per_room, last_settled) = match settled {
            Ok(settled) => settled,
            Err(problem) => {
                let _ = stop_sender.send(true);
                return Err(problem);
            }
        };
        for (room, count) in rooms.iter().zip(&joined_per_room) {
            room.joined_subscribers.fetch_add(*count, Ordering::Relaxed);
        }
        joined += joined_per_room.iter().sum::<u64>();
        connect_seconds =
            connect_seconds.max(last_settled.duration_since(connect_started).as_secs_f64());
    }
    probe.mark_connect_end().await;
    if joined == 0 {
        let _ = stop_sender.send(true);
        return Err(format!(
            "no subscriber could join ({} attempted); {}",
            next_index,
            context
                .first_failure()
                .unwrap_or_else(|| "no failure was recorded".to_string())
        ));
    }

    // Phase 3: idle memory.
    tokio::time::sleep(common.settle).await;
    probe.mark_idle();
    probe.measure_nats_baseline(common.nats_baseline).await;

    // Phase 4: publishers.
    let (go_sender, go_receiver) = watch::channel(false);
    let (publisher_ready_sender, mut publisher_ready_receiver) = mpsc::unbounded_channel::<bool>();
    let mut publisher_tasks = Vec::new();
    let mut publisher_count = 0usize;
    let not_for_everyone = NotForEveryone::default();
    for (room_plan, room_state) in plan.rooms.iter().zip(rooms.iter_mut()) {
        for publisher_plan in &room_plan.publishers {
            let index = PUBLISHER_INDEX_BASE + publisher_count;
            publisher_count += 1;
            let counters = Arc::new(publisher_counters(publisher_plan, &not_for_everyone));
            room_state.publisher_counters.push(Arc::clone(&counters));
            let request = JoinRequest {
                room: room_plan.room.clone(),
                // Every publisher is on the first node.
                node: 0,
                role: Role::Publisher,
                details: JoinDetails {
                    name: publisher_plan.name.clone(),
                    token: publisher_plan.token.clone(),
                    index,
                    ..JoinDetails::default()
                },
            };
            let setup = PublisherSetup {
                plan: publisher_plan.clone(),
                target: common.target,
                message_bytes: common.message_bytes,
                metrics: Arc::clone(&context.metrics),
                counters,
                go: go_receiver.clone(),
                publish_for: plan.publish_for,
                stop: stop_receiver.clone(),
            };
            let context = Arc::clone(context);
            let ready = publisher_ready_sender.clone();
            publisher_tasks.push(tokio::spawn(async move {
                match context.connector.open(index, &request).await {
                    Ok(opened) => {
                        let _ = ready.send(true);
                        publisher::run(opened, setup).await;
                    }
                    Err(failure) => {
                        setup
                            .counters
                            .finished_publishing
                            .store(true, Ordering::Relaxed);
                        context.note(format!(
                            "publisher {} could not join: {failure}",
                            request.details.name
                        ));
                        let _ = ready.send(false);
                    }
                }
            }));
        }
    }
    drop(publisher_ready_sender);
    let publisher_deadline = Instant::now() + common.handshake_timeout + Duration::from_secs(1);
    for _ in 0..publisher_count {
        match tokio::time::timeout_at(publisher_deadline, publisher_ready_receiver.recv()).await {
            Ok(Some(_)) => {}
            _ => break,
        }
    }

    // Phase 5: the message window.
    probe.mark_window_start().await;
    let window_started = Instant::now();
    let _ = go_sender.send(true);
    let kill = match (common.kill_node, failover::pid_to_kill(context)) {
        (Some(kill), Some(pid)) => Some(failover::kill_later(kill, pid, window_started)),
        _ => None,
    };
    tokio::time::sleep(plan.publish_for).await;
    let all_finished_deadline = Instant::now() + Duration::from_secs(2);
    while Instant::now() < all_finished_deadline && !all_publishers_finished(&rooms) {
        tokio::time::sleep(DRAIN_POLL).await;
    }

    // Phase 6: drain.
    let window_ended = drain(context, &rooms, common.drain_timeout, workers.as_deref()).await;
    probe.mark_window_end().await;
    wait_for_answers(context).await;
    let window_seconds = window_ended.duration_since(window_started).as_secs_f64();
    let expected_deliveries = expected_deliveries(&rooms);
    let final_seq = rooms
        .iter()
        .flat_map(|room| room.publisher_counters.iter())
        .map(|counters| counters.max_ack_seq.load(Ordering::Relaxed))
        .max()
        .unwrap_or(0);
    let kill = match kill {
        Some(kill) => kill.await.ok(),
        None => None,
    };

    // Phase 7: stop and collect.
    let _ = stop_sender.send(true);
    let mut subscribers = Vec::with_capacity(subscriber_tasks.len());
    for task in subscriber_tasks {
        if let Ok(Ok(outcome)) = tokio::time::timeout(Duration::from_secs(10), task).await {
            subscribers.push(outcome);
        }
    }
    for task in publisher_tasks {
        let _ = tokio::time::timeout(Duration::from_secs(5), task).await;
    }
    if let Some(workers) = workers {
        for tally in workers.finish().await? {
            context.metrics.absorb(&tally.metrics);
            subscribers.extend(tally.subscribers);
            if let Some(failure) = tally.first_failure {
                context.note(format!("another generator process: {failure}"));
            }
            for note in tally.notes {
                context.note(note);
            }
        }
    }
    Ok(FanoutOutcome {
        connect_seconds,
        window_seconds,
        expected_deliveries,
        subscribers,
        probe,
        kill,
        final_seq,
        not_for_everyone,
    })
}

/// A publisher's counters. A hand raiser (a publisher that only raises and
/// lowers its hand) adds its acknowledged seqs to `not_for_everyone`: each
/// is a `hand.raised` or `hand.lowered`, which goes to moderators and the
/// hand's owner only. A publisher that also sends messages does not, so
/// that its messages' seqs stay checked.
fn publisher_counters(
    plan: &PublisherPlan,
    not_for_everyone: &NotForEveryone,
) -> PublisherCounters {
    let only_hands = !plan.streams.is_empty()
        && plan
            .streams
            .iter()
            .all(|stream| stream.action == PublishAction::ToggleHand);
    PublisherCounters {
        acked_seqs: only_hands.then(|| Arc::clone(not_for_everyone)),
        ..PublisherCounters::default()
    }
}

/// Connects one subscriber (holding a connect permit only while connecting),
/// reports that it settled, then reads until the run stops.
pub(crate) async fn connect_then_subscribe(
    context: Arc<RunContext>,
    index: usize,
    request: JoinRequest,
    semaphore: Arc<Semaphore>,
    joined_in_room: Arc<AtomicU64>,
    settled: mpsc::UnboundedSender<bool>,
    stop: watch::Receiver<bool>,
) -> SubscriberOutcome {
    // With failover on, a subscriber carries a client id, so that it can
    // resume on another node as the same participant.
    let failover = context.options.common.kill_node.is_some();
    let mut request = request;
    if failover {
        request.details.client_id = Some(format!("lt-{}-{index}", std::process::id()));
    }
    let opened = {
        let _permit = semaphore
            .acquire()
            .await
            .expect("the connect semaphore is never closed");
        context.open_counted(index, &request).await
    };
    // Counted in its room before it reports settling, so that whoever waits
    // for every connection to settle reads complete room counts.
    if opened.is_some() {
        joined_in_room.fetch_add(1, Ordering::Relaxed);
    }
    let _ = settled.send(opened.is_some());
    match opened {
        Some(opened) => {
            let node = request.node;
            let resumer = failover.then(|| {
                Resumer::new(
                    Arc::clone(&context),
                    request,
                    semaphore,
                    opened.welcome.as_ref().unwrap_or(&WelcomeInfo::default()),
                )
            });
            subscriber::run(
                opened,
                index,
                node,
                context.options.common.target,
                Arc::clone(&context.metrics),
                resumer,
                stop,
            )
            .await
        }
        None => SubscriberOutcome::default(),
    }
}

/// Waits until `count` connections settled (joined or failed) or the connect
/// timeout passed; returns the seconds from the start to the last settle.
pub async fn wait_until_settled(
    context: &RunContext,
    settled: &mut mpsc::UnboundedReceiver<bool>,
    count: usize,
    started: Instant,
) -> f64 {
    let deadline = started + context.options.common.connect_timeout;
    let mut last_settled = started;
    let mut settled_count = 0usize;
    while settled_count < count {
        match tokio::time::timeout_at(deadline, settled.recv()).await {
            Ok(Some(_)) => {
                settled_count += 1;
                last_settled = Instant::now();
            }
            Ok(None) => break,
            Err(_) => {
                context.note(format!(
                    "the connect phase hit --connect-timeout with {settled_count} of {count} connections settled"
                ));
                break;
            }
        }
    }
    last_settled.duration_since(started).as_secs_f64()
}

fn all_publishers_finished(rooms: &[RoomState]) -> bool {
    rooms
        .iter()
        .flat_map(|room| room.publisher_counters.iter())
        .all(|counters| counters.finished_publishing.load(Ordering::Relaxed))
}

fn expected_deliveries(rooms: &[RoomState]) -> u64 {
    rooms
        .iter()
        .map(|room| {
            let accepted: u64 = room
                .publisher_counters
                .iter()
                .map(|counters| counters.accepted_messages())
                .sum();
            accepted * room.joined_subscribers.load(Ordering::Relaxed)
        })
        .sum()
}

/// Gives the server a moment to answer (ack or refuse) every published
/// message, so that the report's counts are complete. hybridhub acknowledges
/// a message after broadcasting it, so an ack can trail the last delivery.
async fn wait_for_answers(context: &RunContext) {
    if context.options.common.target != crate::options::Target::Hybridhub {
        return;
    }
    let metrics = &context.metrics;
    let deadline = Instant::now() + ANSWER_GRACE;
    while Instant::now() < deadline
        && Metrics::read(&metrics.acks) + Metrics::read(&metrics.publish_rejected)
            < Metrics::read(&metrics.published)
    {
        tokio::time::sleep(DRAIN_POLL).await;
    }
}

/// Waits for deliveries in flight (in this process and the workers);
/// returns when the last one arrived.
async fn drain(
    context: &RunContext,
    rooms: &[RoomState],
    drain_timeout: Duration,
    workers: Option<&Workers>,
) -> Instant {
    let delivered_everywhere =
        || Metrics::read(&context.metrics.deliveries) + workers.map_or(0, Workers::delivered);
    let started = Instant::now();
    let deadline = started + drain_timeout;
    let mut last_count = delivered_everywhere();
    let mut last_progress = started;
    loop {
        let delivered = delivered_everywhere();
        if delivered != last_count {
            last_count = delivered;
            last_progress = Instant::now();
        }
        let now = Instant::now();
        if delivered >= expected_deliveries(rooms)
            || now >= deadline
            || now.duration_since(last_progress) >= STALL_LIMIT
        {
            return last_progress;
        }
        tokio::time::sleep(DRAIN_POLL).await;
    }
}

impl FanoutOutcome {
    /// Fills the parts of the report every fan-out scenario shares.
    pub async fn fill_report(self, context: &RunContext, report: &mut Report) {
        let metrics = &context.metrics;
        let delivered = Metrics::read(&metrics.deliveries);
        super::fill_connect_and_errors(context, report, self.connect_seconds);
        let messages = &mut report.messages;
        messages.expected_deliveries = self.expected_deliveries;
        messages.delivered = delivered;
        messages.delivery_ratio = if self.expected_deliveries > 0 {
            delivered as f64 / self.expected_deliveries as f64
        } else {
            0.0
        };
        messages.window_seconds = self.window_seconds;
        messages.delivered_per_second = if self.window_seconds > 0.0 {
            delivered as f64 / self.window_seconds
        } else {
            0.0
        };
        report.latency = metrics.latency_summaries();
        let problems = self.probe.problems.clone();
        let measured = self
            .probe
            .finish(report.connect.joined, delivered, self.window_seconds)
            .await;
        super::fill_from_probe(context, report, measured);
        for problem in problems {
            report.notes.push(problem);
        }
        if let Some(kill) = &self.kill {
            report.failover = Some(failover::report(
                context,
                kill,
                &self.subscribers,
                self.final_seq,
                &self.not_for_everyone,
            ));
            report.notes.push(format!(
                "server CPU and RSS leave out node {} (pid {}), killed during the window; \
                 replayed messages after a resume are counted, not timed",
                kill.node, kill.pid
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payload::MessageKind;
    use crate::scenario::publisher::PublishStream;

    fn plan(actions: &[PublishAction]) -> PublisherPlan {
        PublisherPlan {
            name: "lt-test".to_string(),
            token: None,
            streams: actions
                .iter()
                .map(|&action| PublishStream {
                    action,
                    per_second: 1.0,
                })
                .collect(),
        }
    }

    #[test]
    fn only_a_hand_raiser_counts_its_acked_seqs_as_not_for_everyone() {
        let not_for_everyone = NotForEveryone::default();
        let chat = PublishAction::Message(MessageKind::Chat);
        let hand = PublishAction::ToggleHand;
        let raiser = publisher_counters(&plan(&[hand]), &not_for_everyone);
        assert!(raiser
            .acked_seqs
            .as_ref()
            .is_some_and(|acked| Arc::ptr_eq(acked, &not_for_everyone)));
        for others in [&[chat][..], &[chat, hand][..], &[][..]] {
            let counters = publisher_counters(&plan(others), &not_for_everyone);
            assert!(counters.acked_seqs.is_none(), "{others:?}");
        }
    }
}
