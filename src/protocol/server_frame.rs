//! Building server frames as JSON text. Shared frames (events, presence) are
//! built once and sent to every receiver; per-recipient frames (`welcome`,
//! `ack`, `error`) are built for one connection.

use super::error_code::ErrorCode;
use super::frame::CommandId;
use crate::core::{
    CaptionPartial, Event, Floor, Moderation, PollTally, PollView, PollVoter, PresenceChanges,
    PresenceCounts, QuestionView, QueueEntry, QueueSettings, Report, RosterEntry, Seq, SessionInfo,
    Turn,
};
use crate::hub::Viewer;
use serde::Serialize;
use serde_json::value::RawValue;

/// The protocol version announced in `welcome`.
pub const PROTOCOL_VERSION: u32 = 1;

pub fn event(event: &Event) -> String {
    serde_json::to_string(event).expect("events always serialize")
}

pub fn ack(id: Option<&CommandId>, seq: Seq) -> String {
    match id {
        Some(id) => format!(r#"{{"type":"ack","id":{},"seq":{seq}}}"#, id.0),
        None => format!(r#"{{"type":"ack","seq":{seq}}}"#),
    }
}

pub fn error(id: Option<&CommandId>, code: ErrorCode, message: &str) -> String {
    let message = serde_json::to_string(message).expect("strings serialize");
    match id {
        Some(id) => format!(
            r#"{{"type":"error","id":{},"code":"{}","message":{message}}}"#,
            id.0,
            code.as_str()
        ),
        None => format!(
            r#"{{"type":"error","code":"{}","message":{message}}}"#,
            code.as_str()
        ),
    }
}

pub fn pong(id: Option<&CommandId>) -> String {
    match id {
        Some(id) => format!(r#"{{"type":"pong","id":{}}}"#, id.0),
        None => r#"{"type":"pong"}"#.to_owned(),
    }
}

/// A caption line still being written, for one track's subscribers.
pub fn caption_partial(partial: &CaptionPartial) -> String {
    serde_json::to_string(&PartialFrame::of(partial)).expect("partials serialize")
}

/// A `caption.partial` frame, alone or inside a snapshot.
#[derive(Serialize)]
struct PartialFrame<'a> {
    r#type: &'static str,
    #[serde(flatten)]
    partial: &'a CaptionPartial,
}

impl<'a> PartialFrame<'a> {
    fn of(partial: &'a CaptionPartial) -> PartialFrame<'a> {
        PartialFrame {
            r#type: "caption.partial",
            partial,
        }
    }
}

/// What a connection sees of its caption tracks on joining or changing
/// tracks: the last finished lines (as `caption.final` events) and the
/// lines still being written.
#[derive(Serialize)]
pub struct CaptionSnapshot {
    pub tracks: Vec<String>,
    /// Serialized `caption.final` events, oldest first per track.
    #[serde(serialize_with = "as_raw_json")]
    pub recent: Vec<String>,
    #[serde(serialize_with = "as_partial_frames")]
    pub partial: Vec<CaptionPartial>,
}

/// Already serialized events, embedded as they are.
fn as_raw_json<S: serde::Serializer>(events: &[String], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(
        events
            .iter()
            .map(|json| serde_json::from_str::<&RawValue>(json).expect("events are JSON")),
    )
}

fn as_partial_frames<S: serde::Serializer>(
    partials: &[CaptionPartial],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(partials.iter().map(PartialFrame::of))
}

/// The answer to `captions.subscribe`, before its `ack`.
pub fn captions_snapshot(snapshot: &CaptionSnapshot) -> String {
    #[derive(Serialize)]
    struct Frame<'a> {
        r#type: &'static str,
        #[serde(flatten)]
        snapshot: &'a CaptionSnapshot,
    }
    serde_json::to_string(&Frame {
        r#type: "captions.snapshot",
        snapshot,
    })
    .expect("snapshots serialize")
}

/// The answer to `snapshot.more`, before its `ack`: the next page of a list
/// a `welcome` carried only in part, and whether there is more after it.
pub fn snapshot_page<T: Serialize>(part: &'static str, items: &[T], more: bool) -> String {
    #[derive(Serialize)]
    struct Frame<'a, T> {
        r#type: &'static str,
        part: &'static str,
        items: &'a [T],
        more: bool,
    }
    serde_json::to_string(&Frame {
        r#type: "snapshot.page",
        part,
        items,
        more,
    })
    .expect("pages serialize")
}

/// The queue as everyone sees it after a change: its settings and the
/// order of entry ids (no names). A participant finds their own place by
/// the entry id their `hand.raised` carried.
pub fn queue_summary(floor: &Floor) -> String {
    #[derive(Serialize)]
    struct Frame<'a> {
        r#type: &'static str,
        #[serde(flatten)]
        settings: &'a QueueSettings,
        order: Vec<u64>,
        speaker: Option<&'a Turn>,
    }
    serde_json::to_string(&Frame {
        r#type: "queue",
        settings: floor.settings(),
        order: floor.queue().iter().map(|entry| entry.entry).collect(),
        speaker: floor.speaker(),
    })
    .expect("queue summaries serialize")
}

