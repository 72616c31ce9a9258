//! What can be asked of a session, and by whom.

use super::attributes::{Hub, Mode, Region, Role, Stakeholder};
use super::floor::{HandKind, QueuePolicy};
use super::ids::{ConnectionId, InviteId, ParticipantId, SecretDigest, Seq};
use super::moderation::ChatMode;
use super::polls::{PollKind, PollResultsShown};
use super::rules::captions::SpeakerCorrection;
use super::session_info::{SessionLinks, SessionState};
use super::time::Millis;
use serde::{Deserialize, Serialize};

/// Who sent a command. Preconditions on the actor are checked by the core,
/// not by the caller, so that every rule about roles lives in one place.
///
/// It serializes (externally tagged, snake case) so that cluster mode can
/// replicate it in the command log: `{"connection":"c1"}`, `"admin"`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// A WebSocket connection; the core knows which participant it belongs
    /// to once it has joined.
    Connection(ConnectionId),
    /// The organiser, through the admin HTTP API.
    Admin,
    /// An HTTP caption client whose captioner invite the shell has verified
    /// (signature, session, role and expiry).
    CaptionApi(InviteId),
    /// The hub itself, on a timer.
    Server,
}

/// One thing asked of a session.
///
/// It serializes (externally tagged, snake case) so that cluster mode can
/// replicate it in the command log: `{"chat_send":{"text":"hi"}}`, `"leave"`.
/// This is the log's format, not the client protocol, which
/// `protocol::frame` parses on its own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    Join(JoinRequest),
    /// The connection closed or stopped answering pings.
    Leave,
    ChatSend {
        text: String,
    },
    UpdateSession(SessionChanges),
    /// `caption.push` over WebSocket: `text` is the whole open line.
    CaptionPush {
        lang: String,
        text: String,
        is_final: bool,
    },
    /// A Zoom-style HTTP caption post: `body` is appended, `\n` ends a line.
    /// `lang: None` means the session's floor language.
    CaptionPost {
        lang: Option<String>,
        body: String,
        post_seq: u64,
    },
    /// The owner's timer: finishes idle appended caption lines and drops
    /// held queue places whose grace period is over.
    Tick,
    /// Raise or lower one's own hand. A plain raise asks to speak.
    HandRaise,
    /// Raise one's hand for something in particular, with a topic note.
    HandRaiseWith {
        #[serde(default)]
        kind: HandKind,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        topic: Option<String>,
    },
    HandLower,
    /// A moderator adds someone who raised a hand in the room.
    QueueAddOnsite {
        name: String,
        stakeholder: Option<Stakeholder>,
        region: Option<Region>,
    },
    /// A moderator lowers one hand, or all.
    QueueLower {
        entry: u64,
    },
    QueueLowerAll,
    QueueMove {
        entry: u64,
        position: usize,
    },
    /// Open or close the queue, change its policy, hold grace period,
    /// replies, turns per person or default speaking limit. `None` leaves a
    /// setting as it is; for the two limits `Some(None)` removes the limit.
    QueueConfigure {
        open: Option<bool>,
        policy: Option<QueuePolicy>,
        hold_grace_seconds: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        replies: Option<bool>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "present_or_null"
        )]
        max_turns: Option<Option<u32>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "present_or_null"
        )]
        default_limit_seconds: Option<Option<u32>>,
    },
    /// The chair changes what a hand asks for.
    QueueSetKind {
        entry: u64,
        kind: HandKind,
    },
    /// The chair refuses a point of order's or a reply's priority.
    QueueRefusePriority {
        entry: u64,
    },
    /// The chair lets a participant at the turn limit take one more turn.
    QueueAllowTurn {
        participant: ParticipantId,
    },
    FloorGrant {
        entry: u64,
        limit_seconds: Option<u32>,
    },
    FloorEnd,
    QuestionAsk {
        text: String,
    },
    QuestionUpvote {
        question: u64,
    },
    QuestionModerate {
        question: u64,
        action: QuestionAction,
    },
    QuestionsConfigure {
        premoderation: bool,
    },
    ChatConfigure {
        mode: ChatMode,
        slow_seconds: Option<u32>,
    },
    ChatDelete {
        message: Seq,
    },
    /// Pin an announcement, or unpin with `None`.
    AnnouncementPin {
        text: Option<String>,
    },
    ParticipantRemove {
        participant: ParticipantId,
        ban: bool,
    },
    ParticipantSetRole {
        participant: ParticipantId,
        role: Role,
    },
    /// A moderator lifts a participant's ban: they (their device, their
    /// invite) may join again.
    ParticipantUnban {
        participant: ParticipantId,
    },
    /// A moderator confirms how many people a remote hub stands for.
    HubConfirm {
        participant: ParticipantId,
        headcount: u32,
    },
    /// A moderator opens a show of hands or a poll.
    PollOpen(PollSpec),
    /// A participant's answer: the options chosen (indices), which replace
    /// any earlier answer of theirs.
    PollAnswer {
        poll: u64,
        choices: Vec<u32>,
    },
    /// A remote hub's count of its people per option, up to its headcount.
    PollHubCount {
        poll: u64,
        counts: Vec<u32>,
    },
    /// The chair's count of hands in the room per option, for people
    /// without a device.
    PollChairCount {
        poll: u64,
        counts: Vec<u32>,
    },
    PollClose {
        poll: u64,
    },
    /// Makes a poll's results public (those held back until published).
    PollPublish {
        poll: u64,
    },
    /// A captioner corrects who said a finished line.
    CaptionSpeakerSet {
        lang: String,
        line: u64,
        speaker: SpeakerCorrection,
    },
    /// A moderator starts a scheduled session now, before its start time.
    StartSession,
    /// A moderator ends the session; it becomes read-only.
    EndSession,
    /// The organiser issued an invite: the session records it, so that it
    /// can be listed and revoked. The shell signs the token and draws its
    /// id; only the organiser sends it.
    InviteIssue {
        invite: InviteId,
        role: Role,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
        #[serde(with = "super::time::as_integer")]
        expires_at: Millis,
    },
    /// The organiser revokes an invite: its holders lose its role now, and
    /// it no longer lets anyone join or post captions.
    InviteRevoke {
        invite: InviteId,
    },
    /// Cluster mode: the node whose connection prefix is `node` stopped
    /// heartbeating. Every connection it accepted leaves, as if each had
    /// sent `Leave`, in connection id order. Only the server sends it.
    NodeDown {
        node: String,
    },
}

