//! A publisher: one joined participant that sends measured messages (or hand
//! raises and lowers) at fixed rates for a set time, then keeps reading until
//! the run stops so that acknowledgements and errors are still counted.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::sync::watch;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;

use crate::connection::{ClientSocket, OpenedConnection};
use crate::framing::{self, Incoming};
use crate::metrics::Metrics;
use crate::options::Target;
use crate::payload::{stamped_text, MessageKind};

/// What a publisher does at each tick of one of its streams.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PublishAction {
    /// Sends a measured message of this kind.
    Message(MessageKind),
    /// Raises the hand, or lowers it if raised (hybridhub only).
    ToggleHand,
}

/// One action repeated at a fixed rate.
#[derive(Clone, Copy, Debug)]
pub struct PublishStream {
    pub action: PublishAction,
    pub per_second: f64,
}

/// One publishing participant.
#[derive(Clone, Debug)]
pub struct PublisherPlan {
    pub name: String,
    /// hybridhub join token (for example a captioner invite).
    pub token: Option<String>,
    pub streams: Vec<PublishStream>,
}

impl PublisherPlan {
    /// Whether any stream sends measured messages (so that an error frame
    /// means a refused message).
    pub fn sends_messages(&self) -> bool {
        self.streams
            .iter()
            .any(|stream| matches!(stream.action, PublishAction::Message(_)))
    }
}

/// Counters the engine reads while the publisher runs.
#[derive(Debug, Default)]
pub struct PublisherCounters {
    pub sent_messages: AtomicU64,
    pub rejected_messages: AtomicU64,
    pub max_ack_seq: AtomicU64,
    pub finished_publishing: AtomicBool,
    /// When set, every acknowledged seq is added here (`soak` learns which
    /// seqs a hand raiser's events took, since those do not reach everyone).
    pub acked_seqs: Option<super::seq::NotForEveryone>,
}

impl PublisherCounters {
    /// Messages sent and not refused.
    pub fn accepted_messages(&self) -> u64 {
        self.sent_messages
            .load(Ordering::Relaxed)
            .saturating_sub(self.rejected_messages.load(Ordering::Relaxed))
    }
}

/// What a publisher needs besides its connection.
pub struct PublisherSetup {
    pub plan: PublisherPlan,
    pub target: Target,
    pub message_bytes: usize,
    pub metrics: Arc<Metrics>,
    pub counters: Arc<PublisherCounters>,
    /// Turns true when publishing starts.
    pub go: watch::Receiver<bool>,
    pub publish_for: Duration,
    /// Turns true when the run ends.
    pub stop: watch::Receiver<bool>,
}

/// Runs a publisher until the run stops.
pub async fn run(opened: OpenedConnection, mut setup: PublisherSetup) {
    let mut socket = opened.socket;
    let counts_refusals = setup.plan.sends_messages();

    // Wait for the start signal, still answering the server.
    while !*setup.go.borrow() {
        tokio::select! {
            biased;
            _ = setup.stop.changed() => return finish(&setup, socket).await,
            changed = setup.go.changed() => if changed.is_err() { return finish(&setup, socket).await },
            frame = socket.next() => {
                if !handle_frame(&mut socket, frame, &setup, counts_refusals).await {
                    return finish(&setup, socket).await;
                }
            }
        }
    }

    let started = Instant::now();
    let publish_until = started + setup.publish_for;
    let intervals: Vec<Option<Duration>> = setup
        .plan
        .streams
        .iter()
        .map(|stream| {
            (stream.per_second > 0.0).then(|| Duration::from_secs_f64(1.0 / stream.per_second))
        })
        .collect();
    let mut next_due: Vec<Option<Instant>> = intervals
        .iter()
        .map(|interval| interval.map(|_| started))
        .collect();
    let mut hand_raised = false;
    let mut message_number: u64 = 0;
    let mut publishing = true;

    loop {
        let earliest = next_due
            .iter()
            .enumerate()
            .filter_map(|(stream, due)| due.map(|due| (stream, due)))
            .min_by_key(|(_, due)| *due);
        let (due_stream, due_at) = earliest.unwrap_or((usize::MAX, publish_until));
        tokio::select! {
            biased;
            _ = setup.stop.changed() => break,
            _ = tokio::time::sleep_until(publish_until), if publishing => {
                publishing = false;
                setup.counters.finished_publishing.store(true, Ordering::Relaxed);
            }
            _ = tokio::time::sleep_until(due_at), if publishing && due_stream != usize::MAX => {
                let frame = match setup.plan.streams[due_stream].action {
                    PublishAction::Message(kind) => {
                        message_number += 1;
                        let text = stamped_text(kind, message_number, setup.message_bytes);
                        framing::publish_frame(setup.target, kind, &text, message_number)
                    }
                    PublishAction::ToggleHand => {
                        hand_raised = !hand_raised;
                        framing::hand_frame(hand_raised)
                    }
                };
                if socket.send(Message::text(frame)).await.is_err() {
                    if !*setup.stop.borrow() {
                        Metrics::count(&setup.metrics.disconnects);
                    }
                    break;
                }
                match setup.plan.streams[due_stream].action {
                    PublishAction::Message(_) => {
                        Metrics::count(&setup.metrics.published);
                        setup.counters.sent_messages.fetch_add(1, Ordering::Relaxed);
                    }
                    PublishAction::ToggleHand => Metrics::count(&setup.metrics.other_actions),
                }
                let interval = intervals[due_stream].expect("a due stream has an interval");
                next_due[due_stream] = Some(due_at + interval);
            }
            frame = socket.next() => {
                if !handle_frame(&mut socket, frame, &setup, counts_refusals).await {
                    break;
                }
            }
        }
    }
    finish(&setup, socket).await
}

async fn finish(setup: &PublisherSetup, mut socket: ClientSocket) {
    setup
        .counters
        .finished_publishing
        .store(true, Ordering::Relaxed);
    let _ = tokio::time::timeout(Duration::from_millis(500), socket.close(None)).await;
}

/// Handles one frame read by a publisher; false when the connection ended.
async fn handle_frame(
    socket: &mut ClientSocket,
    frame: Option<Result<Message, tokio_tungstenite::tungstenite::Error>>,
    setup: &PublisherSetup,
    counts_refusals: bool,
) -> bool {
    let text = match frame {
        Some(Ok(Message::Text(text))) => text,
        Some(Ok(Message::Close(_))) | Some(Err(_)) | None => {
            if !*setup.stop.borrow() {
                Metrics::count(&setup.metrics.disconnects);
            }
            return false;
        }
        Some(Ok(_)) => return true,
    };
    match framing::decode(setup.target, text.as_str()) {
        Incoming::Ack { seq } => {
            Metrics::count(&setup.metrics.acks);
            if let Some(seq) = seq {
                setup.counters.max_ack_seq.fetch_max(seq, Ordering::Relaxed);
                if let Some(acked) = &setup.counters.acked_seqs {
                    acked
                        .lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner())
                        .insert(seq);
                }
            }
        }
        Incoming::Error { code, .. } => {
            setup.metrics.record_error_frame(&code);
            if counts_refusals {
                Metrics::count(&setup.metrics.publish_rejected);
                setup
                    .counters
                    .rejected_messages
                    .fetch_add(1, Ordering::Relaxed);
            }
        }
        Incoming::EnginePing => {
            let _ = socket.send(Message::text("3")).await;
        }
        Incoming::Unparseable => Metrics::count(&setup.metrics.unparseable_frames),
        _ => {}
    }
    true
}
