//! The equity report of one session: who attended, who asked for the floor,
//! how long they waited, who spoke and for how long, and whose questions
//! were taken, each by mode (and for attendance and turns, by stakeholder
//! group and region).
//!
//! A pure function of what the store keeps (events, participants and
//! attendance spans) and `now`, so the live report and the one published
//! after the session are the same computation. Nobody is ranked: the
//! figures are counts per group, never per person.

use super::attributes::{Mode, Region, Stakeholder};
use super::balance::{balance, Balance, TurnTaker};
use super::event::{Event, EventBody};
use super::floor::LowerReason;
use super::ids::ParticipantId;
use super::polls::{PollTally, PollView};
use super::questions::QuestionStatus;
use super::session_info::SessionInfo;
use super::state::Participant;
use super::time::Millis;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// One connection's presence in the session, as attendance keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttendanceSpan {
    pub participant: ParticipantId,
    pub headcount: u32,
    pub joined_at: Millis,
    /// `None` while the connection is open.
    pub left_at: Option<Millis>,
}

/// Counts by mode, stakeholder group and region; every key is present.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Breakdown {
    pub total: u64,
    pub by_mode: BTreeMap<&'static str, u64>,
    pub by_stakeholder: BTreeMap<&'static str, u64>,
    pub by_region: BTreeMap<&'static str, u64>,
}

impl Breakdown {
    pub(super) fn empty() -> Breakdown {
        Breakdown {
            total: 0,
            by_mode: Mode::ALL.iter().map(|mode| (mode.as_str(), 0)).collect(),
            by_stakeholder: Stakeholder::ALL
                .iter()
                .map(|group| (group.as_str(), 0))
                .collect(),
            by_region: Region::ALL
                .iter()
                .map(|region| (region.as_str(), 0))
                .collect(),
        }
    }

    pub(super) fn add(
        &mut self,
        mode: Mode,
        stakeholder: Option<Stakeholder>,
        region: Option<Region>,
        amount: u64,
    ) {
        self.update(mode, stakeholder, region, |count| *count += amount);
    }

    fn subtract(
        &mut self,
        mode: Mode,
        stakeholder: Option<Stakeholder>,
        region: Option<Region>,
        amount: u64,
    ) {
        self.update(mode, stakeholder, region, |count| *count -= amount);
    }

