//! Several generator processes under one command (`--processes K`).
//!
//! One process holds at most about 19,000 sockets under a 20,000 file
//! limit, and one tokio runtime may be what saturates first. With
//! `--processes K` the process started by hand (the lead) starts `K - 1`
//! workers: copies of its own command line with `--worker-index I`
//! appended. The N subscribers are numbered as in a single-process run and
//! cut into K consecutive shares: the lead connects the first share, worker
//! `I` share `I`. The lead alone runs the publishers, reads the server
//! through `/proc`, and writes the report.
//!
//! The lead and each worker speak JSON lines over the worker's stdin and
//! stdout:
//!
//! 1. lead → worker `{"connect": {...}}`: the rooms and the worker's share,
//!    sent once the lead has read the server before any client;
//! 2. worker → lead `{"settled": {...}}`: its subscribers joined (or failed),
//!    with the joins per room, so that the lead expects every delivery;
//! 3. worker → lead `{"delivered": {...}}`, at most every 20 ms while the
//!    count moves: the lead's drain waits for every process's deliveries;
//! 4. lead → worker `"stop"` (or the end of stdin, if the lead died): the
//!    worker closes its subscribers and answers `{"finished": {...}}` with
//!    everything it counted, latency as histogram buckets. The lead adds the
//!    counts and merges the histograms (see [`Metrics::absorb`]): latency
//!    percentiles are those of every delivery, never averages of percentiles.
//!
//! A worker's load generator CPU and RSS are read by the lead from
//! `/proc/<worker pid>` and summed with its own. A worker that fails, dies
//! or overruns ends the run with an error; every worker is killed and
//! reaped when the lead's handle is dropped.

use std::io::{BufRead, BufReader, Write};
use std::ops::Range;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::{mpsc, watch, Semaphore};
use tokio::time::Instant;

use crate::connection::JoinRequest;
use crate::framing::{JoinDetails, Role};
use crate::metrics::{Metrics, MetricsSnapshot};
use crate::options::{RunOptions, WorkerCommand};
use crate::scenario::fanout;
use crate::scenario::subscriber::SubscriberOutcome;
use crate::scenario::RunContext;

/// How often a worker reports its delivery count while it moves.
const DELIVERY_REPORT_EVERY: Duration = Duration::from_millis(20);

/// The longest a worker may take to close its subscribers and answer.
const FINISH_TIMEOUT: Duration = Duration::from_secs(30);

/// The global subscriber numbers process `process` of `processes` connects.
pub fn share(clients: usize, processes: usize, process: usize) -> Range<usize> {
    clients * process / processes..clients * (process + 1) / processes
}

/// One room of a fan-out plan, as a worker needs it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct AssignedRoom {
    pub room: String,
    pub subscribers: usize,
}

/// What a worker connects: every room (in plan order, subscribers numbered
/// through them) and its share of the subscriber numbers.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Assignment {
    pub rooms: Vec<AssignedRoom>,
    pub first: usize,
    pub end: usize,
}

impl Assignment {
    /// Each subscriber of this share: its global number and its room's position.
    pub fn subscribers(&self) -> Vec<(usize, usize)> {
        let mut subscribers = Vec::with_capacity(self.end.saturating_sub(self.first));
        let mut room_start = 0;
        for (position, room) in self.rooms.iter().enumerate() {
            let room_end = room_start + room.subscribers;
            for index in room_start.max(self.first)..room_end.min(self.end) {
                subscribers.push((index, position));
            }
            room_start = room_end;
        }
        subscribers
    }
}

/// Lead → worker.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum ToWorker {
    Connect(Assignment),
    Stop,
}

/// What a worker counted, for the lead to add to its own.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkerTally {
    pub metrics: MetricsSnapshot,
    pub subscribers: Vec<SubscriberOutcome>,
    pub first_failure: Option<String>,
    pub notes: Vec<String>,
}

/// Worker → lead.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum FromWorker {
    Settled { joined_per_room: Vec<u64> },
    Delivered { count: u64 },
    Finished(Box<WorkerTally>),
    Failed { message: String },
}

/// What the lead hears from a worker (its reader thread turns lines into these).
#[derive(Debug)]
enum WorkerEvent {
    Settled(Vec<u64>),
    Finished(Box<WorkerTally>),
    Failed(String),
}

struct WorkerProcess {
    child: Child,
    stdin: Option<ChildStdin>,
}

/// The lead's handle on its workers.
pub struct Workers {
    processes: Vec<WorkerProcess>,
    delivered: Vec<Arc<AtomicU64>>,
    events: mpsc::UnboundedReceiver<(usize, WorkerEvent)>,
}