/// The floor in `welcome`: every entry for moderators, otherwise the order
/// of ids and the viewer's own entry.
#[derive(Serialize)]
pub struct FloorSnapshot<'a> {
    #[serde(flatten)]
    settings: &'a QueueSettings,
    order: Vec<u64>,
    your_entry: Option<&'a QueueEntry>,
    speaker: Option<&'a Turn>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entries: Option<&'a [QueueEntry]>,
}

impl<'a> FloorSnapshot<'a> {
    pub fn of(floor: &'a Floor, viewer: &Viewer) -> FloorSnapshot<'a> {
        FloorSnapshot {
            settings: floor.settings(),
            order: floor.queue().iter().map(|entry| entry.entry).collect(),
            your_entry: floor.entry_of(&viewer.participant),
            speaker: floor.speaker(),
            entries: viewer.role.sees_queue_details().then(|| floor.queue()),
        }
    }
}

/// The answer to `report.request`.
pub fn report(id: Option<&CommandId>, report: &Report) -> String {
    #[derive(Serialize)]
    struct Frame<'a> {
        r#type: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        id: Option<&'a serde_json::value::RawValue>,
        report: &'a Report,
    }
    let id = id.and_then(|id| serde_json::from_str::<&RawValue>(&id.0).ok());
    serde_json::to_string(&Frame {
        r#type: "report",
        id,
        report,
    })
    .expect("reports serialize")
}

/// The counts everyone receives, at most once per presence period.
/// An open poll's tally as it stands: sent at most once per tally period
/// while it changes, to everyone if its results are public, else to
/// moderators. Never stored; a closed poll's final tally is the stored
/// `poll.results` event.
pub fn poll_tally(poll: &PollView, tally: &PollTally) -> String {
    #[derive(Serialize)]
    struct Frame<'a> {
        r#type: &'static str,
        poll: u64,
        tally: &'a PollTally,
        public: bool,
    }
    serde_json::to_string(&Frame {
        r#type: "poll.tally",
        poll: poll.id,
        tally,
        public: poll.results_are_public(),
    })
    .expect("a tally serializes")
}

/// Who chose what in a named poll: moderators only.
pub fn poll_voters(poll: u64, voters: &[PollVoter]) -> String {
    #[derive(Serialize)]
    struct Frame<'a> {
        r#type: &'static str,
        poll: u64,
        voters: &'a [PollVoter],
    }
    serde_json::to_string(&Frame {
        r#type: "poll.voters",
        poll,
        voters,
    })
    .expect("voters serialize")
}

pub fn presence(counts: &PresenceCounts) -> String {
    #[derive(Serialize)]
    struct Presence<'a> {
        r#type: &'static str,
        #[serde(flatten)]
        counts: &'a PresenceCounts,
    }
    serde_json::to_string(&Presence {
        r#type: "presence",
        counts,
    })
    .expect("presence serializes")
}

/// The roster changes moderators receive, in the same period.
pub fn presence_diff(changes: &PresenceChanges) -> String {
    #[derive(Serialize)]
    struct Diff<'a> {
        r#type: &'static str,
        joins: &'a [RosterEntry],
        leaves: &'a [crate::core::ParticipantId],
    }
    let diff = Diff {
        r#type: "presence.diff",
        joins: &changes.roster_joins,
        leaves: &changes.roster_leaves,
    };
    serde_json::to_string(&diff).expect("diffs serialize")
}

