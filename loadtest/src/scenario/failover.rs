//! Failover (`--kill-node-after`): one node of a cluster is killed with
//! SIGKILL during the message window, and its subscribers resume on another
//! node with nothing lost.
//!
//! With it on, every subscriber joins with a `client_id`, keeps the
//! `resume_secret` of its welcome and follows its durable `seq` stream (see
//! [`super::seq`]). When its connection closes before the run ends, it joins
//! the next node in `--server` order (skipping the one it was on, trying the
//! others in turn until [`RESUME_DEADLINE`]) with `resume_from` set to the
//! last seq it saw. Two times are taken from the moment it saw the close:
//! until the resumed `welcome`, and until the first measured message after
//! it (replayed or live), which is when the stream is back. Replayed messages
//! count as deliveries but are not timed as latency: their delay is the
//! outage, which the resume times give.
//!
//! The lead process kills the node by its `--server-pid`, reads its RSS just
//! before, and leaves it out of the server CPU and RSS readings (a process
//! that is gone cannot be read at the window's end), which a note says.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use super::seq::{gaps_excluding, missing_excluding, NotForEveryone, ResumeOutcome, SeqTracker};
use super::subscriber::SubscriberOutcome;
use super::RunContext;
use crate::connection::{ClientSocket, JoinRequest};
use crate::framing::WelcomeInfo;
use crate::metrics::{LatencySummary, Metrics};
use crate::options::KillNode;
use crate::payload::wall_clock_micros;
use crate::procstat;
use crate::report::FailoverReport;

/// How long a subscriber keeps trying to resume after its node went away.
pub const RESUME_DEADLINE: Duration = Duration::from_secs(60);

/// The pause after trying every other node once without success; it
/// doubles after each round, up to the last.
const FIRST_RETRY_PAUSE: Duration = Duration::from_millis(200);
const LAST_RETRY_PAUSE: Duration = Duration::from_secs(2);

/// What one subscriber saw of failover.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SubscriberFailover {
    pub resumes: u64,
    /// Welcomes after a resume that said `resumed: false`.
    pub resume_refused: u64,
    /// Subscribers that could not resume before [`RESUME_DEADLINE`] or the
    /// end of the run.
    pub resume_failed: u64,
    pub seq: SeqTracker,
    /// From the close to the resumed welcome, per resume.
    pub to_welcome_micros: Vec<u64>,
    /// From the close to the first measured message after the welcome.
    pub to_first_delivery_micros: Vec<u64>,
    /// Wall-clock time of each resumed welcome, to compare with the kill.
    pub welcomed_at_unix_micros: Vec<u64>,
}

/// A subscriber's means to resume elsewhere, and its seq stream.
pub struct Resumer {
    context: Arc<RunContext>,
    request: JoinRequest,
    permits: Arc<Semaphore>,
    replay_through: u64,
    closed_at: Option<Instant>,
    stats: SubscriberFailover,
}

impl Resumer {
    /// Follows a subscriber that joined with `request` (which carries its
    /// client id) and got `welcome`; reconnections take a connect permit.
    pub fn new(
        context: Arc<RunContext>,
        request: JoinRequest,
        permits: Arc<Semaphore>,
        welcome: &WelcomeInfo,
    ) -> Self {
        let mut request = request;
        request.details.resume_secret = welcome.resume_secret.clone();
        Resumer {
            context,
            request,
            permits,
            replay_through: 0,
            closed_at: None,
            stats: SubscriberFailover {
                seq: SeqTracker::starting_at(welcome),
                ..SubscriberFailover::default()
            },
        }
    }

    /// The node the subscriber is on now.
    pub fn node(&self) -> usize {
        self.request.node
    }

    /// Whether a durable event is a replay after a resume.
    pub fn is_replay(&self, seq: Option<u64>) -> bool {
        seq.is_some_and(|seq| seq <= self.replay_through)
    }

    /// Takes a durable event's seq.
    pub fn observe_durable(&mut self, seq: u64) {
        self.stats.seq.observe(seq);
    }