impl Workers {
    /// Starts the workers of a run over `options.common.processes`
    /// processes; they wait for [`Workers::connect`].
    pub fn spawn(options: &RunOptions) -> Result<Workers, String> {
        let common = &options.common;
        let command: &WorkerCommand = common.worker_command.as_ref().ok_or(
            "--processes over 1 starts copies of the hybridhub-loadtest command; \
                 run it from the command line",
        )?;
        let (event_sender, events) = mpsc::unbounded_channel();
        let mut workers = Workers {
            processes: Vec::new(),
            delivered: Vec::new(),
            events,
        };
        for worker in 1..common.processes {
            let mut child = Command::new(&command.program)
                .args(&command.arguments)
                .arg("--worker-index")
                .arg(worker.to_string())
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()
                .map_err(|error| {
                    format!(
                        "cannot start generator process {worker} ({}): {error}",
                        command.program.display()
                    )
                })?;
            let stdout = child.stdout.take().expect("stdout is piped");
            let stdin = child.stdin.take();
            let delivered = Arc::new(AtomicU64::new(0));
            workers.processes.push(WorkerProcess { child, stdin });
            workers.delivered.push(Arc::clone(&delivered));
            let sender = event_sender.clone();
            let position = worker - 1;
            std::thread::Builder::new()
                .name(format!("worker-{worker}-reader"))
                .spawn(move || read_worker_lines(position, stdout, delivered, sender))
                .map_err(|error| format!("cannot start a reader thread: {error}"))?;
        }
        Ok(workers)
    }

    /// The workers' process ids, for the load generator's CPU and RSS.
    pub fn pids(&self) -> Vec<u32> {
        self.processes
            .iter()
            .map(|process| process.child.id())
            .collect()
    }

    fn send(&mut self, position: usize, message: &ToWorker) -> Result<(), String> {
        let line = serde_json::to_string(message).expect("messages serialize") + "\n";
        let stdin = self.processes[position]
            .stdin
            .as_mut()
            .ok_or("a worker's stdin is already closed")?;
        stdin
            .write_all(line.as_bytes())
            .and_then(|()| stdin.flush())
            .map_err(|error| format!("generator process {} is gone: {error}", position + 1))
    }

    /// Tells every worker to connect its share of `rooms` (worker `I` the
    /// share [`share`] gives process `I`; the lead keeps share 0).
    pub fn connect(&mut self, rooms: &[AssignedRoom]) -> Result<(), String> {
        let subscribers = rooms.iter().map(|room| room.subscribers).sum();
        let processes = self.processes.len() + 1;
        for position in 0..self.processes.len() {
            let share = share(subscribers, processes, position + 1);
            self.send(
                position,
                &ToWorker::Connect(Assignment {
                    rooms: rooms.to_vec(),
                    first: share.start,
                    end: share.end,
                }),
            )?;
        }
        Ok(())
    }

    /// Waits until every worker settled its subscribers, or `deadline`;
    /// returns the joins per room summed over the workers and when the last
    /// worker settled.
    pub async fn wait_settled(
        &mut self,
        rooms: usize,
        deadline: Instant,
    ) -> Result<(Vec<u64>, Instant), String> {
        let mut joined = vec![0u64; rooms];
        let mut waiting = self.processes.len();
        let mut last = Instant::now();
        while waiting > 0 {
            match tokio::time::timeout_at(deadline, self.events.recv()).await {
                Ok(Some((_, WorkerEvent::Settled(per_room)))) => {
                    for (total, count) in joined.iter_mut().zip(per_room) {
                        *total += count;
                    }
                    waiting -= 1;
                    last = Instant::now();
                }
                Ok(Some((position, WorkerEvent::Failed(message)))) => {
                    return Err(format!("generator process {}: {message}", position + 1))
                }
                Ok(Some((position, WorkerEvent::Finished(_)))) => {
                    return Err(format!(
                        "generator process {} finished before connecting",
                        position + 1
                    ))
                }
                Ok(None) => return Err("every generator process is gone".to_string()),
                Err(_) => {
                    return Err(format!(
                        "{waiting} generator process(es) did not settle their connections in time"
                    ))
                }
            }
        }
        Ok((joined, last))
    }

    /// Deliveries the workers reported so far.
    pub fn delivered(&self) -> u64 {
        self.delivered
            .iter()
            .map(|count| count.load(Ordering::Relaxed))
            .sum()
    }