/// Everything `welcome` says; see `docs/PROTOCOL.md`.
pub struct Welcome<'a> {
    pub participant: &'a RosterEntry,
    pub resume_secret: &'a str,
    /// True when the events after `resume_from` follow this frame.
    pub resumed: bool,
    /// True when `client_id` and `resume_secret` restored an earlier participant.
    pub restored: bool,
    pub session: &'a SessionInfo,
    pub seq: Seq,
    pub presence: &'a PresenceCounts,
    /// The recent chat, already serialized as a JSON array of events.
    pub chat: &'a RawValue,
    pub captions: &'a CaptionSnapshot,
    pub floor: &'a FloorSnapshot<'a>,
    /// The newest questions this participant may see (see `welcome.rs`).
    pub questions: &'a [&'a QuestionView],
    /// How many questions this participant may see in all.
    pub questions_total: usize,
    /// Every poll of the session, as this participant may see it.
    pub polls: &'a [PollSnapshot<'a>],
    pub moderation: &'a Moderation,
    pub premoderated: bool,
    /// Only for moderators: the first page of the people present.
    pub roster: Option<&'a [RosterEntry]>,
    /// Only for moderators: how many people are present in all.
    pub roster_total: Option<usize>,
    pub limits: &'a Limits,
}

/// A poll in a `welcome`: its final tally once closed (if this viewer may
/// see it), this participant's own answer or hub count while it is open,
/// and for a moderator of a named poll who chose what. An open poll's
/// tally follows in the next `poll.tally`.
#[derive(Serialize)]
pub struct PollSnapshot<'a> {
    pub poll: &'a PollView,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tally: Option<&'a PollTally>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub your_counts: Option<&'a Vec<u32>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voters: Option<Vec<PollVoter>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Limits {
    pub frame_max_bytes: usize,
    pub chat_max_chars: usize,
    pub name_max_chars: usize,
    pub caption_line_max_chars: usize,
}

pub fn welcome(welcome: &Welcome<'_>) -> String {
    #[derive(Serialize)]
    struct Snapshot<'a> {
        presence: &'a PresenceCounts,
        chat: &'a RawValue,
        captions: &'a CaptionSnapshot,
        floor: &'a FloorSnapshot<'a>,
        questions: &'a [&'a QuestionView],
        questions_total: usize,
        questions_premoderated: bool,
        polls: &'a [PollSnapshot<'a>],
        chat_settings: &'a crate::core::ChatSettings,
        announcement: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        roster: Option<&'a [RosterEntry]>,
        #[serde(skip_serializing_if = "Option::is_none")]
        roster_total: Option<usize>,
    }
    #[derive(Serialize)]
    struct Frame<'a> {
        r#type: &'static str,
        protocol: u32,
        participant: &'a RosterEntry,
        resume_secret: &'a str,
        resumed: bool,
        restored: bool,
        session: &'a SessionInfo,
        seq: Seq,
        snapshot: Snapshot<'a>,
        limits: &'a Limits,
    }
    let frame = Frame {
        r#type: "welcome",
        protocol: PROTOCOL_VERSION,
        participant: welcome.participant,
        resume_secret: welcome.resume_secret,
        resumed: welcome.resumed,
        restored: welcome.restored,
        session: welcome.session,
        seq: welcome.seq,
        snapshot: Snapshot {
            presence: welcome.presence,
            chat: welcome.chat,
            captions: welcome.captions,
            floor: welcome.floor,
            questions: welcome.questions,
            questions_total: welcome.questions_total,
            questions_premoderated: welcome.premoderated,
            polls: welcome.polls,
            chat_settings: welcome.moderation.chat_settings(),
            announcement: welcome.moderation.announcement(),
            roster: welcome.roster,
            roster_total: welcome.roster_total,
        },
        limits: welcome.limits,
    };
    serde_json::to_string(&frame).expect("welcome serializes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_frames_are_valid_json() {
        let id = CommandId("\"c1\"".into());
        for text in [
            ack(Some(&id), 3),
            ack(None, 3),
            error(Some(&id), ErrorCode::TooLarge, "quote \" and newline \n"),
            error(None, ErrorCode::BadJson, "x"),
            pong(Some(&id)),
            presence(&PresenceCounts::default()),
        ] {
            let value: serde_json::Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert!(value["type"].is_string(), "{text}");
        }
        let value: serde_json::Value =
            serde_json::from_str(&error(Some(&id), ErrorCode::TooLarge, "a\"b")).unwrap();
        assert_eq!(value["id"], "c1");
        assert_eq!(value["code"], "too_large");
        assert_eq!(value["message"], "a\"b");
        let value: serde_json::Value =
            serde_json::from_str(&presence(&PresenceCounts::default())).unwrap();
        assert_eq!(value["by_region"]["latin_american_caribbean"], 0);
    }
}
