//! Durable events: what happened in a session, numbered by `seq`.
//!
//! Every event is stored before anyone is told of it, and a client that
//! resumes receives exactly the events after the last `seq` it saw.

use super::attributes::Role;
use super::captions::CaptionSpeaker;
use super::floor::{HandKind, LowerReason, QueueEntry, QueueSettings, Turn};
use super::ids::{InviteId, ParticipantId, Sender, Seq};
use super::moderation::ChatSettings;
use super::polls::{PollTally, PollView};
use super::questions::{QuestionStatus, QuestionView};
use super::session_info::SessionInfo;
use super::time::Millis;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    #[serde(flatten)]
    pub body: EventBody,
    pub seq: Seq,
    pub ts: Millis,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum EventBody {
    #[serde(rename = "chat.message")]
    ChatMessage { from: Sender, text: String },
    #[serde(rename = "session.updated")]
    SessionUpdated { session: SessionInfo },
    /// A finished caption line of one track.
    #[serde(rename = "caption.final")]
    CaptionFinal {
        lang: String,
        /// The line's id, shared with the `caption.partial` frames before it.
        line: u64,
        text: String,
        started_at: Millis,
        ended_at: Millis,
        /// Who was speaking when the line began; absent on lines stored
        /// before speakers were recorded, and when nobody held the floor and
        /// the session names no chair.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        speaker: Option<CaptionSpeaker>,
    },
    /// A captioner corrected who said a finished line.
    #[serde(rename = "caption.speaker")]
    CaptionSpeakerCorrected {
        lang: String,
        line: u64,
        speaker: CaptionSpeaker,
    },
    /// A hand went up, at `position` in the queue (0 is next).
    #[serde(rename = "hand.raised")]
    HandRaised { entry: QueueEntry, position: usize },
    #[serde(rename = "hand.lowered")]
    HandLowered {
        entry: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        participant: Option<ParticipantId>,
        reason: LowerReason,
    },
    /// The participant's connection dropped; their place is held.
    #[serde(rename = "hand.held")]
    HandHeld {
        entry: u64,
        participant: ParticipantId,
    },
    /// The participant came back within the grace period.
    #[serde(rename = "hand.restored")]
    HandRestored {
        entry: u64,
        participant: ParticipantId,
    },
    #[serde(rename = "queue.moved")]
    QueueMoved { entry: u64, position: usize },
    #[serde(rename = "queue.updated")]
    QueueUpdated {
        #[serde(flatten)]
        settings: QueueSettings,
    },
    #[serde(rename = "floor.granted")]
    FloorGranted { turn: Turn },
    #[serde(rename = "floor.ended")]
    FloorEnded {
        entry: u64,
        started_at: Millis,
        ended_at: Millis,
    },
    /// A question; a pre-moderated one reaches only moderators and the asker.
    #[serde(rename = "question.asked")]
    QuestionAsked { question: QuestionView },
    /// A pre-moderated question became public.
    #[serde(rename = "question.approved")]
    QuestionApproved { question: QuestionView },
    #[serde(rename = "question.upvoted")]
    QuestionUpvoted {
        question: u64,
        /// Who voted: kept so that a restart still refuses a second vote.
        by: ParticipantId,
        votes: u32,
    },
    /// Answering, answered or dismissed. `public` says whether everyone
    /// saw the question; a dismissed pending one is told to its asker only.
    #[serde(rename = "question.status")]
    QuestionStatusChanged {
        question: u64,
        asker: ParticipantId,
        status: QuestionStatus,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        public: bool,
    },
    #[serde(rename = "questions.updated")]
    QuestionsUpdated { premoderation: bool },
    #[serde(rename = "chat.updated")]
    ChatUpdated {
        #[serde(flatten)]
        settings: ChatSettings,
    },
    #[serde(rename = "chat.deleted")]
    ChatDeleted { message: Seq },
    /// An announcement pinned for everyone; `null` unpins it.
    #[serde(rename = "announcement.pinned")]
    AnnouncementPinned { text: Option<String> },
    #[serde(rename = "participant.removed")]
    ParticipantRemoved {
        participant: ParticipantId,
        banned: bool,
    },
    #[serde(rename = "participant.role")]
    RoleChanged {
        participant: ParticipantId,
        role: Role,
        /// True when a moderator (or the organiser) chose it with
        /// `participant.set_role`: such a role sticks across rejoins,
        /// whatever invite the person brings. False when revoking an
        /// invite took the role away.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        moderator_decided: bool,
    },
    /// A moderator lifted a participant's ban.
    #[serde(rename = "participant.unbanned")]
    ParticipantUnbanned { participant: ParticipantId },
    /// A moderator confirmed a hub's headcount: it counts as that many.
    #[serde(rename = "hub.confirmed")]
    HubConfirmed {
        participant: ParticipantId,
        headcount: u32,
    },
    /// The chair changed what a hand asks for, or refused its priority.
    #[serde(rename = "hand.kind")]
    HandKindChanged {
        entry: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        participant: Option<ParticipantId>,
        kind: HandKind,
        priority: bool,
    },
    /// The chair let a participant at the turn limit take one turn more.
    #[serde(rename = "queue.turn_allowed")]
    TurnAllowed { participant: ParticipantId },
    /// The organiser revoked an invite. One event says so to moderators,
    /// then one per holder tells that holder (`participant`), before the
    /// holder's `participant.role` or, for a room display, its close.
    #[serde(rename = "invite.revoked")]
    InviteRevoked {
        invite: InviteId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        participant: Option<ParticipantId>,
    },
    #[serde(rename = "poll.opened")]
    PollOpened { poll: PollView },
    /// A poll closed or its results were published.
    #[serde(rename = "poll.updated")]
    PollUpdated { poll: PollView },
    /// A closed poll's final tally: for everyone once its results are
    /// public, for moderators before.
    #[serde(rename = "poll.results")]
    PollResults {
        poll: u64,
        tally: PollTally,
        public: bool,
    },
}

