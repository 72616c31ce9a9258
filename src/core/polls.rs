//! Shows of hands and polls that count the whole room: participants online
//! and in the room answering from their devices, remote hubs answering for
//! their people up to their headcount, and the chair's count of hands in
//! the room for people without a device.
//!
//! A show of hands follows the IETF's tool (draft-duke-shmoo-show-of-hands):
//! "raise hand" or "do not raise hand", no default, answers may change
//! while it is open, and the totals include the people present who have not
//! answered. A poll asks a question with 2 to 10 options, single or
//! multiple choice. One poll or show of hands is open at a time, so the
//! room answers one question at once; closing it freezes its result, and
//! past results stay listed.
//!
//! Who answered what is kept as counts per counter (a person, a hub, the
//! chair), in the state and in the store's poll counts, never in an event:
//! events carry only tallies. An anonymous poll's counts are erased when it
//! closes; its frozen tally stays. `docs/PROTOCOL.md` ("Polls") says exactly
//! what is kept, where, and for how long.

use super::attributes::{Mode, Region, Role, Stakeholder};
use super::ids::ParticipantId;
use super::state::Participant;
use super::time::Millis;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The longest poll title, in characters.
pub const POLL_TITLE_MAX_CHARS: usize = 200;
/// The longest option, in characters.
pub const POLL_OPTION_MAX_CHARS: usize = 100;
/// A poll's options: at least two, at most ten.
pub const POLL_MIN_OPTIONS: usize = 2;
pub const POLL_MAX_OPTIONS: usize = 10;
/// Polls and shows of hands a session keeps; past results stay listed.
pub const POLLS_PER_SESSION: usize = 100;
/// The largest count a chair may enter for one option.
pub const POLL_CHAIR_COUNT_MAX: u32 = 100_000;
/// The options of a show of hands.
pub const SHOW_OF_HANDS_OPTIONS: [&str; 2] = ["raise_hand", "do_not_raise_hand"];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PollKind {
    /// "Raise hand" or "do not raise hand".
    ShowOfHands,
    /// A question with options.
    Poll,
}

/// When participants see the results.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PollResultsShown {
    /// As answers come in.
    Live,
    /// Only once a moderator publishes them (to avoid group-think);
    /// moderators see them live.
    OnPublish,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PollStatus {
    Open,
    Closed,
}

/// A poll as clients see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollView {
    pub id: u64,
    pub kind: PollKind,
    pub title: String,
    pub options: Vec<String>,
    /// How many options one person may choose (1 for a single choice).
    pub max_choices: u32,
    pub anonymous: bool,
    pub results_shown: PollResultsShown,
    pub published: bool,
    pub status: PollStatus,
    pub opened_at: Millis,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<Millis>,
}

impl PollView {
    /// Whether everyone may see the results now.
    pub fn results_are_public(&self) -> bool {
        self.results_shown == PollResultsShown::Live || self.published
    }
}

/// Who a count belongs to.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "by", content = "participant", rename_all = "snake_case")]
pub enum PollCounter {
    /// One person's answer: 1 for each option chosen.
    Person(ParticipantId),
    /// A remote hub's count of its people per option.
    Hub(ParticipantId),
    /// The chair's count of hands in the room, for people without a device.
    Chair,
}

/// Counts by how people attend (in the room, online, through a hub), by
/// stakeholder group and by region; every key is present.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollBreakdown {
    pub total: u32,
    pub by_mode: BTreeMap<String, u32>,
    pub by_stakeholder: BTreeMap<String, u32>,
    pub by_region: BTreeMap<String, u32>,
}

/// The ways of attending a poll counts apart.
pub const POLL_MODES: [&str; 3] = ["onsite", "remote", "hub"];

