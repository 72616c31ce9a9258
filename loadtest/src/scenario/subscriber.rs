//! A subscriber: one joined participant that reads until the run stops,
//! timing every measured message it receives.

use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde::{Deserialize, Serialize};
use tokio::sync::watch;
use tokio_tungstenite::tungstenite::Message;

use super::failover::{Resumer, SubscriberFailover};
use crate::connection::{ClientSocket, OpenedConnection};
use crate::framing::{self, Incoming};
use crate::metrics::Metrics;
use crate::options::Target;
use crate::payload::latency_micros_since;

/// What one subscriber saw.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SubscriberOutcome {
    pub joined: bool,
    pub deliveries: u64,
    pub presence_frames: u64,
    /// The participant count in the last presence frame, if any had one.
    pub last_presence_participants: Option<u64>,
    /// With failover on: resumes, resume times and the seq check.
    #[serde(default)]
    pub failover: Option<SubscriberFailover>,
}

/// The pause allowed for a polite close at the end of a run.
const CLOSE_GRACE: Duration = Duration::from_millis(500);

/// Reads frames until `stop` changes, then closes the connection. `node` is
/// the server (cluster node) the subscriber joined, for latency by node.
/// With a `resumer` (failover on), a connection closed before the run ends
/// resumes on another node instead of ending the subscriber.
pub async fn run(
    opened: OpenedConnection,
    index: usize,
    node: usize,
    target: Target,
    metrics: Arc<Metrics>,
    mut resumer: Option<Resumer>,
    mut stop: watch::Receiver<bool>,
) -> SubscriberOutcome {
    let mut outcome = SubscriberOutcome {
        joined: true,
        presence_frames: opened.presence_frames_before_welcome,
        ..SubscriberOutcome::default()
    };
    let mut socket = opened.socket;
    loop {
        let node = resumer.as_ref().map_or(node, Resumer::node);
        tokio::select! {
            biased;
            _ = stop.changed() => break,
            frame = socket.next() => match frame {
                Some(Ok(Message::Text(text))) => {
                    let receiver = Receiver { index, node, target, metrics: &metrics };
                    handle_text(&mut socket, text.as_str(), receiver, &mut outcome, resumer.as_mut()).await;
                }
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => {
                    if *stop.borrow() {
                        return finish(outcome, resumer);
                    }
                    Metrics::count(&metrics.disconnects);
                    let Some(resumed) = resumer.as_mut() else {
                        return outcome;
                    };
                    match resumed.resume(&mut stop).await {
                        Some(resumed) => socket = resumed,
                        None => return finish(outcome, resumer),
                    }
                }
                Some(Ok(_)) => {}
            },
        }
    }
    let _ = tokio::time::timeout(CLOSE_GRACE, socket.close(None)).await;
    finish(outcome, resumer)
}

fn finish(mut outcome: SubscriberOutcome, resumer: Option<Resumer>) -> SubscriberOutcome {
    outcome.failover = resumer.map(Resumer::into_stats);
    outcome
}

/// Who received a frame: what latency and counts are recorded under.
#[derive(Clone, Copy)]
struct Receiver<'a> {
    index: usize,
    /// The node the subscriber is on now.
    node: usize,
    target: Target,
    metrics: &'a Metrics,
}

/// Handles one text frame received by a subscriber.
async fn handle_text(
    socket: &mut ClientSocket,
    text: &str,
    receiver: Receiver<'_>,
    outcome: &mut SubscriberOutcome,
    resumer: Option<&mut Resumer>,
) {
    let Receiver {
        index,
        node,
        target,
        metrics,
    } = receiver;
    match framing::decode(target, text) {
        Incoming::Delivery { stamp, seq } => {
            // A replay after a resume is late by the outage, which the
            // resume times measure: it is counted, not timed.
            if resumer
                .as_ref()
                .is_some_and(|resumer| resumer.is_replay(seq))
            {
                Metrics::count(&metrics.deliveries);
            } else {
                metrics.record_delivery(
                    index,
                    node,
                    stamp.kind,
                    latency_micros_since(stamp.sent_at_micros),
                );
            }
            outcome.deliveries += 1;
            if let Some(resumer) = resumer {
                resumer.observe_delivery(seq);
            }
        }
        Incoming::Durable { seq } => {
            if let Some(resumer) = resumer {
                resumer.observe_durable(seq);
            }
        }
        Incoming::EnginePing => {
            let _ = socket.send(Message::text("3")).await;
        }
        Incoming::Error { code, .. } => metrics.record_error_frame(&code),
        Incoming::Presence { participants } => {
            Metrics::count(&metrics.presence_frames);
            outcome.presence_frames += 1;
            if participants.is_some() {
                outcome.last_presence_participants = participants;
            }
        }
        Incoming::Unparseable => Metrics::count(&metrics.unparseable_frames),
        _ => {}
    }
}