/// Who receives an event. The shell filters by it; the bytes are the same
/// for everyone who receives them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventAudience {
    Everyone,
    /// Subscribers of one caption language.
    CaptionTrack(String),
    /// Moderators and room displays (which show who speaks next), and the
    /// participant the event is about (if any).
    ModeratorsAnd(Option<ParticipantId>),
    /// Moderators alone: what even the room's projector must not show yet,
    /// such as results held back until published.
    Moderators,
}

impl EventBody {
    /// The wire `type`, also stored in its own column for queries.
    pub fn type_name(&self) -> &'static str {
        match self {
            EventBody::ChatMessage { .. } => "chat.message",
            EventBody::SessionUpdated { .. } => "session.updated",
            EventBody::CaptionFinal { .. } => "caption.final",
            EventBody::CaptionSpeakerCorrected { .. } => "caption.speaker",
            EventBody::HandRaised { .. } => "hand.raised",
            EventBody::HandLowered { .. } => "hand.lowered",
            EventBody::HandHeld { .. } => "hand.held",
            EventBody::HandRestored { .. } => "hand.restored",
            EventBody::QueueMoved { .. } => "queue.moved",
            EventBody::QueueUpdated { .. } => "queue.updated",
            EventBody::FloorGranted { .. } => "floor.granted",
            EventBody::FloorEnded { .. } => "floor.ended",
            EventBody::QuestionAsked { .. } => "question.asked",
            EventBody::QuestionApproved { .. } => "question.approved",
            EventBody::QuestionUpvoted { .. } => "question.upvoted",
            EventBody::QuestionStatusChanged { .. } => "question.status",
            EventBody::QuestionsUpdated { .. } => "questions.updated",
            EventBody::ChatUpdated { .. } => "chat.updated",
            EventBody::ChatDeleted { .. } => "chat.deleted",
            EventBody::AnnouncementPinned { .. } => "announcement.pinned",
            EventBody::ParticipantRemoved { .. } => "participant.removed",
            EventBody::RoleChanged { .. } => "participant.role",
            EventBody::HubConfirmed { .. } => "hub.confirmed",
            EventBody::ParticipantUnbanned { .. } => "participant.unbanned",
            EventBody::HandKindChanged { .. } => "hand.kind",
            EventBody::TurnAllowed { .. } => "queue.turn_allowed",
            EventBody::InviteRevoked { .. } => "invite.revoked",
            EventBody::PollOpened { .. } => "poll.opened",
            EventBody::PollUpdated { .. } => "poll.updated",
            EventBody::PollResults { .. } => "poll.results",
        }
    }

    /// Whether the event changes the queue or who has the floor; everyone
    /// then receives a fresh `queue` summary.
    pub fn changes_floor(&self) -> bool {
        matches!(
            self,
            EventBody::HandRaised { .. }
                | EventBody::HandLowered { .. }
                | EventBody::HandHeld { .. }
                | EventBody::HandRestored { .. }
                | EventBody::QueueMoved { .. }
                | EventBody::QueueUpdated { .. }
                | EventBody::FloorGranted { .. }
                | EventBody::FloorEnded { .. }
                | EventBody::HandKindChanged { .. }
        )
    }

    /// Who receives this event. Queue details are for moderators and the
    /// person concerned (everyone sees the queue's length and order of
    /// anonymous entries); a pre-moderated question is for moderators and
    /// its asker until approved.
    /// The audience every event of this `type` has, when the type alone
    /// decides it, so that catch-up from the store can choose rows by
    /// their `type` column without parsing them; `None` when it depends on
    /// the event (its caption track, the participant concerned, whether a
    /// question is public).
    pub fn audience_of_kind(kind: &str) -> Option<EventAudience> {
        match kind {
            "caption.final"
            | "caption.speaker"
            | "hand.raised"
            | "hand.lowered"
            | "hand.held"
            | "hand.restored"
            | "hand.kind"
            | "queue.turn_allowed"
            | "participant.removed"
            | "question.asked"
            | "question.status"
            | "poll.results"
            | "invite.revoked" => None,
            "queue.moved" => Some(EventAudience::ModeratorsAnd(None)),
            _ => Some(EventAudience::Everyone),
        }
    }

    pub fn audience(&self) -> EventAudience {
        match self {
            EventBody::CaptionFinal { lang, .. }
            | EventBody::CaptionSpeakerCorrected { lang, .. } => {
                EventAudience::CaptionTrack(lang.clone())
            }
            EventBody::HandRaised { entry, .. } => {
                EventAudience::ModeratorsAnd(entry.participant.clone())
            }
            EventBody::HandLowered { participant, .. } => {
                EventAudience::ModeratorsAnd(participant.clone())
            }
            EventBody::HandKindChanged { participant, .. } => {
                EventAudience::ModeratorsAnd(participant.clone())
            }
            EventBody::HandHeld { participant, .. }
            | EventBody::HandRestored { participant, .. }
            | EventBody::TurnAllowed { participant }
            | EventBody::ParticipantRemoved { participant, .. } => {
                EventAudience::ModeratorsAnd(Some(participant.clone()))
            }
            EventBody::QueueMoved { .. } => EventAudience::ModeratorsAnd(None),
            EventBody::QuestionAsked { question } if !question.status.is_public() => {
                EventAudience::ModeratorsAnd(Some(question.from.id.clone()))
            }
            EventBody::QuestionStatusChanged {
                asker,
                public: false,
                ..
            } => EventAudience::ModeratorsAnd(Some(asker.clone())),
            EventBody::PollResults { public: false, .. } => EventAudience::Moderators,
            EventBody::InviteRevoked { participant, .. } => {
                EventAudience::ModeratorsAnd(participant.clone())
            }
            _ => EventAudience::Everyone,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_form_round_trips() {
        let event = Event {
            body: EventBody::ChatMessage {
                from: Sender {
                    id: ParticipantId("p1".into()),
                    name: "Ana".into(),
                    role: None,
                },
                text: "hello".into(),
            },
            seq: 7,
            ts: Millis(0),
        };
        let json = serde_json::to_string(&event).unwrap();
        assert_eq!(
            json,
            r#"{"type":"chat.message","from":{"id":"p1","name":"Ana"},"text":"hello","seq":7,"ts":"1970-01-01T00:00:00.000Z"}"#
        );
        let back: Event = serde_json::from_str(&json).unwrap();
        assert_eq!(back, event);
    }
}
