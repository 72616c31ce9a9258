//! A connection's outbound path: its queue, bounded by frames and by
//! bytes, and the socket's write half while the connection's writer is
//! idle.
//!
//! The session owner pushes with `try_push` and never waits: a client that
//! stops reading fills its own queue and is cut off with close code 4000,
//! while everyone else carries on. It can come back with `resume_from`.
//!
//! Who writes a queued frame: while the connection's writer task has
//! nothing to do, it parks the socket's write half here, and a frame pushed
//! then is written by one of the hub's write shards (`write_shards`), which
//! write every due connection in one pass without waking the connection's
//! own task. The writer takes the socket back for pings, for a write the
//! socket cannot take at once (a full kernel buffer: it waits, under the
//! write timeout), and to close. Whoever holds the socket writes from the
//! queue's head, so frames keep their order.

mod write_shards;

use write_shards::WriteShard;
pub use write_shards::WriteShards;

use crate::protocol::CloseReason;
use axum::extract::ws::{Message, Utf8Bytes};
use futures_util::Sink;
use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::Notify;

/// Frames written to a socket between two flushes, at most.
pub const FRAMES_PER_FLUSH: usize = 64;

/// The socket's write half, with its error erased: the writer only needs
/// to know that a write failed, which ends the connection.
pub type ConnectionSink = Pin<Box<dyn Sink<Message, Error = ()> + Send>>;

/// Shared between the pushing side and the connection's writer.
///
/// A plain queue under a lock rather than a `tokio::sync::mpsc` and a
/// `watch` channel: those allocate about 2 KB up front for every connection
/// (the channel's first block of 32 slots, its cache-padded state, the watch
/// channel's eight `Notify`s), which most connections, idle listeners,
/// never use. The lock is held to push or pop one frame, and while a write
/// shard writes the frames of a parked sink (which never waits).
struct Shared {
    state: Mutex<State>,
    /// Wakes the writer while its sink is parked: a shard's write found the
    /// socket full, or the last sender is gone.
    writer_wanted: Notify,
    /// Wakes every close watcher when a close is requested.
    close_requested: Notify,
    max_frames: usize,
    max_bytes: usize,
}

struct State {
    frames: VecDeque<Utf8Bytes>,
    queued_bytes: usize,
    /// The socket's write half while the writer is idle; `None` while the
    /// writer holds it (or before it starts: the join phase writes itself).
    parked_sink: Option<ConnectionSink>,
    /// The write shard that writes this connection's frames while its
    /// sink is parked; set when the writer first parks it.
    shard: Option<Arc<WriteShard>>,
    /// A write is on its way: the connection is on its shard's list, or the
    /// writer was woken to take the sink back. Frames pushed meanwhile are
    /// written by that write, so they need no scheduling of their own.
    write_due: bool,
    /// The first close requested wins; later requests are ignored.
    close: Option<CloseReason>,
    /// Live `Outbound` handles; the writer sees the end of the queue when
    /// the last one is dropped.
    senders: usize,
    /// Whether the `OutboundReceiver` is still alive.
    receiving: bool,
}

/// Locks a mutex of the outbound path. No code panics while holding one of
/// these locks; recover the data if it did.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
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
            parked_sink: None,
            shard: None,
            write_due: false,
            close: None,
            senders: 1,
            receiving: true,
        }),
        writer_wanted: Notify::new(),
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
            self.shared.writer_wanted.notify_one();
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
            if queued <= self.shared.max_bytes && state.frames.len() < self.shared.max_frames {
                state.queued_bytes = queued;
                state.frames.push_back(frame);
                // A parked sink means an idle writer: the connection's
                // shard writes the frame. Otherwise the writer holds the
                // sink and drains the queue before it parks it again.
                if state.parked_sink.is_some() && !state.write_due {
                    state.write_due = true;
                    let shard = state.shard.clone();
                    drop(state);
                    if let Some(shard) = shard {
                        shard.schedule(self.shared.clone());
                    }
                }
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
        state.parked_sink = None;
    }
}

impl OutboundReceiver {
    pub fn close_watcher(&self) -> CloseWatcher {
        CloseWatcher(self.shared.clone())
    }

    /// Parks the idle writer's sink, so that frames pushed from now on are
    /// written by `shard` without waking the writer. Hands the sink back
    /// instead when there is work for the writer itself: frames already
    /// queued, a close requested, or no sender left.
    pub fn park_sink(
        &mut self,
        sink: ConnectionSink,
        shard: &Arc<WriteShard>,
    ) -> Result<(), ConnectionSink> {
        let mut state = self.shared.state();
        if !state.frames.is_empty() || state.close.is_some() || state.senders == 0 {
            return Err(sink);
        }
        if state.shard.is_none() {
            state.shard = Some(shard.clone());
        }
        state.parked_sink = Some(sink);
        state.write_due = false;
        Ok(())
    }

    /// Takes the parked sink back, if it is parked. A shard only holds it
    /// while it holds the lock, so after this the writer alone has it.
    pub fn unpark_sink(&mut self) -> Option<ConnectionSink> {
        let mut state = self.shared.state();
        state.write_due = false;
        state.parked_sink.take()
    }

    /// Resolves when the writer is wanted while its sink is parked: a
    /// shard's write found the socket full, or the last sender is gone.
    /// May resolve spuriously; the writer then parks the sink again.
    pub async fn writer_wanted(&self) {
        self.shared.writer_wanted.notified().await;
    }

    /// Whether every sender is gone and nothing is left to write: the
    /// session let this connection go.
    pub fn is_finished(&self) -> bool {
        let state = self.shared.state();
        state.senders == 0 && state.frames.is_empty()
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
    use std::future::Future;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::task::{Context, Poll};

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
        assert_eq!(receiver.try_next_frame().as_deref(), Some("12345"));
        assert!(
            outbound.try_push("1234567890".into()).is_ok(),
            "bytes are released when read"
        );
        assert_eq!(outbound.try_push("x".into()), Err(NotQueued::Full));
    }

