//! Durable events: what happened in a session, numbered by `seq`.
//!
//! Every event is stored before anyone is told of it, and a client that
//! resumes receives exactly the events after the last `seq` it saw.

use super::ids::{ParticipantId, Seq};
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

/// Who said something, as shown to everyone. Per-recipient fields (such as
/// "this is you") are never put here, so one serialization serves everyone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sender {
    pub id: ParticipantId,
    pub name: String,
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
    },
}

impl EventBody {
    /// The wire `type`, also stored in its own column for queries.
    pub fn type_name(&self) -> &'static str {
        match self {
            EventBody::ChatMessage { .. } => "chat.message",
            EventBody::SessionUpdated { .. } => "session.updated",
            EventBody::CaptionFinal { .. } => "caption.final",
        }
    }

    /// The caption track an event belongs to; only its subscribers get it.
    pub fn caption_track(&self) -> Option<&str> {
        match self {
            EventBody::CaptionFinal { lang, .. } => Some(lang),
            _ => None,
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
