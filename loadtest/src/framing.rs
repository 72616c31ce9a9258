//! The wire dialects the load generator speaks.
//!
//! - hybridhub: JSON frames with `type`, as `docs/PROTOCOL.md` documents them.
//!   A client sends `join` first and waits for `welcome`; measured messages go
//!   out as `chat.send` or `caption.push` and come back as `chat.message` (or a
//!   caption frame) whose `text` carries the stamp. The `show-of-hands`
//!   scenario also speaks the poll frames: `poll.open`, `poll.answer` and
//!   `poll.close` out, `poll.opened`, `poll.tally` and `poll.results` in.
//! - rust-floor, ws and uws: any text frame is relayed to every other client
//!   (uws: published to the one topic every client subscribes to), so a
//!   measured message is the stamped text itself.
//! - nchan: raw like the above, but subscribers connect to `/sub/<room>` and
//!   publishers to `/pub/<room>`; nchan answers each publish with a short
//!   channel status, which is not a measured message.
//! - Socket.IO v4 over a plain WebSocket (Engine.IO v4): the server opens with
//!   `0{...}`, the client connects the default namespace with `40`, answers
//!   the ping `2` with the pong `3`, joins a room with the event
//!   `["join", room]` (acknowledged), and measured messages are the event
//!   `42["msg", "<stamped text>"]`.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::options::Target;
use crate::payload::{parse_stamp, MessageKind, Stamp};

const STAKEHOLDERS: [&str; 7] = [
    "civil_society",
    "government",
    "private_sector",
    "technical_community",
    "intergovernmental",
    "academia",
    "other",
];

const REGIONS: [&str; 6] = [
    "african",
    "western_european_others",
    "asia_pacific",
    "latin_american_caribbean",
    "eastern_european",
    "unspecified",
];

/// The Socket.IO acknowledgement id used for the room join.
pub const SOCKETIO_JOIN_ACK_ID: u64 = 1;

/// The URL path for a room (hybridhub session) in each dialect, for a
/// subscriber or a publisher (only nchan tells them apart).
pub fn websocket_path(target: Target, room: &str, role: Role) -> String {
    match target {
        Target::Hybridhub => format!("/ws/sessions/{room}"),
        Target::Socketio => "/socket.io/?EIO=4&transport=websocket".to_string(),
        Target::RustFloor | Target::Ws | Target::Uws => "/".to_string(),
        Target::Nchan => match role {
            Role::Subscriber => format!("/sub/{room}"),
            Role::Publisher => format!("/pub/{room}"),
        },
    }
}

/// Which side of a room a connection is on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Role {
    /// Receives the room's messages.
    #[default]
    Subscriber,
    /// Sends measured messages (and, where the dialect has it, receives too).
    Publisher,
}

/// What a hybridhub `join` frame says about the participant.
#[derive(Clone, Debug, Default)]
pub struct JoinDetails {
    pub name: String,
    pub token: Option<String>,
    pub client_id: Option<String>,
    pub resume_from: Option<u64>,
    pub resume_secret: Option<String>,
    /// Picks the stakeholder group and region, so that a crowd is mixed.
    pub index: usize,
}

/// The hybridhub `join` frame.
pub fn hybridhub_join_frame(details: &JoinDetails) -> String {
    json!({
        "type": "join",
        "name": details.name,
        "mode": "remote",
        "stakeholder": STAKEHOLDERS[details.index % STAKEHOLDERS.len()],
        "region": REGIONS[details.index % REGIONS.len()],
        "token": details.token,
        "client_id": details.client_id,
        "resume_from": details.resume_from,
        "resume_secret": details.resume_secret,
    })
    .to_string()
}

/// The Socket.IO event that joins `room`, asking for an acknowledgement.
pub fn socketio_join_room_frame(room: &str) -> String {
    format!("42{SOCKETIO_JOIN_ACK_ID}{}", json!(["join", room]))
}

/// The frame that publishes one stamped text of `kind`. `request_number`
/// becomes the hybridhub `chat.send` id.
pub fn publish_frame(
    target: Target,
    kind: MessageKind,
    stamped_text: &str,
    request_number: u64,
) -> String {
    match target {
        Target::Hybridhub => match kind {
            MessageKind::Chat => json!({
                "type": "chat.send",
                "id": format!("c{request_number}"),
                "text": stamped_text,
            })
            .to_string(),
            MessageKind::CaptionPartial | MessageKind::CaptionFinal => json!({
                "type": "caption.push",
                "lang": "en",
                "text": stamped_text,
                "final": kind == MessageKind::CaptionFinal,
            })
            .to_string(),
        },
        Target::Socketio => format!("42{}", json!(["msg", stamped_text])),
        Target::RustFloor | Target::Ws | Target::Uws | Target::Nchan => stamped_text.to_string(),
    }
}

