//! Parsing of client frames: bytes in, a typed frame or a documented error
//! out. Pure; no IO.

use super::error_code::ErrorCode;
use crate::core::{
    ChatMode, Command, Hub, Mode, ParticipantId, QuestionAction, QueuePolicy, Region, Role, Seq,
    Stakeholder,
};
use serde::Deserialize;
use serde_json::Value;

/// The `id` a client may put on a command, echoed in `ack` or `error`.
/// Kept as its JSON text so that it is echoed exactly as sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandId(pub String);

/// The longest accepted command `id`, as JSON text.
pub const COMMAND_ID_MAX_BYTES: usize = 64;

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct JoinFrame {
    pub name: String,
    pub mode: Mode,
    pub stakeholder: Stakeholder,
    pub region: Region,
    #[serde(default)]
    pub token: Option<String>,
    #[serde(default)]
    pub client_id: Option<String>,
    #[serde(default)]
    pub resume_from: Option<Seq>,
    #[serde(default)]
    pub resume_secret: Option<String>,
    #[serde(default)]
    pub hub: Option<Hub>,
    /// Caption languages to receive; absent means the floor language.
    #[serde(default)]
    pub captions: Option<Vec<String>>,
    /// Join as a room display. Needs a moderator's or a display's invite,
    /// so a moderator can put the session on a projector with their link.
    #[serde(default)]
    pub display: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientFrame {
    Join(Box<JoinFrame>),
    ChatSend {
        text: String,
    },
    CaptionPush {
        lang: String,
        text: String,
        is_final: bool,
    },
    CaptionsSubscribe {
        langs: Vec<String>,
    },
    /// A moderator asks for the session's equity report.
    ReportRequest,
    /// The next page of a list that a `welcome` carried only in part.
    SnapshotMore(SnapshotPage),
    /// Any other command: it goes to the session's core as it is.
    Core(Command),
    /// An application-level ping, for clients that cannot see WebSocket pings.
    Ping,
}

/// Which list a `snapshot.more` pages through, and from where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SnapshotPage {
    /// The questions older than `before` (a question id), newest first.
    Questions { before: u64 },
    /// The people present after `after` (a participant id), in id order.
    Roster { after: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SnapshotMoreFields {
    part: String,
    #[serde(default)]
    before: Option<u64>,
    #[serde(default)]
    after: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameError {
    pub code: ErrorCode,
    pub message: String,
}

impl FrameError {
    fn new(code: ErrorCode, message: impl Into<String>) -> FrameError {
        FrameError {
            code,
            message: message.into(),
        }
    }
}

/// The parse of one text frame. The `id` is recovered even when the rest of
/// the frame is bad, so that the error can name the command it answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedFrame {
    pub id: Option<CommandId>,
    pub frame: Result<ClientFrame, FrameError>,
}

#[derive(Deserialize)]
struct ChatSendFields {
    text: String,
}

#[derive(Deserialize)]
struct CaptionPushFields {
    lang: String,
    text: String,
    #[serde(default, rename = "final")]
    is_final: bool,
}

#[derive(Deserialize)]
struct CaptionsSubscribeFields {
    langs: Vec<String>,
}

/// The most caption tracks a client may name in one frame.
const CAPTION_TRACKS_MAX: usize = 16;

pub fn parse_client_frame(text: &str) -> ParsedFrame {
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => {
            return ParsedFrame {
                id: None,
                frame: Err(FrameError::new(
                    ErrorCode::BadJson,
                    format!("not valid JSON: {error}"),
                )),
            }
        }
    };
    let Value::Object(mut object) = value else {
        return ParsedFrame {
            id: None,
            frame: Err(FrameError::new(
                ErrorCode::BadJson,
                "a frame must be a JSON object",
            )),
        };
    };
    let id = match object.remove("id") {
        None | Some(Value::Null) => None,
        Some(id @ (Value::String(_) | Value::Number(_))) => {
            let text = id.to_string();
            if text.len() > COMMAND_ID_MAX_BYTES {
                let error = FrameError::new(
                    ErrorCode::InvalidField,
                    format!("id must be at most {COMMAND_ID_MAX_BYTES} bytes"),
                );
                return ParsedFrame {
                    id: None,
                    frame: Err(error),
                };
            }
            Some(CommandId(text))
        }
        Some(_) => {
            let error = FrameError::new(ErrorCode::InvalidField, "id must be a string or a number");
            return ParsedFrame {
                id: None,
                frame: Err(error),
            };
        }
    };
    let kind = match object.remove("type") {
        Some(Value::String(kind)) => kind,
        Some(_) => {
            return ParsedFrame {
                id,
                frame: Err(FrameError::new(
                    ErrorCode::InvalidField,
                    "type must be a string",
                )),
            }
        }
        None => {
            return ParsedFrame {
                id,
                frame: Err(FrameError::new(
                    ErrorCode::InvalidField,
                    "missing field `type`",
                )),
            }
        }
    };
    let fields = Value::Object(object);
    let frame = match kind.as_str() {
        "join" => fields_of::<JoinFrame>(fields).map(|join| ClientFrame::Join(Box::new(join))),
        "chat.send" => fields_of::<ChatSendFields>(fields)
            .map(|chat| ClientFrame::ChatSend { text: chat.text }),
        "caption.push" => {
            fields_of::<CaptionPushFields>(fields).map(|push| ClientFrame::CaptionPush {
                lang: push.lang,
                text: push.text,
                is_final: push.is_final,
            })
        }
        "captions.subscribe" => {
            fields_of::<CaptionsSubscribeFields>(fields).and_then(|subscribe| {
                if subscribe.langs.len() > CAPTION_TRACKS_MAX {
                    return Err(FrameError::new(
                        ErrorCode::InvalidField,
                        format!("langs may name at most {CAPTION_TRACKS_MAX} languages"),
                    ));
                }
                Ok(ClientFrame::CaptionsSubscribe {
                    langs: subscribe.langs,
                })
            })
        }
        "ping" => Ok(ClientFrame::Ping),
        "report.request" => fields_of::<NoFields>(fields).map(|_| ClientFrame::ReportRequest),
        "snapshot.more" => fields_of::<SnapshotMoreFields>(fields).and_then(|more| {
            match (more.part.as_str(), more.before, more.after) {
                ("questions", Some(before), None) => {
                    Ok(ClientFrame::SnapshotMore(SnapshotPage::Questions { before }))
                }
                ("roster", None, Some(after)) if after.len() <= 64 => {
                    Ok(ClientFrame::SnapshotMore(SnapshotPage::Roster { after }))
                }
                _ => Err(FrameError::new(
                    ErrorCode::InvalidField,
                    "snapshot.more takes part \"questions\" with before (a question id), or part \"roster\" with after (a participant id)",
                )),
            }
        }),
        other => match core_command(other, fields) {
            Some(command) => command.map(ClientFrame::Core),
            None => Err(FrameError::new(
                ErrorCode::UnknownType,
                format!("unknown type {:?}", truncated(other)),
            )),
        },
    };
    ParsedFrame { id, frame }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoFields {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AddOnsiteFields {
    name: String,
    #[serde(default)]
    stakeholder: Option<Stakeholder>,
    #[serde(default)]
    region: Option<Region>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryFields {
    entry: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MoveFields {
    entry: u64,
    position: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QueueConfigureFields {
    #[serde(default)]
    open: Option<bool>,
    #[serde(default)]
    policy: Option<QueuePolicy>,
    #[serde(default)]
    hold_grace_seconds: Option<u32>,
    #[serde(default)]
    replies: Option<bool>,
    /// Absent leaves it; `null` removes the limit.
    #[serde(default, with = "crate::core::present_or_null")]
    max_turns: Option<Option<u32>>,
    #[serde(default, with = "crate::core::present_or_null")]
    default_limit_seconds: Option<Option<u32>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HandRaiseFields {
    #[serde(default)]
    kind: Option<crate::core::HandKind>,
    #[serde(default)]
    topic: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SetSpeakerFields {
    lang: String,
    line: u64,
    speaker: crate::core::SpeakerCorrection,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SetKindFields {
    entry: u64,
    kind: crate::core::HandKind,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ParticipantFields {
    participant: ParticipantId,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GrantFields {
    entry: u64,
    #[serde(default)]
    limit_seconds: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TextFields {
    text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionFields {
    question: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PollFields {
    poll: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PollAnswerFields {
    poll: u64,
    choices: Vec<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PollCountFields {
    poll: u64,
    counts: Vec<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DismissFields {
    question: u64,
    #[serde(default)]
    reason: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PremoderationFields {
    premoderation: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChatConfigureFields {
    mode: ChatMode,
    #[serde(default)]
    slow_seconds: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MessageFields {
    message: Seq,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PinFields {
    text: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RemoveFields {
    participant: ParticipantId,
    #[serde(default)]
    ban: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SetRoleFields {
    participant: ParticipantId,
    role: Role,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HubConfirmFields {
    participant: ParticipantId,
    headcount: u32,
}

/// The floor, question and moderator commands: `Some` if `kind` is one.
fn core_command(kind: &str, fields: Value) -> Option<Result<Command, FrameError>> {
    let moderate = |fields: Value, action: QuestionAction| {
        fields_of::<QuestionFields>(fields).map(|question| Command::QuestionModerate {
            question: question.question,
            action,
        })
    };
    let command = match kind {
        "hand.raise" => {
            fields_of::<HandRaiseFields>(fields).map(|raise| match (raise.kind, raise.topic) {
                (None, None) => Command::HandRaise,
                (kind, topic) => Command::HandRaiseWith {
                    kind: kind.unwrap_or_default(),
                    topic,
                },
            })
        }
        "hand.lower" => fields_of::<NoFields>(fields).map(|_| Command::HandLower),
        "queue.add_onsite" => {
            fields_of::<AddOnsiteFields>(fields).map(|add| Command::QueueAddOnsite {
                name: add.name,
                stakeholder: add.stakeholder,
                region: add.region,
            })
        }
        "queue.lower" => {
            fields_of::<EntryFields>(fields).map(|lower| Command::QueueLower { entry: lower.entry })
        }
        "queue.lower_all" => fields_of::<NoFields>(fields).map(|_| Command::QueueLowerAll),
        "queue.move" => fields_of::<MoveFields>(fields).map(|moved| Command::QueueMove {
            entry: moved.entry,
            position: moved.position,
        }),
        "queue.configure" => {
            fields_of::<QueueConfigureFields>(fields).map(|configure| Command::QueueConfigure {
                open: configure.open,
                policy: configure.policy,
                hold_grace_seconds: configure.hold_grace_seconds,
                replies: configure.replies,
                max_turns: configure.max_turns,
                default_limit_seconds: configure.default_limit_seconds,
            })
        }
        "queue.set_kind" => fields_of::<SetKindFields>(fields).map(|set| Command::QueueSetKind {
            entry: set.entry,
            kind: set.kind,
        }),
        "queue.refuse_priority" => {
            fields_of::<EntryFields>(fields).map(|refuse| Command::QueueRefusePriority {
                entry: refuse.entry,
            })
        }
        "queue.allow_turn" => {
            fields_of::<ParticipantFields>(fields).map(|allow| Command::QueueAllowTurn {
                participant: allow.participant,
            })
        }
        "floor.grant" => fields_of::<GrantFields>(fields).map(|grant| Command::FloorGrant {
            entry: grant.entry,
            limit_seconds: grant.limit_seconds,
        }),
        "floor.end" => fields_of::<NoFields>(fields).map(|_| Command::FloorEnd),
        "question.ask" => {
            fields_of::<TextFields>(fields).map(|ask| Command::QuestionAsk { text: ask.text })
        }
        "question.upvote" => {
            fields_of::<QuestionFields>(fields).map(|upvote| Command::QuestionUpvote {
                question: upvote.question,
            })
        }
        "question.approve" => moderate(fields, QuestionAction::Approve),
        "question.answering" => moderate(fields, QuestionAction::Answering),
        "question.answered" => moderate(fields, QuestionAction::Answered),
        "question.dismiss" => {
            fields_of::<DismissFields>(fields).map(|dismiss| Command::QuestionModerate {
                question: dismiss.question,
                action: QuestionAction::Dismiss {
                    reason: dismiss.reason,
                },
            })
        }
        "questions.configure" => {
            fields_of::<PremoderationFields>(fields).map(|configure| Command::QuestionsConfigure {
                premoderation: configure.premoderation,
            })
        }
        "chat.configure" => {
            fields_of::<ChatConfigureFields>(fields).map(|configure| Command::ChatConfigure {
                mode: configure.mode,
                slow_seconds: configure.slow_seconds,
            })
        }
        "chat.delete" => fields_of::<MessageFields>(fields).map(|delete| Command::ChatDelete {
            message: delete.message,
        }),
        "announcement.pin" => {
            fields_of::<PinFields>(fields).map(|pin| Command::AnnouncementPin { text: pin.text })
        }
        "participant.remove" => {
            fields_of::<RemoveFields>(fields).map(|remove| Command::ParticipantRemove {
                participant: remove.participant,
                ban: remove.ban,
            })
        }
        "participant.unban" => {
            fields_of::<ParticipantFields>(fields).map(|unban| Command::ParticipantUnban {
                participant: unban.participant,
            })
        }
        "hub.confirm" => fields_of::<HubConfirmFields>(fields).map(|confirm| Command::HubConfirm {
            participant: confirm.participant,
            headcount: confirm.headcount,
        }),
        "participant.set_role" => {
            fields_of::<SetRoleFields>(fields).map(|set| Command::ParticipantSetRole {
                participant: set.participant,
                role: set.role,
            })
        }
        "caption.set_speaker" => {
            fields_of::<SetSpeakerFields>(fields).map(|set| Command::CaptionSpeakerSet {
                lang: set.lang,
                line: set.line,
                speaker: set.speaker,
            })
        }
        "poll.open" => fields_of::<crate::core::PollSpec>(fields).map(Command::PollOpen),
        "poll.answer" => fields_of::<PollAnswerFields>(fields).map(|answer| Command::PollAnswer {
            poll: answer.poll,
            choices: answer.choices,
        }),
        "poll.hub_count" => {
            fields_of::<PollCountFields>(fields).map(|count| Command::PollHubCount {
                poll: count.poll,
                counts: count.counts,
            })
        }
        "poll.chair_count" => {
            fields_of::<PollCountFields>(fields).map(|count| Command::PollChairCount {
                poll: count.poll,
                counts: count.counts,
            })
        }
        "poll.close" => {
            fields_of::<PollFields>(fields).map(|close| Command::PollClose { poll: close.poll })
        }
        "poll.publish" => fields_of::<PollFields>(fields)
            .map(|publish| Command::PollPublish { poll: publish.poll }),
        "session.start" => fields_of::<NoFields>(fields).map(|_| Command::StartSession),
        "session.end" => fields_of::<NoFields>(fields).map(|_| Command::EndSession),
        _ => return None,
    };
    Some(command)
}

fn fields_of<T: for<'de> Deserialize<'de>>(fields: Value) -> Result<T, FrameError> {
    serde_json::from_value(fields)
        .map_err(|error| FrameError::new(ErrorCode::InvalidField, error.to_string()))
}

fn truncated(text: &str) -> String {
    text.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_table() {
        let cases: Vec<(&str, Result<&str, ErrorCode>, Option<&str>)> = vec![
            (
                r#"{"type":"chat.send","id":"c1","text":"hi"}"#,
                Ok("chat"),
                Some("\"c1\""),
            ),
            (
                r#"{"type":"chat.send","id":7,"text":"hi"}"#,
                Ok("chat"),
                Some("7"),
            ),
            (r#"{"type":"ping"}"#, Ok("ping"), None),
            (
                r#"{"type":"caption.push","lang":"en","text":"Good morning","final":true}"#,
                Ok("caption"),
                None,
            ),
            (
                r#"{"type":"caption.push","lang":"en","text":"Good"}"#,
                Ok("caption"),
                None,
            ),
            (
                r#"{"type":"caption.push","text":"no lang"}"#,
                Err(ErrorCode::InvalidField),
                None,
            ),
            (
                r#"{"type":"caption.push","lang":"en","text":"x","final":"yes"}"#,
                Err(ErrorCode::InvalidField),
                None,
            ),
            (
                r#"{"type":"captions.subscribe","id":"s1","langs":["en","fr"]}"#,
                Ok("subscribe"),
                Some("\"s1\""),
            ),
            (
                r#"{"type":"captions.subscribe","langs":"en"}"#,
                Err(ErrorCode::InvalidField),
                None,
            ),
            (r#"{"type":"hand.raise","id":1}"#, Ok("core"), Some("1")),
            (
                r#"{"type":"hand.raise","extra":1}"#,
                Err(ErrorCode::InvalidField),
                None,
            ),
            (
                r#"{"type":"floor.grant","entry":3,"limit_seconds":120}"#,
                Ok("core"),
                None,
            ),
            (
                r#"{"type":"floor.grant","entry":-3}"#,
                Err(ErrorCode::InvalidField),
                None,
            ),
            (
                r#"{"type":"queue.configure","policy":"fifo"}"#,
                Ok("core"),
                None,
            ),
            (
                r#"{"type":"queue.configure","policy":"random"}"#,
                Err(ErrorCode::InvalidField),
                None,
            ),
            (
                r#"{"type":"question.dismiss","question":2,"reason":"off topic"}"#,
                Ok("core"),
                None,
            ),
            (
                r#"{"type":"chat.configure","mode":"slow","slow_seconds":10}"#,
                Ok("core"),
                None,
            ),
            (
                r#"{"type":"announcement.pin","text":null}"#,
                Ok("core"),
                None,
            ),
            (
                r#"{"type":"participant.set_role","participant":"p2","role":"overlord"}"#,
                Err(ErrorCode::InvalidField),
                None,
            ),
            (r#"{"type":"report.request"}"#, Ok("report"), None),
            (
                r#"{"type":"snapshot.more","part":"questions","before":40}"#,
                Ok("more"),
                None,
            ),
            (
                r#"{"type":"snapshot.more","part":"roster","after":"p-12"}"#,
                Ok("more"),
                None,
            ),
            (
                r#"{"type":"snapshot.more","part":"roster","before":3}"#,
                Err(ErrorCode::InvalidField),
                None,
            ),
            (
                r#"{"type":"snapshot.more","part":"chat","before":3}"#,
                Err(ErrorCode::InvalidField),
                None,
            ),
            (
                r#"{"type":"join","name":"Ana","mode":"remote","stakeholder":"civil_society","region":"african","token":null,"client_id":"x","resume_from":null}"#,
                Ok("join"),
                None,
            ),
            (
                r#"{"type":"join","name":"Hub","mode":"remote","stakeholder":"academia","region":"asia_pacific","hub":{"name":"Dhaka hub","headcount":12}}"#,
                Ok("join"),
                None,
            ),
            ("not json", Err(ErrorCode::BadJson), None),
            ("[1,2]", Err(ErrorCode::BadJson), None),
            (
                r#"{"id":"c2"}"#,
                Err(ErrorCode::InvalidField),
                Some("\"c2\""),
            ),
            (r#"{"type":5}"#, Err(ErrorCode::InvalidField), None),
            (
                r#"{"type":"dance","id":"c3"}"#,
                Err(ErrorCode::UnknownType),
                Some("\"c3\""),
            ),
            (
                r#"{"type":"chat.send","id":"c4"}"#,
                Err(ErrorCode::InvalidField),
                Some("\"c4\""),
            ),
            (
                r#"{"type":"chat.send","text":42}"#,
                Err(ErrorCode::InvalidField),
                None,
            ),
            (
                r#"{"type":"chat.send","id":{"a":1},"text":"x"}"#,
                Err(ErrorCode::InvalidField),
                None,
            ),
            (
                r#"{"type":"join","name":"A","mode":"martian","stakeholder":"academia","region":"african"}"#,
                Err(ErrorCode::InvalidField),
                None,
            ),
            (
                r#"{"type":"join","name":"A","mode":"remote","stakeholder":"academia","region":"mars"}"#,
                Err(ErrorCode::InvalidField),
                None,
            ),
            (
                r#"{"type":"join","name":"A","mode":"remote","stakeholder":"academia","region":"african","resume_from":-1}"#,
                Err(ErrorCode::InvalidField),
                None,
            ),
            (
                r#"{"type":"join","name":"A","mode":"remote","stakeholder":"academia","region":"african","resume_from":1e400}"#,
                Err(ErrorCode::BadJson),
                None,
            ),
        ];
        for (input, expected, expected_id) in cases {
            let parsed = parse_client_frame(input);
            let kind = parsed.frame.as_ref().map(|frame| match frame {
                ClientFrame::Join(_) => "join",
                ClientFrame::ChatSend { .. } => "chat",
                ClientFrame::CaptionPush { .. } => "caption",
                ClientFrame::CaptionsSubscribe { .. } => "subscribe",
                ClientFrame::ReportRequest => "report",
                ClientFrame::SnapshotMore(_) => "more",
                ClientFrame::Core(_) => "core",
                ClientFrame::Ping => "ping",
            });
            assert_eq!(kind.map_err(|error| error.code), expected, "{input}");
            assert_eq!(
                parsed.id.as_ref().map(|id| id.0.as_str()),
                expected_id,
                "{input}"
            );
        }
    }

    #[test]
    fn long_id_is_refused() {
        let input = format!(r#"{{"type":"ping","id":"{}"}}"#, "x".repeat(100));
        assert_eq!(
            parse_client_frame(&input).frame.unwrap_err().code,
            ErrorCode::InvalidField
        );
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        const TYPES: [&str; 12] = [
            "join",
            "chat.send",
            "caption.push",
            "captions.subscribe",
            "hand.raise",
            "floor.grant",
            "queue.move",
            "question.dismiss",
            "chat.configure",
            "participant.set_role",
            "report.request",
            "nonsense",
        ];

        fn json_value() -> impl Strategy<Value = serde_json::Value> {
            let leaf = prop_oneof![
                Just(serde_json::Value::Null),
                any::<bool>().prop_map(serde_json::Value::from),
                any::<i64>().prop_map(serde_json::Value::from),
                any::<f64>().prop_map(|number| serde_json::json!(number)),
                "[a-z_ ]{0,8}".prop_map(serde_json::Value::from),
            ];
            leaf.prop_recursive(3, 16, 4, |inner| {
                prop_oneof![
                    proptest::collection::vec(inner.clone(), 0..4)
                        .prop_map(serde_json::Value::from),
                    proptest::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                        .prop_map(|map| serde_json::Value::Object(map.into_iter().collect())),
                ]
            })
        }

        proptest! {
            /// Any text at all: a frame or a documented error, never a panic.
            #[test]
            fn arbitrary_text_never_panics(text in any::<String>()) {
                let parsed = parse_client_frame(&text);
                if let Err(error) = parsed.frame {
                    prop_assert!(!error.code.as_str().is_empty());
                }
            }

            /// Objects with a real `type` and random fields: never a panic,
            /// and an `id` that is a string or number is always echoed.
            #[test]
            fn typed_objects_with_random_fields_never_panic(
                kind in proptest::sample::select(TYPES.to_vec()),
                fields in proptest::collection::btree_map("[a-z_]{1,12}", json_value(), 0..6),
                id in proptest::option::of("[a-z0-9]{1,8}"),
            ) {
                let mut object: serde_json::Map<String, serde_json::Value> = fields.into_iter().collect();
                object.insert("type".into(), serde_json::Value::from(kind));
                if let Some(id) = &id {
                    object.insert("id".into(), serde_json::Value::from(id.clone()));
                }
                let parsed = parse_client_frame(&serde_json::Value::Object(object).to_string());
                if let Some(id) = id {
                    prop_assert_eq!(parsed.id.map(|echoed| echoed.0), Some(format!("\"{id}\"")));
                }
            }
        }
    }
}
