//! A connection's outbound queue, bounded by frames and by bytes.
//!
//! The session owner pushes with `try_push` and never waits: a client that
//! stops reading fills its own queue and is cut off with close code 4000,
//! while everyone else carries on. It can come back with `resume_from`.

use crate::protocol::CloseReason;
use axum::extract::ws::Utf8Bytes;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::Notify;

/// Shared between the pushing side and the connection's writer.
///
/// A plain queue under a lock rather than a `tokio::sync::mpsc` and a
/// `watch` channel: those allocate about 2 KB up front for every connection
/// (the channel's first block of 32 slots, its cache-padded state, the watch
/// channel's eight `Notify`s), which most connections, idle listeners,
/// never use. The lock is held only to push or pop one frame.
struct Shared {
    state: Mutex<State>,
    /// Wakes the writer when a frame is queued or the last sender is gone.
    frame_ready: Notify,
    /// Wakes every close watcher when a close is requested.
    close_requested: Notify,
    max_frames: usize,
    max_bytes: usize,
}

struct State {
    frames: VecDeque<Utf8Bytes>,
    queued_bytes: usize,
    /// The first close requested wins; later requests are ignored.
    close: Option<CloseReason>,
    /// Live `Outbound` handles; the writer sees the end of the queue when
    /// the last one is dropped.
    senders: usize,
    /// Whether the `OutboundReceiver` is still alive.
    receiving: bool,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        // No code panics while holding the lock; recover the data if it did.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

pub struct Outbound {
    shared: Arc<Shared>,
}

pub struct OutboundReceiver {
    shared: Arc<Shared>,
}

/// Why a frame was not queued.
#[derive(Debug, PartialEq, Eq)]
pub enum NotQueued {
    /// The queue passed its bound: the connection is asked to close as a
    /// slow consumer (4000).
    Full,
    /// The connection's writer is gone (it closed for another reason and
    /// its leaving is on its way to the owner); nothing to cut off.
    Closed,
}

pub fn outbound_queue(max_frames: usize, max_bytes: usize) -> (Outbound, OutboundReceiver) {
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            frames: VecDeque::new(),
            queued_bytes: 0,
            close: None,
            senders: 1,
            receiving: true,
        }),
        frame_ready: Notify::new(),
        close_requested: Notify::new(),
        max_frames: max_frames.max(1),
        max_bytes,
    });
    (
        Outbound {
            shared: shared.clone(),
        },
        OutboundReceiver { shared },
    )
}

impl Clone for Outbound {
    fn clone(&self) -> Outbound {
        self.shared.state().senders += 1;
        Outbound {
            shared: self.shared.clone(),
        }
    }
}

impl Drop for Outbound {
    fn drop(&mut self) {
        let last = {
            let mut state = self.shared.state();
            state.senders -= 1;
            state.senders == 0
        };
        if last {
            self.shared.frame_ready.notify_one();
        }
    }
}

impl Outbound {
    /// Queues a frame without waiting. On overflow the connection is told to
    /// close as a slow consumer, and the frame is dropped.
    pub fn try_push(&self, frame: Utf8Bytes) -> Result<(), NotQueued> {
        {
            let mut state = self.shared.state();
            if !state.receiving {
                return Err(NotQueued::Closed);
            }
            let queued = state.queued_bytes + frame.len();
            if state.receiving
                && queued <= self.shared.max_bytes
                && state.frames.len() < self.shared.max_frames
            {
                state.queued_bytes = queued;
                state.frames.push_back(frame);
                drop(state);
                self.shared.frame_ready.notify_one();
                return Ok(());
            }
        }
        self.request_close(CloseReason::SlowConsumer);
        Err(NotQueued::Full)
    }

    pub fn request_close(&self, reason: CloseReason) {
        {
            let mut state = self.shared.state();
            if state.close.is_some() {
                return;
            }
            state.close = Some(reason);
        }
        self.shared.close_requested.notify_waiters();
    }

    pub fn is_closed(&self) -> bool {
        let state = self.shared.state();
        !state.receiving || state.close.is_some()
    }
}

impl Drop for OutboundReceiver {
    fn drop(&mut self) {
        let mut state = self.shared.state();
        state.receiving = false;
        // Queued frames will never be sent; free them now.
        state.frames = VecDeque::new();
        state.queued_bytes = 0;
    }
}

