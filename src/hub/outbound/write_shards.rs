//! The hub's write shards: they write queued frames to connections whose
//! writer is idle, many connections per wake-up.
//!
//! A fan-out to 5,000 listeners used to wake 5,000 writer tasks, one per
//! connection; waking, scheduling and running those tasks cost about two
//! thirds of the user-space instructions of a delivery. Now a pushed frame
//! puts its connection on one shard's list (one list per worker thread, so
//! both cores write), the shard is woken when its list stops being empty,
//! and it writes each listed connection's frames with one flush. A shard
//! never waits on a socket: it writes only what the socket takes at once
//! and hands the rest to the connection's writer, which waits under the
//! write timeout.

use super::{lock, Shared, State, FRAMES_PER_FLUSH};
use axum::extract::ws::Message;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

/// Every shard of a hub; connections are spread over them in turn.
pub struct WriteShards {
    shards: Vec<Arc<WriteShard>>,
    next: AtomicUsize,
}

impl WriteShards {
    /// One shard per core the runtime can use: each shard's pass runs on
    /// one worker thread at a time.
    pub fn new(count: usize) -> WriteShards {
        WriteShards {
            shards: (0..count.max(1))
                .map(|_| Arc::new(WriteShard::default()))
                .collect(),
            next: AtomicUsize::new(0),
        }
    }

    /// As many shards as the runtime has worker threads (outside a
    /// runtime, as the machine has cores).
    pub fn per_worker_thread() -> WriteShards {
        let workers = match tokio::runtime::Handle::try_current() {
            Ok(runtime) => runtime.metrics().num_workers(),
            Err(_) => std::thread::available_parallelism().map_or(1, |cores| cores.get()),
        };
        WriteShards::new(workers)
    }

    /// The shard for a new connection.
    pub fn assign(&self) -> Arc<WriteShard> {
        let index = self.next.fetch_add(1, Ordering::Relaxed) % self.shards.len();
        self.shards[index].clone()
    }
}

/// Connections with frames due, and whether a pass is running to write them.
#[derive(Default)]
pub struct WriteShard {
    state: Mutex<ShardState>,
}

#[derive(Default)]
struct ShardState {
    due: Vec<Arc<Shared>>,
    /// A pass is running or spawned; it takes every connection listed
    /// before it ends, so a push need not start another.
    pass_running: bool,
}

impl WriteShard {
    /// Lists a connection whose sink is parked and whose queue just got a
    /// frame; starts a pass if none is running.
    pub(super) fn schedule(self: &Arc<Self>, connection: Arc<Shared>) {
        let start_pass = {
            let mut state = lock(&self.state);
            state.due.push(connection);
            !std::mem::replace(&mut state.pass_running, true)
        };
        if start_pass {
            let shard = self.clone();
            // Unconstrained: tokio's cooperative budget (128 I/O operations
            // per poll of a task) would make every socket after the first
            // hundred or so report "not ready", and a pass writes thousands.
            // A pass is bounded anyway: it writes what is queued, once.
            tokio::spawn(tokio::task::unconstrained(async move { shard.run_pass() }));
        }
    }

    /// Writes every listed connection, then any listed meanwhile, until
    /// the list stays empty.
    fn run_pass(&self) {
        let mut taken = Vec::new();
        loop {
            {
                let mut state = lock(&self.state);
                if state.due.is_empty() {
                    state.pass_running = false;
                    // The list's memory is kept for the next pass.
                    state.due = taken;
                    return;
                }
                std::mem::swap(&mut state.due, &mut taken);
            }
            for connection in taken.drain(..) {
                write_without_waiting(&connection);
            }
        }
    }
}

/// Writes a connection's queued frames if its sink is still parked, as far
/// as the socket takes them without waiting. What it cannot finish (the
/// socket's buffer is full, or the write failed) goes to the connection's
/// writer, which is woken to take its sink back.
fn write_without_waiting(connection: &Shared) {
    let mut state = connection.state();
    // A close request is the writer's, and so is a sink it took back.
    if state.close.is_some() || !state.receiving {
        return;
    }
    let State {
        frames,
        queued_bytes,
        parked_sink,
        write_due,
        ..
    } = &mut *state;
    let Some(sink) = parked_sink.as_mut() else {
        return;
    };
    // Nobody is woken by this context: a write that cannot go on now is
    // handed to the writer, whose own polls register its waker.
    let mut context = Context::from_waker(Waker::noop());
    let done = |poll: Poll<Result<(), ()>>| matches!(poll, Poll::Ready(Ok(())));
    let mut unflushed = 0;
    let finished = loop {
        if unflushed == FRAMES_PER_FLUSH {
            if !done(sink.as_mut().poll_flush(&mut context)) {
                break false;
            }
            unflushed = 0;
        }
        // The frame is taken only once the sink is ready for it, so a frame
        // the socket cannot take stays at the queue's head for the writer.
        if frames.is_empty() {
            break done(sink.as_mut().poll_flush(&mut context));
        }
        if !done(sink.as_mut().poll_ready(&mut context)) {
            break false;
        }
        let frame = frames.pop_front().expect("the queue is not empty");
        *queued_bytes -= frame.len();
        if sink.as_mut().start_send(Message::Text(frame)).is_err() {
            break false;
        }
        unflushed += 1;
    };
    if finished {
        *write_due = false;
    } else {
        // `write_due` stays set until the writer takes the sink back, so
        // frames pushed meanwhile wait in the queue for the writer.
        drop(state);
        connection.writer_wanted.notify_one();
    }
}