impl PollBreakdown {
    fn empty() -> PollBreakdown {
        let keys = |names: &mut dyn Iterator<Item = &'static str>| {
            names.map(|name| (name.to_owned(), 0)).collect()
        };
        PollBreakdown {
            total: 0,
            by_mode: keys(&mut POLL_MODES.into_iter()),
            by_stakeholder: keys(&mut Stakeholder::ALL.into_iter().map(Stakeholder::as_str)),
            by_region: keys(&mut Region::ALL.into_iter().map(Region::as_str)),
        }
    }

    fn add(&mut self, who: &Counted, amount: u32) {
        self.total += amount;
        *self.by_mode.entry(who.mode.to_owned()).or_default() += amount;
        *self
            .by_stakeholder
            .entry(who.stakeholder.as_str().to_owned())
            .or_default() += amount;
        *self
            .by_region
            .entry(who.region.as_str().to_owned())
            .or_default() += amount;
    }
}

/// A hub's count, shown by its name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubTally {
    pub name: String,
    pub headcount: u32,
    pub counts: Vec<u32>,
}

/// Who chose what, in a named poll (moderators only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollVoter {
    pub participant: ParticipantId,
    pub name: String,
    pub choices: Vec<u32>,
}

/// A poll's results: the people present and what they chose. The counted
/// answers and the people who did not answer add up to `present`; the
/// chair's count of hands in the room is shown apart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollTally {
    /// People present: participants, with each hub as its headcount.
    pub present: u32,
    /// People who chose at least one option.
    pub answered: u32,
    /// Per option, who chose it.
    pub options: Vec<PollBreakdown>,
    /// Present, and not (yet) answered.
    pub not_answered: PollBreakdown,
    /// Each hub's count by name, in a named poll (empty in an anonymous one).
    pub hubs: Vec<HubTally>,
    /// The chair's count per option, apart from the counted answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chair: Option<Vec<u32>>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Poll {
    pub(crate) view: PollView,
    /// Every counter's counts per option, while they are kept. Written as
    /// a list of pairs: a counter is not a string, so JSON cannot key by it.
    #[serde(with = "counts_as_pairs")]
    pub(crate) counts: BTreeMap<PollCounter, Vec<u32>>,
    /// The result frozen when the poll closed.
    pub(crate) final_tally: Option<PollTally>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Polls {
    pub(crate) items: BTreeMap<u64, Poll>,
    pub(crate) next_id: u64,
    /// The open poll's tally may have changed since it was last taken.
    pub(crate) tally_changed: bool,
}

/// What a person counts as, in a tally.
struct Counted {
    mode: &'static str,
    stakeholder: Stakeholder,
    region: Region,
}

impl Counted {
    fn of(participant: &Participant) -> Counted {
        Counted {
            mode: match (&participant.hub, participant.mode) {
                (Some(_), _) => "hub",
                (None, Mode::Onsite) => "onsite",
                (None, Mode::Remote) => "remote",
            },
            stakeholder: participant.stakeholder,
            region: participant.region,
        }
    }
}

impl Polls {
    /// Every poll, oldest first.
    pub fn all(&self) -> impl Iterator<Item = &PollView> {
        self.items.values().map(|poll| &poll.view)
    }

    pub fn get(&self, id: u64) -> Option<&PollView> {
        self.items.get(&id).map(|poll| &poll.view)
    }

    /// The open poll, if any.
    pub fn open(&self) -> Option<&PollView> {
        self.all().find(|view| view.status == PollStatus::Open)
    }

    /// A counter's counts in a poll, while they are kept.
    pub fn counts_of(&self, poll: u64, counter: &PollCounter) -> Option<&Vec<u32>> {
        self.items.get(&poll)?.counts.get(counter)
    }

    /// A closed poll's frozen result.
    pub fn final_tally(&self, poll: u64) -> Option<&PollTally> {
        self.items.get(&poll)?.final_tally.as_ref()
    }

    pub(crate) fn set_counts(&mut self, poll: u64, counter: PollCounter, counts: Vec<u32>) {
        if let Some(poll) = self.items.get_mut(&poll) {
            poll.counts.insert(counter, counts);
            self.tally_changed |= poll.view.status == PollStatus::Open;
        }
    }

    pub(crate) fn erase_counts(&mut self, poll: u64) {
        if let Some(poll) = self.items.get_mut(&poll) {
            poll.counts.clear();
        }
    }

