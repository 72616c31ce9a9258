//! Following one client's durable `seq` stream across resumes: what
//! `churn` and a fan-out run with failover check.
//!
//! The contract (docs/PROTOCOL.md, *Resume*): a client that joins again with
//! `resume_from` set to the last seq it saw gets a `welcome` with
//! `resumed: true`, followed by every durable event after it, in order,
//! exactly once. So each seq must be seen once: a jump is a gap, a repeat a
//! duplicate.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::framing::WelcomeInfo;

/// Follows the durable seq stream of one client.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct SeqTracker {
    pub last_seen: u64,
    pub gaps: u64,
    pub duplicates: u64,
    /// The seqs counted in `gaps`, as inclusive ranges, for a run where
    /// some of them may not have been meant for this client (see
    /// [`NotForEveryone`]).
    pub skipped: Vec<(u64, u64)>,
}

/// Durable events that go to moderators and the participant concerned
/// only (a hand raised or lowered: `EventAudience` in the server), so that
/// another participant's seq jumps over them by design. Their seqs are
/// learnt from the acks of the participants who caused them.
pub type NotForEveryone = Arc<Mutex<BTreeSet<u64>>>;

/// The skipped seqs that were meant for this client: the real gaps.
pub fn gaps_excluding(skipped: &[(u64, u64)], not_for_everyone: &BTreeSet<u64>) -> u64 {
    skipped
        .iter()
        .map(|&(first, last)| {
            (last - first + 1) - not_for_everyone.range(first..=last).count() as u64
        })
        .sum()
}

/// The seqs after `last_seen`, up to and including `final_seq`, that were
/// meant for this client: what it never reached by the end of the run.
pub fn missing_excluding(last_seen: u64, final_seq: u64, not_for_everyone: &BTreeSet<u64>) -> u64 {
    if final_seq <= last_seen {
        return 0;
    }
    (final_seq - last_seen) - not_for_everyone.range(last_seen + 1..=final_seq).count() as u64
}

/// What a welcome after a resume means for the stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResumeOutcome {
    /// The events after the last seen seq follow, up to and including this
    /// seq (the welcome's head): they are replays.
    Replaying { through: u64 },
    /// The server did not resume (`resumed: false`): whatever happened
    /// between the last seen seq and its head is lost, and counted as gaps.
    Refused,
}

impl SeqTracker {
    /// Starts at the head of a first welcome: the client did not ask for
    /// anything older.
    pub fn starting_at(welcome: &WelcomeInfo) -> Self {
        SeqTracker {
            last_seen: welcome.seq.unwrap_or(0),
            ..SeqTracker::default()
        }
    }

    pub fn observe(&mut self, seq: u64) {
        if seq == self.last_seen + 1 {
            self.last_seen = seq;
        } else if seq <= self.last_seen {
            self.duplicates += 1;
        } else {
            self.skip_through(seq - 1);
            self.last_seen = seq;
        }
    }

    /// Counts every seq after the last seen, up to `seq`, as never seen.
    fn skip_through(&mut self, seq: u64) {
        if seq > self.last_seen {
            self.gaps += seq - self.last_seen;
            self.skipped.push((self.last_seen + 1, seq));
            self.last_seen = seq;
        }
    }

    /// Takes the welcome of a connection that joined with `resume_from`
    /// set to [`SeqTracker::last_seen`].
    pub fn resume_with(&mut self, welcome: &WelcomeInfo) -> ResumeOutcome {
        let head = welcome.seq.unwrap_or(0);
        if welcome.resumed {
            return ResumeOutcome::Replaying { through: head };
        }
        self.skip_through(head);
        ResumeOutcome::Refused
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tracker_counts_gaps_and_duplicates() {
        let mut tracker = SeqTracker {
            last_seen: 10,
            ..SeqTracker::default()
        };
        for seq in [11, 12, 12, 15, 14, 16] {
            tracker.observe(seq);
        }
        assert_eq!(tracker.last_seen, 16);
        assert_eq!(tracker.gaps, 2);
        assert_eq!(tracker.duplicates, 2);
        assert_eq!(gaps_excluding(&tracker.skipped, &BTreeSet::new()), 2);
        // A seq meant for others only is not a gap.
        assert_eq!(gaps_excluding(&tracker.skipped, &BTreeSet::from([13])), 1);
    }

    #[test]
    fn missing_at_end_leaves_out_seqs_meant_for_others() {
        assert_eq!(missing_excluding(16, 20, &BTreeSet::new()), 4);
        assert_eq!(missing_excluding(21, 20, &BTreeSet::new()), 0);
        // 17 and 20 went to moderators and their owner; 16 is already seen.
        assert_eq!(missing_excluding(16, 20, &BTreeSet::from([16, 17, 20])), 2);
        assert_eq!(missing_excluding(19, 20, &BTreeSet::from([20])), 0);
    }

    #[test]
    fn a_refused_resume_counts_what_it_skipped_as_gaps() {
        let mut tracker = SeqTracker {
            last_seen: 10,
            ..SeqTracker::default()
        };
        let refused = WelcomeInfo {
            seq: Some(14),
            resumed: false,
            ..WelcomeInfo::default()
        };
        assert_eq!(tracker.resume_with(&refused), ResumeOutcome::Refused);
        assert_eq!((tracker.last_seen, tracker.gaps), (14, 4));
        assert_eq!(
            gaps_excluding(&tracker.skipped, &BTreeSet::from([12, 13, 99])),
            2
        );
        let resumed = WelcomeInfo {
            seq: Some(20),
            resumed: true,
            ..WelcomeInfo::default()
        };
        assert_eq!(
            tracker.resume_with(&resumed),
            ResumeOutcome::Replaying { through: 20 }
        );
        assert_eq!((tracker.last_seen, tracker.gaps), (14, 4));
    }
}