    /// Applies `change` to the total and to the mode's, group's and
    /// region's counts (a room speaker whose group or region the chair did
    /// not give counts as `unspecified`, as one who prefers not to say).
    fn update(
        &mut self,
        mode: Mode,
        stakeholder: Option<Stakeholder>,
        region: Option<Region>,
        change: impl Fn(&mut u64),
    ) {
        change(&mut self.total);
        change(self.by_mode.entry(mode.as_str()).or_default());
        let stakeholder = stakeholder.unwrap_or(Stakeholder::Unspecified);
        change(self.by_stakeholder.entry(stakeholder.as_str()).or_default());
        let region = region.unwrap_or(Region::Unspecified);
        change(self.by_region.entry(region.as_str()).or_default());
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Attendance {
    /// Distinct participants who joined; a hub counts as its headcount.
    pub unique: Breakdown,
    /// The most people present at once, and when.
    pub peak: Breakdown,
    pub peak_at: Option<Millis>,
    /// The remote hubs that attended: confirmed ones count as their
    /// confirmed headcount above, unconfirmed ones as one person each, and
    /// how many people they claimed is shown here apart.
    pub hubs: HubAttendance,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct HubAttendance {
    /// Hubs whose headcount a moderator confirmed.
    pub confirmed: u64,
    /// The people the confirmed hubs stand for (counted in the figures).
    pub confirmed_people: u64,
    /// Hubs nobody confirmed: each counted as one person.
    pub unconfirmed: u64,
    /// The people the unconfirmed hubs claimed (not counted).
    pub unconfirmed_claimed_people: u64,
}

/// What became of the hands of one mode. `raised` always equals the sum of
/// the other five.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct HandCounts {
    pub raised: u64,
    pub served: u64,
    pub withdrew: u64,
    pub dropped: u64,
    pub lowered_by_moderator: u64,
    /// Still in the queue when the report was made.
    pub waiting: u64,
}

/// Seconds from raising a hand to getting the floor, over served hands.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct WaitFigures {
    pub served: u64,
    pub median_seconds: Option<f64>,
    pub max_seconds: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TurnFigures {
    pub turns: Breakdown,
    /// Speaking time in whole seconds, by the same groups.
    pub speaking_seconds: Breakdown,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct QuestionCounts {
    pub asked: u64,
    pub approved: u64,
    pub answered: u64,
    pub dismissed: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub session: SessionInfo,
    pub generated_at: Millis,
    pub attendance: Attendance,
    pub hands: BTreeMap<&'static str, HandCounts>,
    pub wait: BTreeMap<&'static str, WaitFigures>,
    pub turns: TurnFigures,
    pub questions: BTreeMap<&'static str, QuestionCounts>,
    /// Every closed show of hands and poll, with its final tally.
    pub polls: Vec<PollResult>,
    /// Speaking time against attendance, and turns per person.
    pub balance: Balance,
}

/// A closed poll in the report: what was asked, and its final tally (who
/// answered what, by mode, group and region; never by person).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PollResult {
    pub poll: PollView,
    pub tally: PollTally,
}

fn per_mode<T>(make: impl Fn() -> T) -> BTreeMap<&'static str, T> {
    Mode::ALL
        .iter()
        .map(|mode| (mode.as_str(), make()))
        .collect()
}

pub fn build_report(
    info: &SessionInfo,
    participants: &[Participant],
    attendance: &[AttendanceSpan],
    events: &[Event],
    now: Millis,
) -> Report {
    let by_id: HashMap<&ParticipantId, &Participant> = participants
        .iter()
        .map(|participant| (&participant.id, participant))
        .collect();
    let mut hands: BTreeMap<&'static str, HandCounts> = per_mode(HandCounts::default);
    let mut waits: BTreeMap<&'static str, Vec<i64>> = per_mode(Vec::new);
    let mut questions: BTreeMap<&'static str, QuestionCounts> = per_mode(QuestionCounts::default);
    let mut turns = TurnFigures {
        turns: Breakdown::empty(),
        speaking_seconds: Breakdown::empty(),
    };
    let mut question_modes: HashMap<u64, Mode> = HashMap::new();
    let mut open_turn: Option<(Mode, Option<Stakeholder>, Option<Region>, Millis)> = None;
    let mut speaking_millis: Vec<(Mode, Option<Stakeholder>, Option<Region>, i64)> = Vec::new();
    let mut waiting: HashMap<u64, Mode> = HashMap::new();
    let mut polls: BTreeMap<u64, PollView> = BTreeMap::new();
    let mut poll_results: Vec<PollResult> = Vec::new();
    let mut turns_by_speaker: HashMap<TurnTaker, u64> = HashMap::new();

    for event in events {
        match &event.body {
            EventBody::PollOpened { poll } | EventBody::PollUpdated { poll } => {
                polls.insert(poll.id, poll.clone());
            }
            // A published poll's final tally comes again; it is counted once.
            EventBody::PollResults { poll, tally, .. } => {
                if let Some(view) = polls.get(poll) {
                    poll_results.retain(|result| result.poll.id != *poll);
                    poll_results.push(PollResult {
                        poll: view.clone(),
                        tally: tally.clone(),
                    });
                }
            }
            EventBody::HandRaised { entry, .. } => {
                hands
                    .get_mut(entry.mode.as_str())
                    .expect("every mode")
                    .raised += 1;
                waiting.insert(entry.entry, entry.mode);
            }
            EventBody::HandLowered { entry, reason, .. } => {
                let Some(mode) = waiting.remove(entry) else {
                    continue;
                };
                let counts = hands.get_mut(mode.as_str()).expect("every mode");
                match reason {
                    LowerReason::Withdrew => counts.withdrew += 1,
                    LowerReason::Dropped => counts.dropped += 1,
                    LowerReason::LoweredByModerator => counts.lowered_by_moderator += 1,
                }
            }
            EventBody::FloorGranted { turn } => {
                let entry = &turn.entry;
                if waiting.remove(&entry.entry).is_some() {
                    hands
                        .get_mut(entry.mode.as_str())
                        .expect("every mode")
                        .served += 1;
                    waits
                        .get_mut(entry.mode.as_str())
                        .expect("every mode")
                        .push(turn.started_at.0 - entry.raised_at.0);
                }
                turns
                    .turns
                    .add(entry.mode, entry.stakeholder, entry.region, 1);
                let speaker = match &entry.participant {
                    Some(participant) => TurnTaker::Participant(participant.clone()),
                    None => TurnTaker::Room(entry.name.clone()),
                };
                *turns_by_speaker.entry(speaker).or_default() += 1;
                open_turn = Some((entry.mode, entry.stakeholder, entry.region, turn.started_at));
            }
            EventBody::FloorEnded {
                started_at,
                ended_at,
                ..
            } => {
                if let Some((mode, stakeholder, region, _)) = open_turn.take() {
                    speaking_millis.push((mode, stakeholder, region, ended_at.0 - started_at.0));
                }
            }
            EventBody::QuestionAsked { question } => {
                question_modes.insert(question.id, question.mode);
                let counts = questions
                    .get_mut(question.mode.as_str())
                    .expect("every mode");
                counts.asked += 1;
                if question.status.is_public() {
                    counts.approved += 1;
                }
            }
            EventBody::QuestionApproved { question } => {
                let mode = question_modes
                    .get(&question.id)
                    .copied()
                    .unwrap_or(question.mode);
                questions
                    .get_mut(mode.as_str())
                    .expect("every mode")
                    .approved += 1;
            }
            EventBody::QuestionStatusChanged {
                question, status, ..
            } => {
                let Some(mode) = question_modes.get(question) else {
                    continue;
                };
                let counts = questions.get_mut(mode.as_str()).expect("every mode");
                match status {
                    QuestionStatus::Answered => counts.answered += 1,
                    QuestionStatus::Dismissed => counts.dismissed += 1,
                    _ => {}
                }
            }
            _ => {}
        }
    }
    if let Some((mode, stakeholder, region, started_at)) = open_turn {
        speaking_millis.push((mode, stakeholder, region, now.0 - started_at.0));
    }
    for (mode, stakeholder, region, millis) in speaking_millis {
        let seconds = u64::try_from(millis.max(0)).unwrap_or(0) / 1000;
        turns
            .speaking_seconds
            .add(mode, stakeholder, region, seconds);
    }
    for mode in waiting.values() {
        hands.get_mut(mode.as_str()).expect("every mode").waiting += 1;
    }
    let wait = waits
        .into_iter()
        .map(|(mode, mut millis)| {
            millis.sort_unstable();
            let seconds = |value: i64| value as f64 / 1000.0;
            let median = match millis.len() {
                0 => None,
                length if length % 2 == 1 => Some(seconds(millis[length / 2])),
                length => {
                    Some((seconds(millis[length / 2 - 1]) + seconds(millis[length / 2])) / 2.0)
                }
            };
            let figures = WaitFigures {
                served: millis.len() as u64,
                median_seconds: median,
                max_seconds: millis.last().copied().map(seconds),
            };
            (mode, figures)
        })
        .collect();
    let attendance_figures = attendance_figures(&by_id, attendance, now);
    // People, not headcounts: a hub is one connection that can take the floor.
    let attending_people: HashSet<ParticipantId> = attendance
        .iter()
        .filter(|span| span.headcount > 0 && by_id.contains_key(&span.participant))
        .map(|span| span.participant.clone())
        .collect();
    let balance = balance(
        &attendance_figures.unique,
        &turns.speaking_seconds,
        &attending_people,
        &turns_by_speaker,
    );
    Report {
        session: info.clone(),
        generated_at: now,
        attendance: attendance_figures,
        hands,
        wait,
        turns,
        questions,
        polls: poll_results,
        balance,
    }
}

/// Unique and peak attendance. A participant counts once however many
/// connections they hold; a hub counts as its headcount.
fn attendance_figures(
    by_id: &HashMap<&ParticipantId, &Participant>,
    spans: &[AttendanceSpan],
    now: Millis,
) -> Attendance {
    let attributes = |id: &ParticipantId| {
        by_id.get(id).map(|participant| {
            (
                participant.mode,
                Some(participant.stakeholder),
                Some(participant.region),
            )
        })
    };
    let mut unique = Breakdown::empty();
    let mut largest_headcount: BTreeMap<&ParticipantId, u32> = BTreeMap::new();
    for span in spans {
        let largest = largest_headcount.entry(&span.participant).or_default();
        *largest = (*largest).max(span.headcount);
    }
    for (participant, headcount) in &largest_headcount {
        if let Some((mode, stakeholder, region)) = attributes(participant) {
            unique.add(mode, stakeholder, region, u64::from(*headcount));
        }
    }

    // A sweep over joins (+1) and leaves (-1); leaves sort first at equal
    // times, so a reconnect does not count twice.
    let mut changes: Vec<(i64, i32, &AttendanceSpan)> = Vec::new();
    for span in spans {
        changes.push((span.joined_at.0, 1, span));
        changes.push((span.left_at.unwrap_or(now).0, -1, span));
    }
    changes.sort_by_key(|(at, delta, _)| (*at, *delta));
    let mut open_connections: HashMap<&ParticipantId, (u32, u32)> = HashMap::new();
    let mut current = Breakdown::empty();
    let mut peak = Breakdown::empty();
    let mut peak_at = None;
    for (at, delta, span) in changes {
        let Some((mode, stakeholder, region)) = attributes(&span.participant) else {
            continue;
        };
        let (connections, counted) = open_connections.entry(&span.participant).or_default();
        if delta > 0 {
            *connections += 1;
            if *connections == 1 {
                *counted = span.headcount;
                current.add(mode, stakeholder, region, u64::from(span.headcount));
            }
        } else if *connections > 0 {
            *connections -= 1;
            if *connections == 0 {
                current.subtract(mode, stakeholder, region, u64::from(*counted));
            }
        }
        if current.total > peak.total {
            peak = current.clone();
            peak_at = Some(Millis(at));
        }
    }
    let mut hubs = HubAttendance::default();
    for participant in largest_headcount.keys() {
        let Some(hub) = by_id.get(participant).and_then(|known| known.hub.as_ref()) else {
            continue;
        };
        if hub.confirmed {
            hubs.confirmed += 1;
            hubs.confirmed_people += u64::from(hub.headcount);
        } else {
            hubs.unconfirmed += 1;
            hubs.unconfirmed_claimed_people += u64::from(hub.headcount);
        }
    }
    Attendance {
        unique,
        peak,
        peak_at,
        hubs,
    }
}

/// The report as CSV: `section,group,key,metric,value`, one figure a row.
pub fn report_csv(report: &Report) -> String {
    let mut rows = vec!["section,group,key,metric,value".to_owned()];
    let mut breakdown = |section: &str, metric: &str, figures: &Breakdown| {
        rows.push(format!("{section},all,all,{metric},{}", figures.total));
        for (group, values) in [
            ("mode", &figures.by_mode),
            ("stakeholder", &figures.by_stakeholder),
            ("region", &figures.by_region),
        ] {
            for (key, value) in values {
                rows.push(format!("{section},{group},{key},{metric},{value}"));
            }
        }
    };
    breakdown("attendance", "unique", &report.attendance.unique);
    breakdown("attendance", "peak", &report.attendance.peak);
    breakdown("turns", "turns", &report.turns.turns);
    breakdown("turns", "speaking_seconds", &report.turns.speaking_seconds);
    let hubs = &report.attendance.hubs;
    for (key, metric, value) in [
        ("confirmed", "hubs", hubs.confirmed),
        ("confirmed", "people", hubs.confirmed_people),
        ("unconfirmed", "hubs", hubs.unconfirmed),
        (
            "unconfirmed",
            "claimed_people",
            hubs.unconfirmed_claimed_people,
        ),
    ] {
        rows.push(format!("attendance,hubs,{key},{metric},{value}"));
    }
    for (mode, counts) in &report.hands {
        for (metric, value) in [
            ("raised", counts.raised),
            ("served", counts.served),
            ("withdrew", counts.withdrew),
            ("dropped", counts.dropped),
            ("lowered_by_moderator", counts.lowered_by_moderator),
            ("waiting", counts.waiting),
        ] {
            rows.push(format!("hands,mode,{mode},{metric},{value}"));
        }
    }
    for (mode, figures) in &report.wait {
        let format =
            |value: Option<f64>| value.map_or(String::new(), |seconds| format!("{seconds:.3}"));
        rows.push(format!("wait,mode,{mode},served,{}", figures.served));
        rows.push(format!(
            "wait,mode,{mode},median_seconds,{}",
            format(figures.median_seconds)
        ));
        rows.push(format!(
            "wait,mode,{mode},max_seconds,{}",
            format(figures.max_seconds)
        ));
    }
    for result in &report.polls {
        let id = result.poll.id;
        let tally = &result.tally;
        rows.push(format!("polls,poll,{id},present,{}", tally.present));
        rows.push(format!("polls,poll,{id},answered,{}", tally.answered));
        rows.push(format!(
            "polls,poll,{id},not_answered,{}",
            tally.not_answered.total
        ));
        for (option, counts) in result.poll.options.iter().zip(&tally.options) {
            let option = csv_field(option);
            rows.push(format!("polls,poll {id},{option},total,{}", counts.total));
            for (group, values) in [
                ("mode", &counts.by_mode),
                ("stakeholder", &counts.by_stakeholder),
                ("region", &counts.by_region),
            ] {
                for (key, value) in values {
                    rows.push(format!("polls,poll {id},{option},{group}:{key},{value}"));
                }
            }
        }
        if let Some(chair) = &tally.chair {
            for (option, count) in result.poll.options.iter().zip(chair) {
                rows.push(format!(
                    "polls,poll {id},{},chair_count,{count}",
                    csv_field(option)
                ));
            }
        }
    }
    let ratio = |value: &Option<f64>| value.map_or(String::new(), |ratio| ratio.to_string());
    for (group, values) in [
        ("mode", &report.balance.share_ratio.by_mode),
        ("stakeholder", &report.balance.share_ratio.by_stakeholder),
        ("region", &report.balance.share_ratio.by_region),
    ] {
        for (key, value) in values {
            rows.push(format!(
                "balance,{group},{key},share_ratio,{}",
                ratio(value)
            ));
        }
    }
    rows.push(format!(
        "balance,all,all,gini_over_stakeholders,{}",
        ratio(&report.balance.gini_over_stakeholders)
    ));
    for row in &report.balance.turns_per_person {
        rows.push(format!(
            "balance,turns_per_person,{},people,{}",
            row.turns, row.people
        ));
    }
    for (mode, counts) in &report.questions {
        for (metric, value) in [
            ("asked", counts.asked),
            ("approved", counts.approved),
            ("answered", counts.answered),
            ("dismissed", counts.dismissed),
        ] {
            rows.push(format!("questions,mode,{mode},{metric},{value}"));
        }
    }
    rows.push(String::new());
    rows.join("\n")
}

/// A text as one CSV field: quoted when it holds a comma, a quote or a line
/// break, with quotes doubled (RFC 4180); a text that a spreadsheet would
/// take for a formula (`=`, `+`, `-`, `@`) is kept as text with a leading
/// apostrophe.
pub(crate) fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}
