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
//! - `least_spoken`: whoever has spoken least in this session goes first:
//!   fewer turns, then fewer seconds of speaking (as of when the hand went
//!   up). **No waiting entry is ever overtaken by a later entry of someone
//!   who had spoken more.** Among entries that had spoken alike, `alternate`
//!   orders them.
//!
//! # Kinds of request
//!
//! A hand may carry a kind and a short topic note. A point of order goes to
//! the head of the queue (after earlier points of order); a reply, when the
//! chair allows replies, goes right after the current turn (after points of
//! order and earlier replies). Both are marked `priority`; the chair may
//! refuse the priority, and the entry then takes the place the policy gives
//! it. Every other entry is placed by the policy behind the prioritised
//! ones.
//!
//! # Turn limits
//!
//! The chair may limit the turns each person takes in the session
//! (`max_turns`, as ICANN's public forum did with two turns of two
//! minutes) and give every turn a default speaking limit. A hand beyond the
//! limit is refused, unless the chair allowed that person one turn more.
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

/// The longest topic note on a hand, in characters.
pub const HAND_TOPIC_MAX_CHARS: usize = 140;
/// The most turns per person the chair may set as a limit.
pub const MAX_TURNS_LIMIT: u32 = 100;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueuePolicy {
    Fifo,
    #[default]
    Alternate,
    LeastSpoken,
}

/// What a raised hand asks for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HandKind {
    /// To take the floor (the default).
    #[default]
    Speak,
    /// A direct reply to the current speaker.
    Reply,
    Question,
    /// A point of order, for the chair.
    PointOfOrder,
}

impl HandKind {
    fn is_speak(&self) -> bool {
        *self == HandKind::Speak
    }
}

/// How much someone has spoken in this session: turns, then seconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Spoken {
    pub turns: u32,
    pub seconds: u32,
}

impl Spoken {
    fn is_nothing(&self) -> bool {
        *self == Spoken::default()
    }
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
    #[serde(default, skip_serializing_if = "HandKind::is_speak")]
    pub kind: HandKind,
    /// A short note on what the person wants to say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// A point of order, or a reply while replies are allowed, placed ahead
    /// of the others; the chair may refuse it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub priority: bool,
    /// How much the person had spoken when the hand went up; nothing means
    /// a first contribution.
    #[serde(default, skip_serializing_if = "Spoken::is_nothing")]
    pub spoken: Spoken,
}

impl QueueEntry {
    /// Who the entry is, for counting turns: the participant, or a room
    /// speaker by name.
    pub fn speaker_key(&self) -> String {
        match &self.participant {
            Some(participant) => participant.0.clone(),
            None => format!("room:{}", self.name.to_lowercase()),
        }
    }
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
    /// Replies go right after the current turn.
    #[serde(default)]
    pub replies: bool,
    /// At most this many turns per person in the session.
    #[serde(default)]
    pub max_turns: Option<u32>,
    /// The speaking limit of a turn given with none.
    #[serde(default)]
    pub default_limit_seconds: Option<u32>,
}

impl Default for QueueSettings {
    fn default() -> QueueSettings {
        QueueSettings {
            open: true,
            policy: QueuePolicy::Alternate,
            hold_grace_seconds: DEFAULT_HOLD_GRACE_SECONDS,
            replies: false,
            max_turns: None,
            default_limit_seconds: None,
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
    /// How much each person has spoken, by [`QueueEntry::speaker_key`].
    #[serde(default)]
    pub(crate) spoken: std::collections::BTreeMap<String, Spoken>,
    /// Turns the chair allowed a person beyond `max_turns`.
    #[serde(default)]
    pub(crate) extra_turns: std::collections::BTreeMap<String, u32>,
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

    /// How much the person behind `key` has spoken in this session.
    pub fn spoken_by(&self, key: &str) -> Spoken {
        self.spoken.get(key).copied().unwrap_or_default()
    }

    /// Whether the person behind `key` may take another turn.
    pub(crate) fn may_take_a_turn(&self, key: &str) -> bool {
        let Some(limit) = self.settings.max_turns else {
            return true;
        };
        let allowed = limit + self.extra_turns.get(key).copied().unwrap_or(0);
        self.spoken_by(key).turns < allowed
    }

    /// The prioritised entries at the head of the queue: points of order,
    /// then replies.
    fn priority_prefix(&self) -> usize {
        self.queue
            .iter()
            .take_while(|queued| queued.priority)
            .count()
    }

    /// Where a new entry goes: a prioritised point of order after the
    /// points of order at the head, a prioritised reply after every
    /// prioritised entry, anything else where the policy puts it behind
    /// them.
    pub(crate) fn insertion_position(&self, entry: &QueueEntry) -> usize {
        let prefix = self.priority_prefix();
        if entry.priority {
            if entry.kind == HandKind::PointOfOrder {
                return self
                    .queue
                    .iter()
                    .take_while(|queued| queued.priority && queued.kind == HandKind::PointOfOrder)
                    .count();
            }
            return prefix;
        }
        let tail = &self.queue[prefix..];
        prefix
            + match self.settings.policy {
                QueuePolicy::Fifo => tail.len(),
                QueuePolicy::Alternate => self.alternate_position(tail, entry.mode),
                QueuePolicy::LeastSpoken => {
                    // Behind everyone who had spoken less; ahead of everyone
                    // who had spoken more; among equals, alternating.
                    let from = tail
                        .iter()
                        .position(|queued| queued.spoken >= entry.spoken)
                        .unwrap_or(tail.len());
                    let to = tail
                        .iter()
                        .position(|queued| queued.spoken > entry.spoken)
                        .unwrap_or(tail.len());
                    from + self.alternate_position(&tail[from..to], entry.mode)
                }
            }
    }

    /// Where `alternate` puts an entry of `mode` in `entries`.
    fn alternate_position(&self, entries: &[QueueEntry], mode: Mode) -> usize {
        let last_same_side = entries.iter().rposition(|queued| queued.mode == mode);
        let alternating = match last_same_side {
            // One entry of the other side stays between two of ours.
            Some(index) => index + 2,
            // Only the other side waits: its head keeps its turn, unless
            // the last speaker was from that side.
            None if self.last_served_mode.is_some_and(|last| last != mode) => 0,
            None => 1,
        };
        let after_last_overtaken = entries
            .iter()
            .rposition(|queued| self.overtaken.contains(&queued.entry))
            .map_or(0, |index| index + 1);
        alternating.max(after_last_overtaken).min(entries.len())
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
            kind: HandKind::Speak,
            topic: None,
            priority: false,
            spoken: Spoken::default(),
        }
    }

    fn raise_all(floor: &mut Floor, modes: &[Mode]) -> Vec<u64> {
        for mode in modes {
            let number = floor.allocate_entry();
            let new = entry(number, *mode);
            let position = floor.insertion_position(&new);
            floor.insert(new, position);
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
