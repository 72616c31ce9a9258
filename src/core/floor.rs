//! The floor: one speaker queue for the room and online, and who is speaking.
//!
//! Remote participants raise and lower their own hands; a moderator adds
//! people who raise a hand in the room (`queue.add_onsite`), so one queue
//! holds both. The queue is an explicit order that clients mirror: every
//! `hand.raised` says where the entry was placed.
//!
//! # Policies
//!
//! - `fifo`: a new entry goes to the end.
//! - `alternate` (the default) interleaves onsite and remote entries, with
//!   a bound that makes it fair to both sides: **no waiting entry is ever
//!   overtaken by more than one later entry from the other side.** A new
//!   entry of side S goes one place after the last S entry in the queue
//!   (so one entry of the other side stays between them); if no S entry
//!   waits, it goes second, or first when the last speaker was from the
//!   other side (S is owed the next turn). It never goes ahead of an entry
//!   that was already overtaken once. Every other-side entry it lands in
//!   front of is marked as overtaken.
//!
//! # Held places
//!
//! When a remote participant's last connection drops, their entry is held
//! (`hand.held`), not removed. If they come back (resume with proof) within
//! the hold grace period (2 minutes by default), the place is theirs again
//! (`hand.restored`); after it, the entry leaves as `dropped`, which the
//! report counts apart from `withdrew`.

use super::attributes::{Mode, Region, Stakeholder};
use super::ids::ParticipantId;
use super::time::Millis;
use serde::{Deserialize, Serialize};

/// The default hold grace period of a dropped participant's queue place.
pub const DEFAULT_HOLD_GRACE_SECONDS: u32 = 120;
/// The longest hold grace period a moderator may set (one hour).
pub const HOLD_GRACE_MAX_SECONDS: u32 = 3600;
/// The longest speaking-time limit (two hours).
pub const SPEAKING_LIMIT_MAX_SECONDS: u32 = 7200;
/// The most entries a queue holds.
pub const QUEUE_MAX_ENTRIES: usize = 1000;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueuePolicy {
    Fifo,
    #[default]
    Alternate,
}

/// Why an entry left the queue other than by being given the floor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LowerReason {
    /// The participant lowered their own hand.
    Withdrew,
    /// A moderator lowered it.
    LoweredByModerator,
    /// The participant's connection was gone longer than the hold grace.
    Dropped,
}

/// One raised hand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueEntry {
    pub entry: u64,
    /// The participant who raised it; absent for someone in the room added
    /// by a moderator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participant: Option<ParticipantId>,
    pub name: String,
    pub mode: Mode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stakeholder: Option<Stakeholder>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
    pub raised_at: Millis,
    /// Since when the place is held for a participant whose connection
    /// dropped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held_since: Option<Millis>,
}

/// Who has the floor, since when, and for how long at most.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Turn {
    #[serde(flatten)]
    pub entry: QueueEntry,
    pub started_at: Millis,
    /// The speaking-time limit, counted down by clients from `started_at`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_seconds: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueSettings {
    pub open: bool,
    pub policy: QueuePolicy,
    pub hold_grace_seconds: u32,
}

impl Default for QueueSettings {
    fn default() -> QueueSettings {
        QueueSettings {
            open: true,
            policy: QueuePolicy::Alternate,
            hold_grace_seconds: DEFAULT_HOLD_GRACE_SECONDS,
        }
    }
}

/// The floor part of a session's state. Changed only by `evolve`, from
/// events, so a restart rebuilds it exactly.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Floor {
    /// The queue, in order: the next speaker first.
    pub(crate) queue: Vec<QueueEntry>,
    /// Entries already overtaken once by a later entry of the other side.
    pub(crate) overtaken: std::collections::BTreeSet<u64>,
    pub(crate) settings: QueueSettings,
    pub(crate) speaker: Option<Turn>,
    /// The mode of the last entry given the floor; `alternate` owes the
    /// next turn to the other side.
    pub(crate) last_served_mode: Option<Mode>,
    pub(crate) next_entry: u64,
}

impl Floor {
    pub fn queue(&self) -> &[QueueEntry] {
        &self.queue
    }

    pub fn settings(&self) -> &QueueSettings {
        &self.settings
    }

    pub fn speaker(&self) -> Option<&Turn> {
        self.speaker.as_ref()
    }

    pub fn position_of(&self, entry: u64) -> Option<usize> {
        self.queue.iter().position(|queued| queued.entry == entry)
    }