/// The hybridhub frame that raises or lowers a hand.
pub fn hand_frame(raise: bool) -> String {
    if raise {
        r#"{"type":"hand.raise"}"#.to_string()
    } else {
        r#"{"type":"hand.lower"}"#.to_string()
    }
}

/// The moderator's `poll.open` of a show of hands.
pub fn show_of_hands_open_frame(title: &str) -> String {
    json!({"type": "poll.open", "id": "open", "kind": "show_of_hands", "title": title}).to_string()
}

/// A participant's answer to poll `poll`: the one option chosen (in a show
/// of hands, 0 raises a hand and 1 does not).
pub fn poll_answer_frame(poll: u64, choice: u32) -> String {
    json!({"type": "poll.answer", "id": "answer", "poll": poll, "choices": [choice]}).to_string()
}

/// The moderator's `poll.close`.
pub fn poll_close_frame(poll: u64) -> String {
    json!({"type": "poll.close", "id": format!("close-{poll}"), "poll": poll}).to_string()
}

/// What a hybridhub `welcome` frame told us.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WelcomeInfo {
    pub seq: Option<u64>,
    pub resume_secret: Option<String>,
    pub resumed: bool,
    /// The poll (or show of hands) open in the session, if any
    /// (`snapshot.polls`).
    pub open_poll: Option<u64>,
}

/// The counts of a `poll.tally` or `poll.results` frame.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PollCounts {
    /// The people present (a hub as its headcount).
    pub present: u64,
    /// Those of them who answered.
    pub answered: u64,
    /// `tally.options[i].total`: who chose option `i`.
    pub option_totals: Vec<u64>,
}

/// A hybridhub frame about a poll, as the moderator and the display read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PollFrame {
    /// `poll.opened`, a durable event: the poll's id.
    Opened { poll: u64 },
    /// `poll.tally`, transient: the open poll's counts as they stand.
    Tally { poll: u64, counts: PollCounts },
    /// `poll.results`, durable: the final counts of a closed poll.
    Results { poll: u64, counts: PollCounts },
}

#[derive(Deserialize)]
struct PollFrameWire<'a> {
    #[serde(rename = "type", borrow)]
    frame_type: Cow<'a, str>,
    #[serde(default)]
    poll: Option<serde_json::Value>,
    #[serde(default)]
    tally: Option<TallyWire>,
}

#[derive(Deserialize)]
struct TallyWire {
    #[serde(default)]
    present: u64,
    #[serde(default)]
    answered: u64,
    #[serde(default)]
    options: Vec<TallyOptionWire>,
}

#[derive(Deserialize)]
struct TallyOptionWire {
    #[serde(default)]
    total: u64,
}

/// Reads a `poll.opened`, `poll.tally` or `poll.results` frame; `None` for
/// any other frame.
pub fn decode_poll_frame(text: &str) -> Option<PollFrame> {
    if !text.contains("\"poll.") {
        return None;
    }
    let frame = serde_json::from_str::<PollFrameWire>(text).ok()?;
    let counts = |tally: Option<TallyWire>| {
        tally.map(|tally| PollCounts {
            present: tally.present,
            answered: tally.answered,
            option_totals: tally.options.iter().map(|option| option.total).collect(),
        })
    };
    match frame.frame_type.as_ref() {
        "poll.opened" => Some(PollFrame::Opened {
            poll: frame.poll?.get("id")?.as_u64()?,
        }),
        "poll.tally" => Some(PollFrame::Tally {
            poll: frame.poll?.as_u64()?,
            counts: counts(frame.tally)?,
        }),
        "poll.results" => Some(PollFrame::Results {
            poll: frame.poll?.as_u64()?,
            counts: counts(frame.tally)?,
        }),
        _ => None,
    }
}