/// What a moderator does with a question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionAction {
    Approve,
    Dismiss { reason: Option<String> },
    Answering,
    Answered,
}

/// A `join` frame after the shell has checked the token and hashed secrets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinRequest {
    pub name: String,
    pub mode: Mode,
    pub stakeholder: Stakeholder,
    pub region: Region,
    pub hub: Option<Hub>,
    /// A stable id per browser, chosen by the client. Not proof of identity on
    /// its own: it only groups a device's tabs for presence counting.
    pub client_id: Option<String>,
    /// The role a valid invite token grants; `Participant` without one.
    /// The core decides the role the participant gets from it (see
    /// `as_display`).
    #[serde(alias = "granted_role")]
    pub invited_role: Role,
    /// The client asked to join as a room display (`join.display`), which a
    /// moderator's or a display's invite allows.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub as_display: bool,
    /// The invite the token came from, so that a ban holds against it.
    pub invite: Option<InviteId>,
    /// The digest of the resume secret the client presented, if any. With a
    /// matching `client_id` it restores an earlier participant.
    pub offered_secret: Option<SecretDigest>,
    /// The digest of a newly generated secret, used if a new participant is
    /// created. The shell generates it so the core stays free of randomness.
    pub fresh_secret: SecretDigest,
}

/// Changes an organiser makes to a session. `None` leaves a field unchanged.
///
/// Times serialize as integer milliseconds, so that every value round-trips
/// through the command log exactly, even one outside RFC 3339's years.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionChanges {
    pub title: Option<String>,
    pub room: Option<String>,
    #[serde(with = "super::time::option_as_integer")]
    pub starts_at: Option<Millis>,
    #[serde(with = "super::time::option_as_integer")]
    pub ends_at: Option<Millis>,
    pub languages: Option<Vec<String>>,
    pub state: Option<SessionState>,
    /// A new time zone; `""` removes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// New links, replacing all of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<SessionLinks>,
    /// A new chair's name; `""` removes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chair: Option<String>,
}

/// What a moderator asks for when opening a show of hands or a poll.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PollSpec {
    pub kind: PollKind,
    pub title: String,
    /// A poll's options; a show of hands has its own two.
    #[serde(default)]
    pub options: Vec<String>,
    /// How many options one person may choose; 1 (the default) for a
    /// single choice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_choices: Option<u32>,
    /// Anonymous unless `false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anonymous: Option<bool>,
    /// Live unless held back until published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub results_shown: Option<PollResultsShown>,
}

/// A setting that a command may leave (absent), remove (`null`) or set:
/// `None`, `Some(None)` and `Some(Some(value))`.
pub(crate) mod present_or_null {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer, T: Serialize>(
        value: &Option<Option<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(inner) => inner.serialize(serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        deserializer: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(deserializer).map(Some)
    }
}