    pub fn entry_of(&self, participant: &ParticipantId) -> Option<&QueueEntry> {
        self.queue
            .iter()
            .find(|queued| queued.participant.as_ref() == Some(participant))
    }

    #[cfg(test)]
    pub(crate) fn allocate_entry(&mut self) -> u64 {
        let entry = self.next_entry.max(1);
        self.next_entry = entry + 1;
        entry
    }

    /// Where a new entry of `mode` goes under the current policy.
    pub(crate) fn insertion_position(&self, mode: Mode) -> usize {
        match self.settings.policy {
            QueuePolicy::Fifo => self.queue.len(),
            QueuePolicy::Alternate => {
                let last_same_side = self.queue.iter().rposition(|queued| queued.mode == mode);
                let alternating = match last_same_side {
                    // One entry of the other side stays between two of ours.
                    Some(index) => index + 2,
                    // Only the other side waits: its head keeps its turn,
                    // unless the last speaker was from that side.
                    None if self.last_served_mode.is_some_and(|last| last != mode) => 0,
                    None => 1,
                };
                let after_last_overtaken = self
                    .queue
                    .iter()
                    .rposition(|queued| self.overtaken.contains(&queued.entry))
                    .map_or(0, |index| index + 1);
                alternating.max(after_last_overtaken).min(self.queue.len())
            }
        }
    }

    /// Inserts an entry where `position` says, marking the other side's
    /// entries it lands in front of as overtaken. Used by `evolve`.
    pub(crate) fn insert(&mut self, entry: QueueEntry, position: usize) {
        let position = position.min(self.queue.len());
        for behind in &self.queue[position..] {
            if behind.mode != entry.mode {
                self.overtaken.insert(behind.entry);
            }
        }
        self.next_entry = self.next_entry.max(entry.entry + 1);
        self.queue.insert(position, entry);
    }

    pub(crate) fn remove(&mut self, entry: u64) -> Option<QueueEntry> {
        let index = self.position_of(entry)?;
        self.overtaken.remove(&entry);
        Some(self.queue.remove(index))
    }

    pub(crate) fn entry_mut(&mut self, entry: u64) -> Option<&mut QueueEntry> {
        self.queue.iter_mut().find(|queued| queued.entry == entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(number: u64, mode: Mode) -> QueueEntry {
        QueueEntry {
            entry: number,
            participant: None,
            name: format!("e{number}"),
            mode,
            stakeholder: None,
            region: None,
            raised_at: Millis(number as i64),
            held_since: None,
        }
    }

    fn raise_all(floor: &mut Floor, modes: &[Mode]) -> Vec<u64> {
        for mode in modes {
            let number = floor.allocate_entry();
            let position = floor.insertion_position(*mode);
            floor.insert(entry(number, *mode), position);
        }
        floor.queue.iter().map(|queued| queued.entry).collect()
    }

    use Mode::{Onsite as O, Remote as R};

    #[test]
    fn alternate_order_table() {
        // (last served, modes in arrival order, expected order of entry numbers)
        let cases: Vec<(Option<Mode>, Vec<Mode>, Vec<u64>)> = vec![
            (None, vec![O, O, O, R], vec![1, 4, 2, 3]),
            (None, vec![O, O, O, R, R], vec![1, 4, 2, 3, 5]),
            (None, vec![O, R, O, R], vec![1, 2, 3, 4]),
            (None, vec![R, R, O, O], vec![1, 3, 2, 4]),
            (Some(O), vec![O, O, R], vec![3, 1, 2]),
            (Some(R), vec![O, O, R], vec![1, 3, 2]),
            (None, vec![R], vec![1]),
            (None, vec![O, O, R, O, R], vec![1, 3, 2, 5, 4]),
            (None, vec![O, O, O, R, R, R], vec![1, 4, 2, 3, 5, 6]),
        ];
        for (last, modes, expected) in cases {
            let mut floor = Floor {
                last_served_mode: last,
                ..Floor::default()
            };
            assert_eq!(
                raise_all(&mut floor, &modes),
                expected,
                "{last:?} {modes:?}"
            );
        }
    }

    #[test]
    fn fifo_keeps_arrival_order() {
        let mut floor = Floor::default();
        floor.settings.policy = QueuePolicy::Fifo;
        assert_eq!(raise_all(&mut floor, &[O, O, R, O, R]), vec![1, 2, 3, 4, 5]);
    }
}
