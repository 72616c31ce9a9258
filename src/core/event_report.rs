//! The event's participation figures across its sessions: unique people by
//! mode, stakeholder group and UN regional group, the hubs and their
//! headcounts, and a row of figures per session.
//!
//! A person is counted once however often they reconnect, in however many
//! tabs and sessions: within a session the core already keeps one
//! participant across reconnects (resume secret) and tabs (`client_id`),
//! and across sessions one browser's `client_id` names one person. A
//! participant without `client_id` is a person of their own in each
//! session. A hub counts as its largest headcount. Staff and room displays
//! attend nobody (their attendance headcount is 0). A pure function of
//! what the store keeps, like the session report it folds.

use super::attributes::{Region, Stakeholder};
use super::report::{AttendanceSpan, Report};
use super::state::Participant;
use super::time::Millis;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The modes the event's figures use: in the room, online alone, or in a
/// remote hub (counted by headcount).
pub const EVENT_MODES: [&str; 3] = ["onsite", "remote", "hub"];

/// What the store holds of one session, for the event's figures.
pub struct SessionRecords<'a> {
    pub report: &'a Report,
    pub participants: &'a [Participant],
    pub attendance: &'a [AttendanceSpan],
}

/// People counted once each, by mode, group and region, and by all three.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct UniquePeople {
    pub total: u64,
    pub by_mode: BTreeMap<&'static str, u64>,
    pub by_stakeholder: BTreeMap<&'static str, u64>,
    pub by_region: BTreeMap<&'static str, u64>,
    /// Every non-zero combination of mode, group and region.
    pub cells: Vec<Cell>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub mode: &'static str,
    pub stakeholder: &'static str,
    pub region: &'static str,
    pub count: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HubFigures {
    pub name: String,
    pub headcount: u32,
    /// The sessions it attended.
    pub sessions: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SessionFigures {
    pub id: String,
    pub title: String,
    pub state: &'static str,
    pub peak: u64,
    pub unique: u64,
    pub hands: u64,
    pub turns: u64,
    pub speaking_seconds_onsite: u64,
    pub speaking_seconds_remote: u64,
    pub questions_asked: u64,
    /// Approved by a moderator for the room.
    pub questions_forwarded: u64,
    pub questions_answered: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventReport {
    pub generated_at: Millis,
    pub participants: UniquePeople,
    pub hubs: Vec<HubFigures>,
    pub sessions: Vec<SessionFigures>,
}

/// One person's attendance as far as the event's figures go.
struct Person<'a> {
    /// The participant of their latest join: their latest attributes.
    latest: &'a Participant,
    latest_join: Millis,
    largest_headcount: u32,
    sessions: std::collections::BTreeSet<&'a str>,
}

fn person_key(session: &str, participant: &Participant) -> String {
    match &participant.client_id {
        Some(client_id) => format!("client:{client_id}"),
        None => format!("session:{session}:{}", participant.id),
    }
}

pub fn build_event_report(sessions: &[SessionRecords<'_>], now: Millis) -> EventReport {
    let mut people: HashMap<String, Person<'_>> = HashMap::new();
    for records in sessions {
        let session = records.report.session.id.as_str();
        let by_id: HashMap<_, _> = records
            .participants
            .iter()
            .map(|participant| (&participant.id, participant))
            .collect();
        for span in records.attendance.iter().filter(|span| span.headcount > 0) {
            let Some(participant) = by_id.get(&span.participant) else {
                continue;
            };
            let person = people
                .entry(person_key(session, participant))
                .or_insert(Person {
                    latest: participant,
                    latest_join: span.joined_at,
                    largest_headcount: 0,
                    sessions: Default::default(),
                });
            if span.joined_at >= person.latest_join {
                person.latest = participant;
                person.latest_join = span.joined_at;
            }
            person.largest_headcount = person.largest_headcount.max(span.headcount);
            person.sessions.insert(session);
        }
    }

    let mut unique = UniquePeople {
        by_mode: EVENT_MODES.iter().map(|mode| (*mode, 0)).collect(),
        by_stakeholder: Stakeholder::ALL
            .iter()
            .map(|group| (group.as_str(), 0))
            .collect(),
        by_region: Region::ALL
            .iter()
            .map(|region| (region.as_str(), 0))
            .collect(),
        ..UniquePeople::default()
    };
    let mut cells: BTreeMap<(&'static str, &'static str, &'static str), u64> = BTreeMap::new();
    let mut hubs = Vec::new();
    for person in people.values() {
        let participant = person.latest;
        let (mode, count) = match &participant.hub {
            Some(hub) => {
                hubs.push(HubFigures {
                    name: hub.name.clone(),
                    headcount: person.largest_headcount,
                    sessions: person.sessions.len() as u64,
                });
                ("hub", u64::from(person.largest_headcount))
            }
            None => (participant.mode.as_str(), 1),
        };
        let stakeholder = participant.stakeholder.as_str();
        let region = participant.region.as_str();
        unique.total += count;
        *unique.by_mode.entry(mode).or_default() += count;
        *unique.by_stakeholder.entry(stakeholder).or_default() += count;
        *unique.by_region.entry(region).or_default() += count;
        *cells.entry((mode, stakeholder, region)).or_default() += count;
    }
    unique.cells = cells
        .into_iter()
        .map(|((mode, stakeholder, region), count)| Cell {
            mode,
            stakeholder,
            region,
            count,
        })
        .collect();
    hubs.sort_by(|a, b| (&a.name, a.headcount).cmp(&(&b.name, b.headcount)));

    let sessions = sessions
        .iter()
        .map(|records| session_figures(records.report))
        .collect();
    EventReport {
        generated_at: now,
        participants: unique,
        hubs,
        sessions,
    }
}

fn session_figures(report: &Report) -> SessionFigures {
    let speaking = &report.turns.speaking_seconds.by_mode;
    let questions =
        |pick: fn(&super::report::QuestionCounts) -> u64| report.questions.values().map(pick).sum();
    SessionFigures {
        id: report.session.id.clone(),
        title: report.session.title.clone(),
        state: report.session.state.as_str(),
        peak: report.attendance.peak.total,
        unique: report.attendance.unique.total,
        hands: report.hands.values().map(|hands| hands.raised).sum(),
        turns: report.turns.turns.total,
        speaking_seconds_onsite: speaking.get("onsite").copied().unwrap_or(0),
        speaking_seconds_remote: speaking.get("remote").copied().unwrap_or(0),
        questions_asked: questions(|counts| counts.asked),
        questions_forwarded: questions(|counts| counts.approved),
        questions_answered: questions(|counts| counts.answered),
    }
}

/// The event's figures as CSV: `section,key,metric,value`, one figure a
/// row (`participants,<mode>|<group>|<region>,unique,<n>` for each cell;
/// `hub,<name>,headcount|sessions,<n>`; `session,<id>,<figure>,<n>`).
pub fn event_report_csv(report: &EventReport) -> String {
    let field = super::report::csv_field;
    let mut rows = vec!["section,key,metric,value".to_owned()];
    rows.push(format!(
        "participants,all,unique,{}",
        report.participants.total
    ));
    for (group, values) in [
        ("mode", &report.participants.by_mode),
        ("stakeholder", &report.participants.by_stakeholder),
        ("region", &report.participants.by_region),
    ] {
        for (key, value) in values {
            rows.push(format!("participants,{group}:{key},unique,{value}"));
        }
    }
    for cell in &report.participants.cells {
        rows.push(format!(
            "participants,{}|{}|{},unique,{}",
            cell.mode, cell.stakeholder, cell.region, cell.count
        ));
    }
    for hub in &report.hubs {
        rows.push(format!(
            "hub,{},headcount,{}",
            field(&hub.name),
            hub.headcount
        ));
        rows.push(format!(
            "hub,{},sessions,{}",
            field(&hub.name),
            hub.sessions
        ));
    }
    for session in &report.sessions {
        let id = &session.id;
        for (metric, value) in [
            ("peak", session.peak),
            ("unique", session.unique),
            ("hands", session.hands),
            ("turns", session.turns),
            ("speaking_seconds_onsite", session.speaking_seconds_onsite),
            ("speaking_seconds_remote", session.speaking_seconds_remote),
            ("questions_asked", session.questions_asked),
            ("questions_forwarded", session.questions_forwarded),
            ("questions_answered", session.questions_answered),
        ] {
            rows.push(format!("session,{id},{metric},{value}"));
        }
    }
    rows.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{build_report, Hub, Mode, ParticipantId, Role, SecretDigest, SessionInfo};

    fn participant(id: &str, client: Option<&str>, mode: Mode, hub: Option<u32>) -> Participant {
        Participant {
            id: ParticipantId(id.into()),
            client_id: client.map(Into::into),
            name: id.into(),
            role: Role::Participant,
            mode,
            stakeholder: Stakeholder::CivilSociety,
            region: Region::African,
            hub: hub.map(|headcount| Hub {
                name: "Nairobi hub".into(),
                headcount,
                confirmed: true,
            }),
            secret_digest: SecretDigest("d".into()),
            invite: None,
        }
    }

    fn span(id: &str, headcount: u32, joined: i64, left: Option<i64>) -> AttendanceSpan {
        AttendanceSpan {
            participant: ParticipantId(id.into()),
            headcount,
            joined_at: Millis(joined),
            left_at: left.map(Millis),
        }
    }

    fn info(id: &str) -> SessionInfo {
        SessionInfo {
            id: id.into(),
            ..crate::core::test_support::live_info()
        }
    }

    fn figures(sessions: &[(SessionInfo, Vec<Participant>, Vec<AttendanceSpan>)]) -> EventReport {
        let reports: Vec<Report> = sessions
            .iter()
            .map(|(info, participants, spans)| {
                build_report(info, participants, spans, &[], Millis(100))
            })
            .collect();
        let records: Vec<SessionRecords<'_>> = sessions
            .iter()
            .zip(&reports)
            .map(|((_, participants, attendance), report)| SessionRecords {
                report,
                participants,
                attendance,
            })
            .collect();
        build_event_report(&records, Millis(100))
    }

    #[test]
    fn a_person_counts_once_across_reconnects_tabs_and_sessions() {
        let ana = participant("p1", Some("browser-ana"), Mode::Remote, None);
        let ana_later = participant("p4", Some("browser-ana"), Mode::Onsite, None);
        let ben = participant("p2", None, Mode::Remote, None);
        let ben_elsewhere = participant("p1", None, Mode::Remote, None);
        let report = figures(&[
            (
                info("a"),
                vec![ana.clone(), ben],
                vec![
                    // Two reconnects and two tabs of Ana, Ben once.
                    span("p1", 1, 1, Some(5)),
                    span("p1", 1, 6, Some(9)),
                    span("p1", 1, 7, None),
                    span("p2", 1, 2, None),
                ],
            ),
            (
                info("b"),
                vec![ana_later, ben_elsewhere],
                // Ana again, in the room this time; a stranger without client_id.
                vec![span("p4", 1, 20, None), span("p1", 1, 21, None)],
            ),
        ]);
        assert_eq!(
            report.participants.total, 3,
            "Ana once, Ben and the stranger"
        );
        assert_eq!(
            report.participants.by_mode["onsite"], 1,
            "Ana's latest mode"
        );
        assert_eq!(report.participants.by_mode["remote"], 2);
        assert_eq!(report.participants.by_stakeholder["civil_society"], 3);
        assert_eq!(report.participants.by_region["african"], 3);
        let cells: u64 = report
            .participants
            .cells
            .iter()
            .map(|cell| cell.count)
            .sum();
        assert_eq!(cells, 3, "the cells add up to the total");
        assert_eq!(report.sessions.len(), 2);
        assert_eq!(report.sessions[0].unique, 2);
    }

    #[test]
    fn a_hub_counts_as_its_largest_headcount_once_and_staff_count_nobody() {
        let hub = participant("p1", Some("hub-browser"), Mode::Remote, Some(25));
        let mut chair = participant("p2", Some("chair-browser"), Mode::Onsite, None);
        chair.role = Role::Moderator;
        let report = figures(&[
            (
                info("a"),
                vec![hub.clone(), chair.clone()],
                vec![
                    span("p1", 20, 1, Some(3)),
                    span("p1", 25, 4, None),
                    span("p2", 0, 1, None),
                ],
            ),
            (info("b"), vec![hub], vec![span("p1", 25, 10, None)]),
        ]);
        assert_eq!(report.participants.total, 25);
        assert_eq!(report.participants.by_mode["hub"], 25);
        assert_eq!(
            report.participants.by_mode["onsite"], 0,
            "the chair is staff"
        );
        assert_eq!(
            report.hubs,
            vec![HubFigures {
                name: "Nairobi hub".into(),
                headcount: 25,
                sessions: 2
            }]
        );
        let csv = event_report_csv(&report);
        assert!(csv.contains("participants,mode:hub,unique,25\n"), "{csv}");
        assert!(csv.contains("hub,Nairobi hub,headcount,25\n"), "{csv}");
        assert!(csv.contains("session,a,peak,25\n"), "{csv}");
    }
}
