//! A subscriber: one joined participant that reads until the run stops,
//! timing every measured message it receives.

use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde::{Deserialize, Serialize};
use tokio::sync::watch;
use tokio_tungstenite::tungstenite::Message;

use crate::connection::{ClientSocket, OpenedConnection};
use crate::framing::{self, Incoming};
use crate::metrics::Metrics;
use crate::options::Target;
use crate::payload::latency_micros_since;

/// What one subscriber saw.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SubscriberOutcome {
    pub joined: bool,
    pub deliveries: u64,
    pub presence_frames: u64,
    /// The participant count in the last presence frame, if any had one.
    pub last_presence_participants: Option<u64>,
}

/// The pause allowed for a polite close at the end of a run.
const CLOSE_GRACE: Duration = Duration::from_millis(500);

/// Reads frames until `stop` changes, then closes the connection. `node` is
/// the server (cluster node) the subscriber joined, for latency by node.
pub async fn run(
    opened: OpenedConnection,
    index: usize,
    node: usize,
    target: Target,
    metrics: Arc<Metrics>,
    mut stop: watch::Receiver<bool>,
) -> SubscriberOutcome {
    let mut outcome = SubscriberOutcome {
        joined: true,
        presence_frames: opened.presence_frames_before_welcome,
        ..SubscriberOutcome::default()
    };
    let mut socket = opened.socket;
    loop {
        tokio::select! {
            biased;
            _ = stop.changed() => break,
            frame = socket.next() => match frame {
                Some(Ok(Message::Text(text))) => {
                    handle_text(&mut socket, text.as_str(), index, node, target, &metrics, &mut outcome).await;
                }
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => {
                    if !*stop.borrow() {
                        Metrics::count(&metrics.disconnects);
                    }
                    return outcome;
                }
                Some(Ok(_)) => {}
            },
        }
    }
    let _ = tokio::time::timeout(CLOSE_GRACE, socket.close(None)).await;
    outcome
}

/// Handles one text frame received by a subscriber.
pub async fn handle_text(
    socket: &mut ClientSocket,
    text: &str,
    index: usize,
    node: usize,
    target: Target,
    metrics: &Metrics,
    outcome: &mut SubscriberOutcome,
) {
    match framing::decode(target, text) {
        Incoming::Delivery { stamp, .. } => {
            metrics.record_delivery(
                index,
                node,
                stamp.kind,
                latency_micros_since(stamp.sent_at_micros),
            );
            outcome.deliveries += 1;
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
