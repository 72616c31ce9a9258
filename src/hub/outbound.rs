//! A connection's outbound queue, bounded by frames and by bytes.
//!
//! The session owner pushes with `try_push` and never waits: a client that
//! stops reading fills its own queue and is cut off with close code 4000,
//! while everyone else carries on. It can come back with `resume_from`.

use axum::extract::ws::Utf8Bytes;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::sync::{mpsc, watch};

/// Why the server closes a connection, with the documented close code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CloseReason {
    Normal,
    /// The outbound queue overflowed: the client is not reading.
    SlowConsumer,
    /// No frame (not even a pong) arrived within the idle timeout.
    IdleTimeout,
    /// No `join` arrived within the join timeout.
    JoinTimeout,
    /// A frame was larger than the frame limit.
    TooLarge,
    /// The server is restarting or shutting down; reconnect and resume.
    ServiceRestart,
    /// The session's owner failed; reconnect and resume.
    InternalError,
    /// A moderator removed the participant from the session.
    Removed,
}

impl CloseReason {
    pub fn code(self) -> u16 {
        match self {
            CloseReason::Normal => 1000,
            CloseReason::TooLarge => 1009,
            CloseReason::InternalError => 1011,
            CloseReason::ServiceRestart => 1012,
            CloseReason::SlowConsumer => 4000,
            CloseReason::IdleTimeout => 4001,
            CloseReason::JoinTimeout => 4002,
            CloseReason::Removed => 4003,
        }
    }

    /// Whether frames already queued are sent before the close frame. A
    /// slow consumer is not owed its backlog, and a restart does not wait;
    /// a removed participant is told why.
    pub fn delivers_queued_frames(self) -> bool {
        self == CloseReason::Removed
    }

    pub fn text(self) -> &'static str {
        match self {
            CloseReason::Normal => "bye",
            CloseReason::TooLarge => "frame too large",
            CloseReason::InternalError => "internal error; resume to continue",
            CloseReason::ServiceRestart => "server restarting; resume to continue",
            CloseReason::SlowConsumer => "slow consumer: outbound queue full; resume to continue",
            CloseReason::IdleTimeout => "idle timeout: no frame or pong received",
            CloseReason::JoinTimeout => "join timeout: send join first",
            CloseReason::Removed => "removed from the session by a moderator",
        }
    }
}

/// Shared between the pushing side and the connection's writer.
struct Shared {
    queued_bytes: AtomicUsize,
    /// The first close requested wins; later requests are ignored.
    close: watch::Sender<Option<CloseReason>>,
}

#[derive(Clone)]
pub struct Outbound {
    sender: mpsc::Sender<Utf8Bytes>,
    shared: Arc<Shared>,
    max_bytes: usize,
}

pub struct OutboundReceiver {
    receiver: mpsc::Receiver<Utf8Bytes>,
    shared: Arc<Shared>,
}

#[derive(Debug, PartialEq, Eq)]
pub struct QueueFull;

pub fn outbound_queue(max_frames: usize, max_bytes: usize) -> (Outbound, OutboundReceiver) {
    let (sender, receiver) = mpsc::channel(max_frames.max(1));
    let (close, _) = watch::channel(None);
    let shared = Arc::new(Shared {
        queued_bytes: AtomicUsize::new(0),
        close,
    });
    (
        Outbound {
            sender,
            shared: shared.clone(),
            max_bytes,
        },
        OutboundReceiver { receiver, shared },
    )
}

impl Outbound {
    /// Queues a frame without waiting. On overflow the connection is told to
    /// close as a slow consumer, and the frame is dropped.
    pub fn try_push(&self, frame: Utf8Bytes) -> Result<(), QueueFull> {
        let length = frame.len();
        let queued = self
            .shared
            .queued_bytes
            .fetch_add(length, Ordering::Relaxed)
            + length;
        if queued > self.max_bytes || self.sender.try_send(frame).is_err() {
            self.shared
                .queued_bytes
                .fetch_sub(length, Ordering::Relaxed);
            self.request_close(CloseReason::SlowConsumer);
            return Err(QueueFull);
        }
        Ok(())
    }

    pub fn request_close(&self, reason: CloseReason) {
        self.shared.close.send_if_modified(|close| {
            if close.is_some() {
                return false;
            }
            *close = Some(reason);
            true
        });
    }

    pub fn is_closed(&self) -> bool {
        self.sender.is_closed() || self.shared.close.borrow().is_some()
    }
}

impl OutboundReceiver {
    pub fn close_watcher(&self) -> CloseWatcher {
        CloseWatcher(self.shared.close.subscribe())
    }

    /// Waits for the next frame only; `None` once every sender is gone.
    /// Close requests are watched separately, with [`Self::close_watcher`].
    pub async fn recv_frame(&mut self) -> Option<Utf8Bytes> {
        let frame = self.receiver.recv().await?;
        self.shared
            .queued_bytes
            .fetch_sub(frame.len(), Ordering::Relaxed);
        Some(frame)
    }

    /// A frame that is already queued, without waiting.
    pub fn try_next_frame(&mut self) -> Option<Utf8Bytes> {
        let frame = self.receiver.try_recv().ok()?;
        self.shared
            .queued_bytes
            .fetch_sub(frame.len(), Ordering::Relaxed);
        Some(frame)
    }
}

/// Waits for a close request, independently of the queue.
pub struct CloseWatcher(watch::Receiver<Option<CloseReason>>);

impl CloseWatcher {
    pub async fn requested(mut self) -> CloseReason {
        match self.0.wait_for(Option::is_some).await {
            Ok(reason) => reason.expect("waited for Some"),
            Err(_) => CloseReason::InternalError,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn overflow_by_frames_or_bytes_requests_slow_consumer_close() {
        let (outbound, receiver) = outbound_queue(2, 1000);
        assert!(outbound.try_push("a".into()).is_ok());
        assert!(outbound.try_push("b".into()).is_ok());
        assert_eq!(outbound.try_push("c".into()), Err(QueueFull));
        assert_eq!(
            receiver.close_watcher().requested().await,
            CloseReason::SlowConsumer
        );

        let (outbound, mut receiver) = outbound_queue(100, 10);
        assert!(outbound.try_push("12345".into()).is_ok());
        assert_eq!(receiver.recv_frame().await.as_deref(), Some("12345"));
        assert!(
            outbound.try_push("1234567890".into()).is_ok(),
            "bytes are released when read"
        );
        assert_eq!(outbound.try_push("x".into()), Err(QueueFull));
    }
}