    /// Takes a measured message: its seq, and the end of an outage.
    pub fn observe_delivery(&mut self, seq: Option<u64>) {
        if let Some(seq) = seq {
            self.stats.seq.observe(seq);
        }
        if let Some(closed_at) = self.closed_at.take() {
            self.stats
                .to_first_delivery_micros
                .push(closed_at.elapsed().as_micros() as u64);
        }
    }

    /// After the connection closed: joins another node with `resume_from`,
    /// or gives up at the deadline or when the run stops (`None`).
    pub async fn resume(&mut self, stop: &mut watch::Receiver<bool>) -> Option<ClientSocket> {
        let closed_at = Instant::now();
        let deadline = closed_at + RESUME_DEADLINE;
        let nodes = self.context.connector.servers.len();
        let lost_node = self.request.node;
        // The other nodes, each subscriber starting at its own, so that the
        // lost node's subscribers spread over the others evenly.
        let others: Vec<usize> = (0..nodes).filter(|&node| node != lost_node).collect();
        let first = self.request.details.index % others.len().max(1);
        let mut pause = FIRST_RETRY_PAUSE;
        let mut step = 0usize;
        while Instant::now() < deadline && !*stop.borrow() && !others.is_empty() {
            if step > 0 && step.is_multiple_of(others.len()) {
                // Every other node was tried once.
                tokio::select! {
                    _ = stop.changed() => break,
                    _ = tokio::time::sleep(pause) => {}
                }
                pause = (pause * 2).min(LAST_RETRY_PAUSE);
            }
            let mut request = self.request.clone();
            request.node = others[(first + step) % others.len()];
            step += 1;
            request.details.resume_from = Some(self.stats.seq.last_seen);
            let attempt = async {
                let _permit = self
                    .permits
                    .acquire()
                    .await
                    .expect("the connect semaphore is never closed");
                self.context
                    .connector
                    .open(request.details.index, &request)
                    .await
            };
            let opened = tokio::select! {
                _ = stop.changed() => break,
                opened = attempt => opened,
            };
            match opened {
                Ok(opened) => {
                    let welcome = opened.welcome.unwrap_or_default();
                    self.stats
                        .to_welcome_micros
                        .push(closed_at.elapsed().as_micros() as u64);
                    self.stats.welcomed_at_unix_micros.push(wall_clock_micros());
                    self.stats.resumes += 1;
                    match self.stats.seq.resume_with(&welcome) {
                        ResumeOutcome::Replaying { through } => self.replay_through = through,
                        ResumeOutcome::Refused => self.stats.resume_refused += 1,
                    }
                    if welcome.resume_secret.is_some() {
                        request.details.resume_secret = welcome.resume_secret;
                    }
                    request.details.resume_from = None;
                    self.request = request;
                    self.closed_at = Some(closed_at);
                    return Some(opened.socket);
                }
                Err(failure) => self
                    .context
                    .metrics
                    .record_error_frame(&format!("resume_failed:{}", failure.kind())),
            }
        }
        self.stats.resume_failed += 1;
        None
    }

    pub fn into_stats(self) -> SubscriberFailover {
        self.stats
    }
}

/// The kill, as it happened.
#[derive(Clone, Debug)]
pub struct KillRecord {
    pub node: usize,
    pub pid: u32,
    /// Seconds from the window's start to the kill.
    pub after_seconds: f64,
    pub at_unix_micros: u64,
    pub rss_bytes_before: u64,
    pub error: Option<String>,
}

/// The server pid `--kill-node-after` kills, if the run has one.
pub fn pid_to_kill(context: &RunContext) -> Option<u32> {
    let common = &context.options.common;
    let kill = common.kill_node?;
    common.server_pids.get(kill.node).copied()
}

