//! The balance of a session's speaking time against its attendance: for
//! each mode, stakeholder group and region, its share of the speaking time
//! over its share of the attendees (1.0 is proportionate); one figure for
//! the session, the Gini coefficient of speaking time per attendee over the
//! stakeholder groups; and how many people had how many turns, a
//! distribution that names and ranks nobody.
//!
//! Pure arithmetic over figures the report has already counted.

use super::attributes::Stakeholder;
use super::ids::ParticipantId;
use super::report::Breakdown;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Balance figures are rounded to this many decimals: enough to compare,
/// few enough to read.
const DECIMALS: i32 = 3;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Balance {
    /// Share of speaking time over share of attendance, per group; `None`
    /// where the group had no attendees, or nobody spoke.
    pub share_ratio: RatioBreakdown,
    /// The Gini coefficient of speaking seconds per attendee over the
    /// stakeholder groups that had attendees (`unspecified` aside): 0 when
    /// every group spoke in proportion to its attendance, towards 1 as one
    /// group took all the time. `None` with fewer than two such groups or
    /// when nobody spoke.
    pub gini_over_stakeholders: Option<f64>,
    /// How many people had each number of turns, fewest turns first: the
    /// attendees who never had the floor under 0, room speakers the chair
    /// added by name under their own count.
    pub turns_per_person: Vec<PeopleWithTurns>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RatioBreakdown {
    pub by_mode: BTreeMap<&'static str, Option<f64>>,
    pub by_stakeholder: BTreeMap<&'static str, Option<f64>>,
    pub by_region: BTreeMap<&'static str, Option<f64>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PeopleWithTurns {
    pub turns: u64,
    pub people: u64,
}

/// Who had a turn: a participant, or someone in the room the chair added
/// by name (counted by name, as the `least_spoken` policy does).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TurnTaker {
    Participant(ParticipantId),
    Room(String),
}

/// The balance of `speaking_seconds` against `attendees` (the report's
/// unique attendance, a hub counting as its headcount), and the turns each
/// speaker had among `attending_people` (participants who attended, a hub
/// as one).
pub fn balance(
    attendees: &Breakdown,
    speaking_seconds: &Breakdown,
    attending_people: &HashSet<ParticipantId>,
    turns_by_speaker: &HashMap<TurnTaker, u64>,
) -> Balance {
    let ratios = |attended: &BTreeMap<&'static str, u64>, spoken: &BTreeMap<&'static str, u64>| {
        attended
            .iter()
            .map(|(group, &people)| {
                let speaking = spoken.get(group).copied().unwrap_or(0);
                (
                    *group,
                    share_ratio(speaking, speaking_seconds.total, people, attendees.total),
                )
            })
            .collect()
    };
    let share_ratio = RatioBreakdown {
        by_mode: ratios(&attendees.by_mode, &speaking_seconds.by_mode),
        by_stakeholder: ratios(&attendees.by_stakeholder, &speaking_seconds.by_stakeholder),
        by_region: ratios(&attendees.by_region, &speaking_seconds.by_region),
    };
    let seconds_per_attendee: Vec<f64> = attendees
        .by_stakeholder
        .iter()
        .filter(|(group, &people)| **group != Stakeholder::Unspecified.as_str() && people > 0)
        .map(|(group, &people)| {
            let speaking = speaking_seconds
                .by_stakeholder
                .get(group)
                .copied()
                .unwrap_or(0);
            speaking as f64 / people as f64
        })
        .collect();
    Balance {
        share_ratio,
        gini_over_stakeholders: gini(&seconds_per_attendee).map(rounded),
        turns_per_person: turns_per_person(attending_people, turns_by_speaker),
    }
}

/// `(speaking / all_speaking) / (attended / all_attended)`, rounded.
fn share_ratio(speaking: u64, all_speaking: u64, attended: u64, all_attended: u64) -> Option<f64> {
    if all_speaking == 0 || attended == 0 || all_attended == 0 {
        return None;
    }
    let speaking_share = speaking as f64 / all_speaking as f64;
    let attendance_share = attended as f64 / all_attended as f64;
    Some(rounded(speaking_share / attendance_share))
}

/// The Gini coefficient, `Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄)`: 0 for equal values.
/// `None` for fewer than two values or a zero mean.
pub fn gini(values: &[f64]) -> Option<f64> {
    let count = values.len();
    if count < 2 {
        return None;
    }
    let sum: f64 = values.iter().sum();
    if sum <= 0.0 {
        return None;
    }
    let mean = sum / count as f64;
    let differences: f64 = values
        .iter()
        .flat_map(|left| values.iter().map(move |right| (left - right).abs()))
        .sum();
    Some(differences / (2.0 * (count * count) as f64 * mean))
}

