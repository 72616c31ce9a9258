//! The wire dialects the load generator speaks.
//!
//! - hybridhub: JSON frames with `type`, as `docs/PROTOCOL.md` documents them.
//!   A client sends `join` first and waits for `welcome`; measured messages go
//!   out as `chat.send` or `caption.push` and come back as `chat.message` (or a
//!   caption frame) whose `text` carries the stamp.
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

use serde::Deserialize;
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

/// What a hybridhub `welcome` frame told us.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WelcomeInfo {
    pub seq: Option<u64>,
    pub resume_secret: Option<String>,
    pub resumed: bool,
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
                resumed: true
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