impl OutboundReceiver {
    pub fn close_watcher(&self) -> CloseWatcher {
        CloseWatcher(self.shared.clone())
    }

    /// Waits for the next frame only; `None` once every sender is gone.
    /// Close requests are watched separately, with [`Self::close_watcher`].
    /// Cancel safe: a frame is only taken when it is returned.
    pub async fn recv_frame(&mut self) -> Option<Utf8Bytes> {
        loop {
            {
                let mut state = self.shared.state();
                if let Some(frame) = state.frames.pop_front() {
                    state.queued_bytes -= frame.len();
                    return Some(frame);
                }
                if state.senders == 0 {
                    return None;
                }
            }
            // `notify_one` leaves a permit when the writer is not waiting
            // yet, so a frame pushed after the check above is not missed.
            self.shared.frame_ready.notified().await;
        }
    }

    /// A frame that is already queued, without waiting.
    pub fn try_next_frame(&mut self) -> Option<Utf8Bytes> {
        let mut state = self.shared.state();
        let frame = state.frames.pop_front()?;
        state.queued_bytes -= frame.len();
        Some(frame)
    }
}

/// Waits for a close request, independently of the queue.
pub struct CloseWatcher(Arc<Shared>);

impl CloseWatcher {
    pub async fn requested(self) -> CloseReason {
        loop {
            let notified = self.0.close_requested.notified();
            tokio::pin!(notified);
            // Registered before the check, so a request made in between
            // still wakes this watcher (`notify_waiters` stores no permit).
            notified.as_mut().enable();
            if let Some(reason) = self.0.state().close {
                return reason;
            }
            notified.await;
        }
    }
}

/// The shell's recipient for the session owner's fan-out.
impl crate::hub::owner::Recipient for Outbound {
    fn try_push(&self, frame: Utf8Bytes) -> crate::hub::owner::Delivery {
        use crate::hub::owner::Delivery;
        match Outbound::try_push(self, frame) {
            Ok(()) => Delivery::Queued,
            Err(NotQueued::Full) => Delivery::Overflowed,
            Err(NotQueued::Closed) => Delivery::Closed,
        }
    }

    fn request_close(&self, reason: CloseReason) {
        Outbound::request_close(self, reason);
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
        assert_eq!(outbound.try_push("c".into()), Err(NotQueued::Full));
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
        assert_eq!(outbound.try_push("x".into()), Err(NotQueued::Full));
    }

    #[tokio::test]
    async fn writer_wakes_for_frames_and_sees_the_last_sender_go() {
        let (outbound, mut receiver) = outbound_queue(10, 1000);
        let pusher = outbound.clone();
        let waiting =
            tokio::spawn(async move { receiver.recv_frame().await.map(|f| f.to_string()) });
        tokio::task::yield_now().await;
        pusher.try_push("hello".into()).unwrap();
        assert_eq!(waiting.await.unwrap().as_deref(), Some("hello"));

        let (outbound, mut receiver) = outbound_queue(10, 1000);
        let second = outbound.clone();
        outbound.try_push("queued".into()).unwrap();
        drop(outbound);
        drop(second);
        assert_eq!(receiver.recv_frame().await.as_deref(), Some("queued"));
        assert_eq!(receiver.recv_frame().await, None, "no sender left");
    }

    #[tokio::test]
    async fn close_requests_wake_watchers_and_the_first_wins() {
        let (outbound, receiver) = outbound_queue(10, 1000);
        let watcher = tokio::spawn(receiver.close_watcher().requested());
        tokio::task::yield_now().await;
        assert!(!outbound.is_closed());
        outbound.request_close(CloseReason::Removed);
        outbound.request_close(CloseReason::SlowConsumer);
        assert_eq!(watcher.await.unwrap(), CloseReason::Removed);
        assert_eq!(
            receiver.close_watcher().requested().await,
            CloseReason::Removed
        );
        assert!(outbound.is_closed());
        // Frames queued after a close request still reach the writer (a
        // removed participant is sent `participant.removed` first).
        assert!(outbound.try_push("after".into()).is_ok());
    }

    #[tokio::test]
    async fn pushing_to_a_dropped_writer_fails() {
        let (outbound, receiver) = outbound_queue(10, 1000);
        drop(receiver);
        assert!(outbound.is_closed());
        assert_eq!(outbound.try_push("lost".into()), Err(NotQueued::Closed));
    }
}