/// Kills the node `kill.after` after `window_started`.
pub fn kill_later(kill: KillNode, pid: u32, window_started: Instant) -> JoinHandle<KillRecord> {
    tokio::spawn(async move {
        tokio::time::sleep_until(window_started + kill.after).await;
        let rss_bytes_before = procstat::sample(pid)
            .map(|sample| sample.rss_bytes)
            .unwrap_or(0);
        let at_unix_micros = wall_clock_micros();
        let after_seconds = window_started.elapsed().as_secs_f64();
        // SAFETY: kill(2) with a pid and a signal number has no memory effects.
        let result = unsafe { libc::kill(pid as libc::pid_t, libc::SIGKILL) };
        let error = (result != 0).then(|| {
            format!(
                "kill -KILL {pid} failed: {}",
                std::io::Error::last_os_error()
            )
        });
        KillRecord {
            node: kill.node,
            pid,
            after_seconds,
            at_unix_micros,
            rss_bytes_before,
            error,
        }
    })
}

/// The seq check over every followed subscriber, summed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SeqCheck {
    pub gaps: u64,
    pub duplicates: u64,
    pub missing_at_end: u64,
}

/// Checks the subscribers' seq streams against the events meant for them.
///
/// A subscriber is a plain participant: the durable events whose audience
/// is not everyone (`EventAudience` in the server: a hand raised or
/// lowered goes to moderators, room displays and the hand's owner only)
/// never reach it, so its seq stream jumps over them by design. Such seqs
/// are allowed holes: a skipped seq in `not_for_everyone` is not a gap,
/// and one after the subscriber's last seen seq is not missing at the end.
/// Every other skipped seq is a gap, whatever other subscribers saw, so a
/// seq lost for all of them still counts. `not_for_everyone` holds the seqs
/// of the run's own events of that kind, learnt from the acks of the
/// publishers that caused them (the hand raisers, see
/// [`super::fanout`]); the fan-out sends no other such event.
/// `final_seq` is the last seq a publisher had acknowledged.
pub fn check_seqs(
    followed: &[&SubscriberFailover],
    final_seq: u64,
    not_for_everyone: &BTreeSet<u64>,
) -> SeqCheck {
    let sum = |field: &dyn Fn(&SeqTracker) -> u64| -> u64 {
        followed.iter().map(|stats| field(&stats.seq)).sum()
    };
    SeqCheck {
        gaps: sum(&|seq| gaps_excluding(&seq.skipped, not_for_everyone)),
        duplicates: sum(&|seq| seq.duplicates),
        missing_at_end: sum(&|seq| missing_excluding(seq.last_seen, final_seq, not_for_everyone)),
    }
}