    /// Stops every worker and collects what each counted.
    pub async fn finish(&mut self) -> Result<Vec<WorkerTally>, String> {
        let mut problems = Vec::new();
        for position in 0..self.processes.len() {
            if let Err(problem) = self.send(position, &ToWorker::Stop) {
                problems.push(problem);
            }
        }
        let mut tallies: Vec<Option<WorkerTally>> = vec![None; self.processes.len()];
        let deadline = Instant::now() + FINISH_TIMEOUT;
        while tallies.iter().any(Option::is_none) && problems.is_empty() {
            match tokio::time::timeout_at(deadline, self.events.recv()).await {
                Ok(Some((position, WorkerEvent::Finished(tally)))) => {
                    tallies[position] = Some(*tally)
                }
                Ok(Some((position, WorkerEvent::Failed(message)))) => {
                    problems.push(format!("generator process {}: {message}", position + 1))
                }
                Ok(Some((_, WorkerEvent::Settled(_)))) => {}
                Ok(None) => problems.push("every generator process is gone".to_string()),
                Err(_) => problems
                    .push("a generator process did not report its counts in time".to_string()),
            }
        }
        if !problems.is_empty() {
            return Err(problems.join("; "));
        }
        Ok(tallies.into_iter().flatten().collect())
    }
}

impl Drop for Workers {
    /// Closes every worker's stdin (which stops it), then kills and reaps it.
    fn drop(&mut self) {
        for process in &mut self.processes {
            process.stdin.take();
        }
        let deadline = std::time::Instant::now() + Duration::from_secs(2);
        for process in &mut self.processes {
            while std::time::Instant::now() < deadline {
                if let Ok(Some(_)) = process.child.try_wait() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = process.child.kill();
            let _ = process.child.wait();
        }
    }
}

/// Reads one worker's stdout: delivery counts go straight to `delivered`,
/// everything else to the lead as an event; the end of the output before a
/// result is a failure.
fn read_worker_lines(
    position: usize,
    stdout: std::process::ChildStdout,
    delivered: Arc<AtomicU64>,
    events: mpsc::UnboundedSender<(usize, WorkerEvent)>,
) {
    let mut finished = false;
    for line in BufReader::new(stdout).lines() {
        let Ok(line) = line else { break };
        let event = match serde_json::from_str::<FromWorker>(&line) {
            Ok(FromWorker::Delivered { count }) => {
                delivered.store(count, Ordering::Relaxed);
                continue;
            }
            Ok(FromWorker::Settled { joined_per_room }) => WorkerEvent::Settled(joined_per_room),
            Ok(FromWorker::Finished(tally)) => {
                finished = true;
                WorkerEvent::Finished(tally)
            }
            Ok(FromWorker::Failed { message }) => WorkerEvent::Failed(message),
            Err(error) => WorkerEvent::Failed(format!("unreadable line {line:?}: {error}")),
        };
        if events.send((position, event)).is_err() {
            return;
        }
    }
    if !finished {
        let _ = events.send((
            position,
            WorkerEvent::Failed("it ended without reporting its counts".to_string()),
        ));
    }
}

/// Writes one message to the lead.
fn tell_lead(message: &FromWorker) {
    let line = serde_json::to_string(message).expect("messages serialize");
    let mut stdout = std::io::stdout().lock();
    // If the lead is gone there is nobody to tell; stdin's end stops us.
    let _ = writeln!(stdout, "{line}").and_then(|()| stdout.flush());
}

/// Runs worker `worker` of a multi-process run, on the lead's command
/// line's options: waits for its assignment, connects and keeps its
/// subscribers until the lead says stop, then reports what it counted.
pub async fn run_worker(options: RunOptions, worker: usize) -> Result<(), String> {
    let watchdog_limit = options.watchdog_limit();
    match tokio::time::timeout(watchdog_limit, worker_phases(options, worker)).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(message)) => {
            tell_lead(&FromWorker::Failed {
                message: message.clone(),
            });
            Err(message)
        }
        Err(_) => {
            let message = format!(
                "the watchdog stopped generator process {worker} after {} s",
                watchdog_limit.as_secs()
            );
            tell_lead(&FromWorker::Failed {
                message: message.clone(),
            });
            Err(message)
        }
    }
}