/// Whether a frame is a `poll.tally`, without parsing it: participants
/// receive one every tally period and need nothing from it. hybridhub
/// writes `type` first; a frame written otherwise is simply parsed.
pub fn is_poll_tally(text: &str) -> bool {
    text.starts_with(r#"{"type":"poll.tally""#)
}

/// The open poll listed in a welcome's `snapshot.polls`, if any. Only a
/// welcome that mentions an open status is parsed for it.
fn open_poll_in_welcome(text: &str) -> Option<u64> {
    if !text.contains(r#""status":"open""#) {
        return None;
    }
    let welcome: serde_json::Value = serde_json::from_str(text).ok()?;
    welcome
        .get("snapshot")?
        .get("polls")?
        .as_array()?
        .iter()
        .filter_map(|listed| listed.get("poll"))
        .find(|poll| poll.get("status").and_then(serde_json::Value::as_str) == Some("open"))?
        .get("id")?
        .as_u64()
}

/// One decoded server frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Incoming {
    /// hybridhub `welcome`.
    Welcome(WelcomeInfo),
    /// A measured message; `seq` is hybridhub's durable sequence number.
    Delivery { stamp: Stamp, seq: Option<u64> },
    /// Any other hybridhub durable event (it carries a `seq`).
    Durable { seq: u64 },
    /// hybridhub `ack`.
    Ack { seq: Option<u64> },
    /// hybridhub `error`, or a Socket.IO connect error.
    Error { code: String, message: String },
    /// hybridhub `presence`, with its participant count when given.
    Presence { participants: Option<u64> },
    /// Engine.IO open packet `0{...}`.
    EngineOpen,
    /// Engine.IO ping `2`, to be answered with `3`.
    EnginePing,
    /// Socket.IO namespace connected `40{...}`.
    NamespaceConnected,
    /// Socket.IO acknowledgement `43<id>[...]`.
    SocketIoAck { id: u64 },
    /// A frame that the load generator could not parse.
    Unparseable,
    /// Anything else; ignored.
    Other,
}

/// The fields of a hybridhub frame the load generator looks at. Every other
/// field is skipped.
#[derive(Deserialize)]
struct HybridhubFrame<'a> {
    #[serde(rename = "type", borrow)]
    frame_type: Cow<'a, str>,
    #[serde(default)]
    seq: Option<u64>,
    #[serde(default, borrow)]
    text: Option<Cow<'a, str>>,
    #[serde(default)]
    resume_secret: Option<String>,
    #[serde(default)]
    resumed: Option<bool>,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    participants: Option<serde_json::Value>,
}

/// Decodes one text frame from the server.
pub fn decode(target: Target, text: &str) -> Incoming {
    match target {
        Target::Hybridhub => decode_hybridhub(text),
        Target::Socketio => decode_socketio(text),
        Target::RustFloor | Target::Ws | Target::Uws | Target::Nchan => match parse_stamp(text) {
            Some(stamp) => Incoming::Delivery { stamp, seq: None },
            None => Incoming::Other,
        },
    }
}

fn decode_hybridhub(text: &str) -> Incoming {
    let Ok(frame) = serde_json::from_str::<HybridhubFrame>(text) else {
        return Incoming::Unparseable;
    };
    match frame.frame_type.as_ref() {
        "welcome" => Incoming::Welcome(WelcomeInfo {
            seq: frame.seq,
            resume_secret: frame.resume_secret,
            resumed: frame.resumed.unwrap_or(false),
            open_poll: open_poll_in_welcome(text),
        }),
        "ack" => Incoming::Ack { seq: frame.seq },
        "error" => Incoming::Error {
            code: frame.code.unwrap_or_else(|| "unknown".to_string()),
            message: frame.message.unwrap_or_default(),
        },
        "presence" => Incoming::Presence {
            participants: frame
                .participants
                .as_ref()
                .and_then(serde_json::Value::as_u64),
        },
        _ => {
            if let Some(stamp) = frame.text.as_deref().and_then(parse_stamp) {
                Incoming::Delivery {
                    stamp,
                    seq: frame.seq,
                }
            } else if let Some(seq) = frame.seq {
                Incoming::Durable { seq }
            } else {
                Incoming::Other
            }
        }
    }
}

fn decode_socketio(text: &str) -> Incoming {
    match text.as_bytes() {
        [b'0', b'{', ..] => Incoming::EngineOpen,
        [b'2'] => Incoming::EnginePing,
        [b'4', b'0', ..] => Incoming::NamespaceConnected,
        [b'4', b'1', ..] => Incoming::Error {
            code: "namespace_disconnect".to_string(),
            message: text.to_string(),
        },
        [b'4', b'4', ..] => Incoming::Error {
            code: "connect_error".to_string(),
            message: text[2..].to_string(),
        },
        [b'4', b'2', ..] => decode_socketio_event(&text[2..]),
        [b'4', b'3', ..] => {
            let digits: String = text[2..].chars().take_while(char::is_ascii_digit).collect();
            match digits.parse() {
                Ok(id) => Incoming::SocketIoAck { id },
                Err(_) => Incoming::Unparseable,
            }
        }
        _ => Incoming::Other,
    }
}