    /// A socket's write half that records what it is sent, and that can
    /// be made to refuse writes, as a socket with a full buffer does.
    #[derive(Clone, Default)]
    struct RecordingSink {
        written: Arc<Mutex<Vec<String>>>,
        flushes: Arc<AtomicUsize>,
        full: Arc<AtomicBool>,
    }

    impl Sink<Message> for RecordingSink {
        type Error = ();
        fn poll_ready(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Result<(), ()>> {
            if self.full.load(Ordering::SeqCst) {
                return Poll::Pending;
            }
            // As a tokio socket does, spend the task's cooperative budget.
            let spend = std::pin::pin!(tokio::task::coop::consume_budget());
            spend.poll(context).map(Ok)
        }
        fn start_send(self: Pin<&mut Self>, message: Message) -> Result<(), ()> {
            let Message::Text(text) = message else {
                return Err(());
            };
            self.written.lock().unwrap().push(text.to_string());
            Ok(())
        }
        fn poll_flush(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Result<(), ()>> {
            self.flushes.fetch_add(1, Ordering::SeqCst);
            self.poll_ready(context)
        }
        fn poll_close(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), ()>> {
            Poll::Ready(Ok(()))
        }
    }

    fn written(sink: &RecordingSink) -> Vec<String> {
        sink.written.lock().unwrap().clone()
    }

    async fn until(mut condition: impl FnMut() -> bool) {
        for _ in 0..1000 {
            if condition() {
                return;
            }
            tokio::task::yield_now().await;
        }
        panic!("the condition did not hold in time");
    }

    #[tokio::test]
    async fn a_parked_sink_is_written_by_its_shard_in_order_with_one_flush_per_pass() {
        let shards = WriteShards::new(1);
        let (outbound, mut receiver) = outbound_queue(100, 10_000);
        let sink = RecordingSink::default();
        assert!(receiver
            .park_sink(Box::pin(sink.clone()), &shards.assign())
            .is_ok());
        for text in ["one", "two", "three"] {
            outbound.try_push(text.into()).unwrap();
        }
        until(|| written(&sink).len() == 3).await;
        assert_eq!(written(&sink), ["one", "two", "three"]);
        assert_eq!(
            sink.flushes.load(Ordering::SeqCst),
            1,
            "frames pushed before the pass ran are flushed together"
        );
        // The writer was not wanted: the sink is still parked.
        assert!(receiver.unpark_sink().is_some());
    }

    #[tokio::test]
    async fn one_pass_writes_more_connections_than_a_task_may_poll_sockets() {
        let shards = WriteShards::new(1);
        let shard = shards.assign();
        let sink = RecordingSink::default();
        let mut connections = Vec::new();
        for _ in 0..1000 {
            let (outbound, mut receiver) = outbound_queue(10, 1000);
            assert!(receiver.park_sink(Box::pin(sink.clone()), &shard).is_ok());
            connections.push((outbound, receiver));
        }
        for (outbound, _) in &connections {
            outbound.try_push("to everyone".into()).unwrap();
        }
        until(|| written(&sink).len() == 1000).await;
        for (_, receiver) in &mut connections {
            assert!(
                receiver.try_next_frame().is_none(),
                "nothing was left for the connection's writer"
            );
        }
    }

    #[tokio::test]
    async fn a_full_socket_hands_the_write_to_the_writer_with_nothing_lost() {
        let shards = WriteShards::new(2);
        let (outbound, mut receiver) = outbound_queue(100, 10_000);
        let sink = RecordingSink::default();
        sink.full.store(true, Ordering::SeqCst);
        assert!(receiver
            .park_sink(Box::pin(sink.clone()), &shards.assign())
            .is_ok());
        outbound.try_push("first".into()).unwrap();
        tokio::time::timeout(std::time::Duration::from_secs(5), receiver.writer_wanted())
            .await
            .expect("the writer is woken when the socket takes nothing");
        outbound.try_push("second".into()).unwrap();
        assert!(
            receiver.unpark_sink().is_some(),
            "the sink waits for the writer"
        );
        assert!(written(&sink).is_empty());
        assert_eq!(receiver.try_next_frame().as_deref(), Some("first"));
        assert_eq!(receiver.try_next_frame().as_deref(), Some("second"));
    }

    #[tokio::test]
    async fn the_sink_is_not_parked_over_queued_frames_or_a_close() {
        let shards = WriteShards::new(1);
        let (outbound, mut receiver) = outbound_queue(100, 10_000);
        outbound
            .try_push("queued before the writer started".into())
            .unwrap();
        let sink: ConnectionSink = Box::pin(RecordingSink::default());
        let sink = receiver
            .park_sink(sink, &shards.assign())
            .expect_err("queued frames are the writer's to write first");
        assert!(receiver.try_next_frame().is_some());
        outbound.request_close(CloseReason::Removed);
        assert!(receiver.park_sink(sink, &shards.assign()).is_err());
    }

    #[tokio::test]
    async fn the_last_sender_going_wakes_a_parked_writer() {
        let shards = WriteShards::new(1);
        let (outbound, mut receiver) = outbound_queue(10, 1000);
        let second = outbound.clone();
        assert!(receiver
            .park_sink(Box::pin(RecordingSink::default()), &shards.assign())
            .is_ok());
        drop(outbound);
        assert!(!receiver.is_finished());
        drop(second);
        tokio::time::timeout(std::time::Duration::from_secs(5), receiver.writer_wanted())
            .await
            .expect("woken when no sender is left");
        assert!(receiver.is_finished());
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