    /// Someone arrived or left: the open poll's "present" changed.
    pub(crate) fn presence_changed(&mut self) {
        self.tally_changed |= self.open().is_some();
    }
}

/// The tally of a poll over the people present: each present participant
/// (not staff, not a display) counts once, a hub as its headcount; a
/// person's answer counts while they are present; a hub's count counts up
/// to its headcount, the rest of its people as not answered.
pub(crate) fn tally<'a>(poll: &Poll, present: impl Iterator<Item = &'a Participant>) -> PollTally {
    let options = poll.view.options.len();
    let mut tally = PollTally {
        present: 0,
        answered: 0,
        options: vec![PollBreakdown::empty(); options],
        not_answered: PollBreakdown::empty(),
        hubs: Vec::new(),
        chair: poll.counts.get(&PollCounter::Chair).cloned(),
    };
    for participant in present {
        if participant.role != Role::Participant {
            continue;
        }
        let counted = Counted::of(participant);
        match &participant.hub {
            Some(hub) => {
                let headcount = hub.counted_headcount();
                tally.present += headcount;
                let counts = poll.counts.get(&PollCounter::Hub(participant.id.clone()));
                let answered =
                    counts.map_or(0, |counts| answered_by_hub(&poll.view, counts, headcount));
                for (option, count) in counts.into_iter().flatten().enumerate() {
                    tally.options[option].add(&counted, *count);
                }
                tally.answered += answered;
                tally.not_answered.add(&counted, headcount - answered);
                // A named poll lists each hub's count by name; an anonymous
                // one only counts hubs together (the `hub` mode).
                if !poll.view.anonymous {
                    tally.hubs.push(HubTally {
                        name: hub.name.clone(),
                        headcount,
                        counts: counts.cloned().unwrap_or_else(|| vec![0; options]),
                    });
                }
            }
            None => {
                tally.present += 1;
                match poll
                    .counts
                    .get(&PollCounter::Person(participant.id.clone()))
                {
                    Some(choices) if choices.iter().any(|&chosen| chosen > 0) => {
                        tally.answered += 1;
                        for (option, chosen) in choices.iter().enumerate() {
                            if *chosen > 0 {
                                tally.options[option].add(&counted, 1);
                            }
                        }
                    }
                    _ => tally.not_answered.add(&counted, 1),
                }
            }
        }
    }
    tally
}

/// How many of a hub's people a count accounts for: in a single choice its
/// counts add up; in a multiple choice one person may be in several, so the
/// largest count is the least number of people who answered.
fn answered_by_hub(view: &PollView, counts: &[u32], headcount: u32) -> u32 {
    let answered = if view.max_choices <= 1 {
        counts.iter().sum()
    } else {
        counts.iter().copied().max().unwrap_or(0)
    };
    answered.min(headcount)
}

/// Who chose what in a named poll, for moderators.
pub(crate) fn voters<'a>(
    poll: &Poll,
    participants: impl Fn(&ParticipantId) -> Option<&'a Participant>,
) -> Vec<PollVoter> {
    poll.counts
        .iter()
        .filter_map(|(counter, counts)| match counter {
            PollCounter::Person(id) => {
                let name = participants(id).map_or_else(String::new, |known| known.name.clone());
                let choices = counts
                    .iter()
                    .enumerate()
                    .filter(|(_, chosen)| **chosen > 0)
                    .map(|(option, _)| option as u32)
                    .collect();
                Some(PollVoter {
                    participant: id.clone(),
                    name,
                    choices,
                })
            }
            PollCounter::Hub(_) | PollCounter::Chair => None,
        })
        .collect()
}

mod counts_as_pairs {
    use super::PollCounter;
    use serde::{Deserialize, Deserializer, Serializer};
    use std::collections::BTreeMap;

    pub fn serialize<S: Serializer>(
        counts: &BTreeMap<PollCounter, Vec<u32>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(counts.iter())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<BTreeMap<PollCounter, Vec<u32>>, D::Error> {
        let pairs = Vec::<(PollCounter, Vec<u32>)>::deserialize(deserializer)?;
        Ok(pairs.into_iter().collect())
    }
}