fn turns_per_person(
    attending_people: &HashSet<ParticipantId>,
    turns_by_speaker: &HashMap<TurnTaker, u64>,
) -> Vec<PeopleWithTurns> {
    let mut people_by_turns: BTreeMap<u64, u64> = BTreeMap::new();
    for participant in attending_people {
        let turns = turns_by_speaker
            .get(&TurnTaker::Participant(participant.clone()))
            .copied()
            .unwrap_or(0);
        *people_by_turns.entry(turns).or_default() += 1;
    }
    for (speaker, &turns) in turns_by_speaker {
        // Attendees are counted above; a participant who spoke without an
        // attendance span (staff given the floor, say) and room speakers
        // are counted here.
        let counted =
            matches!(speaker, TurnTaker::Participant(id) if attending_people.contains(id));
        if !counted {
            *people_by_turns.entry(turns).or_default() += 1;
        }
    }
    people_by_turns
        .into_iter()
        .map(|(turns, people)| PeopleWithTurns { turns, people })
        .collect()
}

fn rounded(value: f64) -> f64 {
    let scale = 10f64.powi(DECIMALS);
    (value * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::attributes::{Mode, Region};

    fn breakdown(entries: &[(Mode, Stakeholder, Region, u64)]) -> Breakdown {
        let mut breakdown = Breakdown::empty();
        for &(mode, stakeholder, region, amount) in entries {
            breakdown.add(mode, Some(stakeholder), Some(region), amount);
        }
        breakdown
    }

    #[test]
    fn gini_table() {
        let cases: [(&[f64], Option<f64>); 6] = [
            (&[], None),
            (&[5.0], None),
            (&[0.0, 0.0], None),
            (&[3.0, 3.0, 3.0], Some(0.0)),
            // One of two groups took everything: (|a−0|·2) / (2·4·a/2) = 0.5.
            (&[10.0, 0.0], Some(0.5)),
            // Four groups, one took everything: (n − 1) / n.
            (&[8.0, 0.0, 0.0, 0.0], Some(0.75)),
        ];
        for (values, expected) in cases {
            assert_eq!(gini(values), expected, "{values:?}");
        }
    }

    #[test]
    fn share_ratios_compare_speaking_with_attendance() {
        use Mode::*;
        use Region::*;
        use Stakeholder::*;
        // Three people online from civil society, one in the room from
        // government: the room spoke 60 s of 80.
        let attendees = breakdown(&[
            (Remote, CivilSociety, African, 3),
            (Onsite, Government, AsiaPacific, 1),
        ]);
        let spoken = breakdown(&[
            (Remote, CivilSociety, African, 20),
            (Onsite, Government, AsiaPacific, 60),
        ]);
        let balance = balance(&attendees, &spoken, &HashSet::new(), &HashMap::new());
        // Online: 25 % of the time for 75 % of the people.
        assert_eq!(balance.share_ratio.by_mode["remote"], Some(0.333));
        assert_eq!(balance.share_ratio.by_mode["onsite"], Some(3.0));
        assert_eq!(balance.share_ratio.by_stakeholder["government"], Some(3.0));
        // Nobody attended from academia: no ratio, rather than a division by zero.
        assert_eq!(balance.share_ratio.by_stakeholder["academia"], None);
        // Per attendee: civil society 20/3, government 60/1.
        let expected = gini(&[20.0 / 3.0, 60.0]).map(rounded);
        assert_eq!(balance.gini_over_stakeholders, expected);
        assert_eq!(expected, Some(0.4));

        let silent = balance_of_silence(&attendees);
        assert_eq!(silent.share_ratio.by_mode["remote"], None);
        assert_eq!(silent.gini_over_stakeholders, None);
    }

    fn balance_of_silence(attendees: &Breakdown) -> Balance {
        balance(
            attendees,
            &Breakdown::empty(),
            &HashSet::new(),
            &HashMap::new(),
        )
    }

    #[test]
    fn unspecified_is_left_out_of_the_gini() {
        use Mode::*;
        use Region::*;
        use Stakeholder::*;
        let attendees = breakdown(&[
            (Remote, CivilSociety, African, 1),
            (Remote, Academia, African, 1),
            (Remote, Stakeholder::Unspecified, African, 1),
        ]);
        let spoken = breakdown(&[
            (Remote, CivilSociety, African, 10),
            (Remote, Academia, African, 10),
            (Remote, Stakeholder::Unspecified, African, 100),
        ]);
        let balance = balance(&attendees, &spoken, &HashSet::new(), &HashMap::new());
        assert_eq!(balance.gini_over_stakeholders, Some(0.0));
    }

    #[test]
    fn turns_per_person_counts_people_never_names() {
        let person = |id: &str| ParticipantId(id.into());
        let attending: HashSet<ParticipantId> =
            ["p1", "p2", "p3", "p4"].into_iter().map(person).collect();
        let turns: HashMap<TurnTaker, u64> = [
            (TurnTaker::Participant(person("p1")), 2),
            (TurnTaker::Participant(person("p2")), 1),
            (TurnTaker::Room("Delegate of Kenya".into()), 1),
            // A moderator who took the floor, without attendance.
            (TurnTaker::Participant(person("staff")), 3),
        ]
        .into_iter()
        .collect();
        let balance = balance(&Breakdown::empty(), &Breakdown::empty(), &attending, &turns);
        let distribution: Vec<(u64, u64)> = balance
            .turns_per_person
            .iter()
            .map(|row| (row.turns, row.people))
            .collect();
        assert_eq!(distribution, [(0, 2), (1, 2), (2, 1), (3, 1)]);
    }
}