/// The report's failover section, from the kill and every subscriber's
/// outcome; `final_seq` is the last seq a publisher had acknowledged, and
/// `not_for_everyone` the seqs subscribers are not meant to see (see
/// [`check_seqs`]).
pub fn report(
    context: &RunContext,
    kill: &KillRecord,
    subscribers: &[SubscriberOutcome],
    final_seq: u64,
    not_for_everyone: &NotForEveryone,
) -> FailoverReport {
    let followed: Vec<&SubscriberFailover> = subscribers
        .iter()
        .filter(|subscriber| subscriber.joined)
        .filter_map(|subscriber| subscriber.failover.as_ref())
        .collect();
    let not_for_everyone = not_for_everyone
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .clone();
    let seqs = check_seqs(&followed, final_seq, &not_for_everyone);
    let sum = |field: &dyn Fn(&SubscriberFailover) -> u64| -> u64 {
        followed.iter().map(|stats| field(stats)).sum()
    };
    let histogram = |field: fn(&SubscriberFailover) -> &Vec<u64>| {
        let histogram = crate::metrics::LatencyHistogram::new();
        for (index, stats) in followed.iter().enumerate() {
            for &micros in field(stats) {
                histogram.record(index, micros);
            }
        }
        LatencySummary::of(&histogram.merged())
    };
    let last_welcome = followed
        .iter()
        .flat_map(|stats| stats.welcomed_at_unix_micros.iter().copied())
        .max();
    FailoverReport {
        killed_node: kill.node,
        killed_server: context.connector.server(kill.node).to_string(),
        killed_pid: kill.pid,
        killed_after_seconds: kill.after_seconds,
        killed_node_rss_bytes: kill.rss_bytes_before,
        kill_error: kill.error.clone(),
        subscribers_on_killed_node: context
            .metrics
            .joined_by_node()
            .get(kill.node)
            .copied()
            .unwrap_or(0),
        subscribers_followed: followed.len() as u64,
        resumed: sum(&|stats: &SubscriberFailover| stats.resumes),
        resume_refused: sum(&|stats: &SubscriberFailover| stats.resume_refused),
        resume_failed: sum(&|stats: &SubscriberFailover| stats.resume_failed),
        gaps: seqs.gaps,
        duplicates: seqs.duplicates,
        final_seq,
        missing_at_end: seqs.missing_at_end,
        resume_to_welcome: histogram(|stats| &stats.to_welcome_micros),
        resume_to_first_delivery: histogram(|stats| &stats.to_first_delivery_micros),
        seconds_from_kill_to_last_resume: last_welcome
            .map(|last| last.saturating_sub(kill.at_unix_micros) as f64 / 1e6)
            .unwrap_or(0.0),
        disconnects: Metrics::read(&context.metrics.disconnects),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A subscriber that joined at seq 0 and saw `seqs`, resuming (with
    /// `resumed: true` and the head `resume_head`) after the first
    /// `before_kill` of them.
    fn subscriber(seqs: &[u64], before_kill: usize, resume_head: u64) -> SubscriberFailover {
        let mut stats = SubscriberFailover {
            seq: SeqTracker::starting_at(&WelcomeInfo::default()),
            ..SubscriberFailover::default()
        };
        for (number, &seq) in seqs.iter().enumerate() {
            if number == before_kill {
                let welcome = WelcomeInfo {
                    seq: Some(resume_head),
                    resumed: true,
                    ..WelcomeInfo::default()
                };
                stats.seq.resume_with(&welcome);
                stats.resumes += 1;
            }
            stats.seq.observe(seq);
        }
        stats
    }

    /// Chat takes seqs 1, 2, 4 and 5; a hand raiser's `hand.raised` takes 3
    /// and its `hand.lowered` 6, the last acknowledged seq. Neither reaches
    /// a plain subscriber: not on the node that stays up, nor in the replay
    /// after a resume on another node.
    #[test]
    fn a_hand_event_a_subscriber_never_gets_is_no_gap() {
        let stayed = subscriber(&[1, 2, 4, 5], usize::MAX, 0);
        let resumed = subscriber(&[1, 2, 4, 5], 2, 5);
        assert_eq!(resumed.resumes, 1);
        let hands = BTreeSet::from([3, 6]);
        assert_eq!(
            check_seqs(&[&stayed, &resumed], 6, &hands),
            SeqCheck::default(),
            "the hand raiser's seqs are allowed holes"
        );
    }

    #[test]
    fn a_seq_meant_for_everyone_still_counts() {
        let hands = BTreeSet::from([3, 6]);
        // Lost chat 4 in its resume, and saw 5 twice.
        let lost_one = subscriber(&[1, 2, 5, 5], 2, 5);
        // Stopped at 4: 5 is missing at the end, 6 is not meant for it.
        let stopped = subscriber(&[1, 2, 4], usize::MAX, 0);
        assert_eq!(
            check_seqs(&[&lost_one, &stopped], 6, &hands),
            SeqCheck {
                gaps: 1,
                duplicates: 1,
                missing_at_end: 1,
            }
        );
        // A seq no subscriber saw is a gap for each of them.
        let first = subscriber(&[1, 2, 5], usize::MAX, 0);
        let second = subscriber(&[1, 2, 5], 2, 5);
        assert_eq!(check_seqs(&[&first, &second], 5, &hands).gaps, 2);
    }
}