/// Decodes the part of a Socket.IO EVENT packet after `42`: an optional ack
/// id, then a JSON array whose first element is the event name.
fn decode_socketio_event(packet: &str) -> Incoming {
    let array_start = packet.find('[').unwrap_or(packet.len());
    let Ok(arguments) = serde_json::from_str::<(Cow<str>, Cow<str>)>(&packet[array_start..]) else {
        return match serde_json::from_str::<serde_json::Value>(&packet[array_start..]) {
            Ok(_) => Incoming::Other,
            Err(_) => Incoming::Unparseable,
        };
    };
    match (arguments.0.as_ref(), parse_stamp(&arguments.1)) {
        ("msg", Some(stamp)) => Incoming::Delivery { stamp, seq: None },
        _ => Incoming::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payload::stamped_text;

    #[test]
    fn hybridhub_chat_round_trip() {
        let text = stamped_text(MessageKind::Chat, 7, 60);
        let sent: serde_json::Value = serde_json::from_str(&publish_frame(
            Target::Hybridhub,
            MessageKind::Chat,
            &text,
            7,
        ))
        .unwrap();
        assert_eq!(sent["type"], "chat.send");
        assert_eq!(sent["id"], "c7");
        let received = json!({
            "type": "chat.message", "seq": 13, "ts": "2026-11-25T05:00:00.123Z",
            "from": {"id": "p1", "name": "Ana"}, "text": text,
        })
        .to_string();
        match decode(Target::Hybridhub, &received) {
            Incoming::Delivery { stamp, seq } => {
                assert_eq!(stamp.number, 7);
                assert_eq!(seq, Some(13));
            }
            other => panic!("expected a delivery, got {other:?}"),
        }
    }

    #[test]
    fn hybridhub_control_frames_decode() {
        let welcome = r#"{"type":"welcome","participant":{"id":"p1","name":"Ana","role":"participant"},
            "resume_secret":"s3cret","resumed":true,"session":{"id":"x"},"seq":12,
            "snapshot":{"presence":{"participants":3},"chat":[{"seq":3,"text":"t=1 k=c n=1 "}]}}"#;
        assert_eq!(
            decode(Target::Hybridhub, welcome),
            Incoming::Welcome(WelcomeInfo {
                seq: Some(12),
                resume_secret: Some("s3cret".to_string()),
                resumed: true,
                open_poll: None,
            })
        );
        assert_eq!(
            decode(Target::Hybridhub, r#"{"type":"ack","id":"c1","seq":13}"#),
            Incoming::Ack { seq: Some(13) }
        );
        assert_eq!(
            decode(
                Target::Hybridhub,
                r#"{"type":"error","id":"c1","code":"invalid_field","message":"no"}"#
            ),
            Incoming::Error {
                code: "invalid_field".to_string(),
                message: "no".to_string()
            }
        );
        assert_eq!(
            decode(
                Target::Hybridhub,
                r#"{"type":"presence","participants":5,"attendees":4,"connections":6}"#
            ),
            Incoming::Presence {
                participants: Some(5)
            }
        );
        assert_eq!(
            decode(
                Target::Hybridhub,
                r#"{"type":"hand.raised","seq":20,"ts":"x"}"#
            ),
            Incoming::Durable { seq: 20 }
        );
        assert_eq!(decode(Target::Hybridhub, "not json"), Incoming::Unparseable);
    }

    #[test]
    fn poll_frames_decode() {
        let opened = r#"{"type":"poll.opened","poll":{"id":3,"kind":"show_of_hands","title":"Hands?",
            "options":["raise_hand","do_not_raise_hand"],"status":"open"},"seq":40,"ts":"x"}"#;
        assert_eq!(
            decode_poll_frame(opened),
            Some(PollFrame::Opened { poll: 3 })
        );
        let tally = r#"{"type":"poll.tally","poll":3,"public":true,
            "tally":{"present":96,"answered":48,
                     "options":[{"total":46,"by_mode":{"onsite":20}},{"total":2,"by_mode":{}}],
                     "not_answered":{"total":48},"hubs":[],"chair":[12,2]}}"#;
        let counts = PollCounts {
            present: 96,
            answered: 48,
            option_totals: vec![46, 2],
        };
        assert_eq!(
            decode_poll_frame(tally),
            Some(PollFrame::Tally {
                poll: 3,
                counts: counts.clone()
            })
        );
        let results = tally.replace("poll.tally", "poll.results");
        assert_eq!(
            decode_poll_frame(&results),
            Some(PollFrame::Results { poll: 3, counts })
        );
        assert_eq!(
            decode_poll_frame(r#"{"type":"ack","id":"answer","seq":4}"#),
            None
        );
        // A tally is neither a delivery nor a durable event for the others.
        assert_eq!(decode(Target::Hybridhub, tally), Incoming::Other);
        assert!(is_poll_tally(r#"{"type":"poll.tally","poll":1}"#));
        assert!(!is_poll_tally(opened));
        let answer: serde_json::Value = serde_json::from_str(&poll_answer_frame(3, 1)).unwrap();
        assert_eq!(answer["type"], "poll.answer");
        assert_eq!(answer["poll"], 3);
        assert_eq!(answer["choices"], json!([1]));
        let open: serde_json::Value =
            serde_json::from_str(&show_of_hands_open_frame("Hands?")).unwrap();
        assert_eq!(open["kind"], "show_of_hands");
    }

    #[test]
    fn a_welcome_names_the_open_poll() {
        let welcome = r#"{"type":"welcome","seq":9,"resume_secret":"s","resumed":false,
            "snapshot":{"polls":[{"poll":{"id":1,"status":"closed"},"tally":null},
                                 {"poll":{"id":2,"status":"open"},"tally":null}]}}"#;
        match decode(Target::Hybridhub, welcome) {
            Incoming::Welcome(info) => assert_eq!(info.open_poll, Some(2)),
            other => panic!("expected a welcome, got {other:?}"),
        }
        let closed = welcome.replace(r#""status":"open""#, r#""status":"closed""#);
        match decode(Target::Hybridhub, &closed) {
            Incoming::Welcome(info) => assert_eq!(info.open_poll, None),
            other => panic!("expected a welcome, got {other:?}"),
        }
    }

    #[test]
    fn socketio_packets_decode() {
        assert_eq!(
            decode(
                Target::Socketio,
                r#"0{"sid":"a","upgrades":[],"pingInterval":25000,"pingTimeout":20000}"#
            ),
            Incoming::EngineOpen
        );
        assert_eq!(decode(Target::Socketio, "2"), Incoming::EnginePing);
        assert_eq!(
            decode(Target::Socketio, r#"40{"sid":"b"}"#),
            Incoming::NamespaceConnected
        );
        assert_eq!(
            decode(Target::Socketio, r#"431["ok"]"#),
            Incoming::SocketIoAck { id: 1 }
        );
        let text = stamped_text(MessageKind::Chat, 3, 40);
        let frame = publish_frame(Target::Socketio, MessageKind::Chat, &text, 3);
        assert!(frame.starts_with("42[\"msg\",\"t="));
        match decode(Target::Socketio, &frame) {
            Incoming::Delivery { stamp, .. } => assert_eq!(stamp.number, 3),
            other => panic!("expected a delivery, got {other:?}"),
        }
        assert_eq!(
            socketio_join_room_frame("plenary"),
            r#"421["join","plenary"]"#
        );
    }

    #[test]
    fn raw_frames_are_the_stamped_text() {
        let text = stamped_text(MessageKind::CaptionPartial, 9, 10);
        assert_eq!(
            publish_frame(Target::Ws, MessageKind::CaptionPartial, &text, 9),
            text
        );
        assert!(matches!(
            decode(Target::RustFloor, &text),
            Incoming::Delivery { .. }
        ));
        assert_eq!(decode(Target::RustFloor, "hello"), Incoming::Other);
    }

    #[test]
    fn nchan_subscribes_and_publishes_on_separate_paths() {
        assert_eq!(
            websocket_path(Target::Nchan, "main-session", Role::Subscriber),
            "/sub/main-session"
        );
        assert_eq!(
            websocket_path(Target::Nchan, "main-session", Role::Publisher),
            "/pub/main-session"
        );
        assert_eq!(websocket_path(Target::Uws, "x", Role::Publisher), "/");
        let status = "queued messages: 0\r\nlast requested: 0 sec. ago\r\nactive subscribers: 2";
        assert_eq!(decode(Target::Nchan, status), Incoming::Other);
        let text = stamped_text(MessageKind::Chat, 4, 30);
        assert!(matches!(
            decode(Target::Nchan, &text),
            Incoming::Delivery { .. }
        ));
    }

    #[test]
    fn join_frame_carries_resume_fields() {
        let frame: serde_json::Value = serde_json::from_str(&hybridhub_join_frame(&JoinDetails {
            name: "lt-1".to_string(),
            client_id: Some("c-1".to_string()),
            resume_from: Some(41),
            resume_secret: Some("s".to_string()),
            index: 1,
            ..JoinDetails::default()
        }))
        .unwrap();
        assert_eq!(frame["type"], "join");
        assert_eq!(frame["resume_from"], 41);
        assert_eq!(frame["client_id"], "c-1");
        assert_eq!(frame["mode"], "remote");
        assert_eq!(frame["token"], serde_json::Value::Null);
    }
}