async fn worker_phases(options: RunOptions, worker: usize) -> Result<(), String> {
    let processes = options.common.processes;
    if worker == 0 || worker >= processes {
        return Err(format!(
            "--worker-index must be between 1 and {} (--processes {processes})",
            processes.saturating_sub(1)
        ));
    }
    let context = crate::scenario::prepare(options, worker).await?;
    let mut commands = read_lead_commands();
    let assignment = match commands.recv().await {
        Some(ToWorker::Connect(assignment)) => assignment,
        Some(ToWorker::Stop) | None => return Ok(()),
    };
    let subscribers = assignment.subscribers();
    let common = &context.options.common;
    let concurrency = common.connect_concurrency.div_ceil(processes).max(1);
    let semaphore = Arc::new(Semaphore::new(concurrency));
    let (stop_sender, stop_receiver) = watch::channel(false);
    let (settled_sender, mut settled_receiver) = mpsc::unbounded_channel::<bool>();
    let joined_per_room: Vec<Arc<AtomicU64>> = assignment
        .rooms
        .iter()
        .map(|_| Arc::new(AtomicU64::new(0)))
        .collect();
    let connect_started = Instant::now();
    let mut tasks = Vec::with_capacity(subscribers.len());
    for &(index, room) in &subscribers {
        let request = JoinRequest {
            room: assignment.rooms[room].room.clone(),
            node: context.connector.node_for_subscriber(index),
            role: Role::Subscriber,
            details: JoinDetails {
                name: format!("lt-{index}"),
                index,
                ..JoinDetails::default()
            },
        };
        tasks.push(tokio::spawn(fanout::connect_then_subscribe(
            Arc::clone(&context),
            index,
            request,
            Arc::clone(&semaphore),
            Arc::clone(&joined_per_room[room]),
            settled_sender.clone(),
            stop_receiver.clone(),
        )));
    }
    drop(settled_sender);
    fanout::wait_until_settled(
        &context,
        &mut settled_receiver,
        subscribers.len(),
        connect_started,
    )
    .await;
    tell_lead(&FromWorker::Settled {
        joined_per_room: joined_per_room
            .iter()
            .map(|joined| joined.load(Ordering::Relaxed))
            .collect(),
    });

    // Report deliveries while they move, until the lead says stop.
    let mut reported = 0;
    loop {
        tokio::select! {
            command = commands.recv() => match command {
                Some(ToWorker::Stop) | None => break,
                Some(ToWorker::Connect(_)) => {}
            },
            _ = tokio::time::sleep(DELIVERY_REPORT_EVERY) => {
                let delivered = Metrics::read(&context.metrics.deliveries);
                if delivered != reported {
                    reported = delivered;
                    tell_lead(&FromWorker::Delivered { count: delivered });
                }
            }
        }
    }

    let _ = stop_sender.send(true);
    let mut outcomes = Vec::with_capacity(tasks.len());
    for task in tasks {
        if let Ok(Ok(outcome)) = tokio::time::timeout(Duration::from_secs(10), task).await {
            outcomes.push(outcome);
        }
    }
    tell_lead(&FromWorker::Finished(Box::new(WorkerTally {
        metrics: context.metrics.snapshot(),
        subscribers: outcomes,
        first_failure: context.first_failure(),
        notes: context.take_notes(),
    })));
    Ok(())
}

/// The lead's commands, read from stdin on a thread of their own; the end
/// of stdin (the lead closed it, or died) reads as the channel's end.
fn read_lead_commands() -> mpsc::UnboundedReceiver<ToWorker> {
    let (sender, receiver) = mpsc::unbounded_channel();
    let spawned = std::thread::Builder::new()
        .name("lead-reader".to_string())
        .spawn(move || {
            for line in std::io::stdin().lock().lines() {
                let Ok(line) = line else { return };
                match serde_json::from_str::<ToWorker>(&line) {
                    Ok(command) => {
                        if sender.send(command).is_err() {
                            return;
                        }
                    }
                    Err(error) => {
                        eprintln!(
                            "hybridhub-loadtest worker: unreadable command {line:?}: {error}"
                        );
                        return;
                    }
                }
            }
        });
    if let Err(error) = spawned {
        eprintln!("hybridhub-loadtest worker: cannot read stdin: {error}");
    }
    receiver
}

/// The context's workers, if this run has any (only the first caller gets them).
pub fn take_workers(context: &RunContext) -> Option<Workers> {
    context
        .workers
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .take()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_cover_every_subscriber_once() {
        for (clients, processes) in [(10, 3), (1, 1), (19_999, 2), (7, 7)] {
            let mut next = 0;
            for process in 0..processes {
                let range = share(clients, processes, process);
                assert_eq!(range.start, next);
                next = range.end;
            }
            assert_eq!(next, clients);
        }
    }

    #[test]
    fn an_assignment_walks_its_share_through_the_rooms() {
        let assignment = Assignment {
            rooms: vec![
                AssignedRoom {
                    room: "a".to_string(),
                    subscribers: 3,
                },
                AssignedRoom {
                    room: "b".to_string(),
                    subscribers: 3,
                },
            ],
            first: 2,
            end: 5,
        };
        assert_eq!(assignment.subscribers(), vec![(2, 0), (3, 1), (4, 1)]);
    }

    #[test]
    fn messages_read_back() {
        let line = serde_json::to_string(&ToWorker::Connect(Assignment {
            rooms: vec![AssignedRoom {
                room: "main-session".to_string(),
                subscribers: 4,
            }],
            first: 2,
            end: 4,
        }))
        .unwrap();
        assert!(line.starts_with(r#"{"connect":"#), "{line}");
        assert!(matches!(
            serde_json::from_str::<ToWorker>(r#""stop""#).unwrap(),
            ToWorker::Stop
        ));
        let delivered = serde_json::to_string(&FromWorker::Delivered { count: 7 }).unwrap();
        assert_eq!(delivered, r#"{"delivered":{"count":7}}"#);
    }
}
