//! The stamp carried in every measured message.
//!
//! A measured message's text starts with `t=<sender wall-clock microseconds>
//! k=<kind letter> n=<sequence number>`, followed by padding up to the chosen
//! message size. The receiver subtracts `t` from its own wall clock to get the
//! end-to-end latency. Both ends run on the same machine, so they share one
//! clock. The text needs no JSON escaping, so every dialect can carry it as is.

use std::time::{SystemTime, UNIX_EPOCH};

/// What a measured message stands for in a meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MessageKind {
    Chat,
    CaptionPartial,
    CaptionFinal,
}

impl MessageKind {
    /// Every kind, in report order.
    pub const ALL: [MessageKind; 3] = [
        MessageKind::Chat,
        MessageKind::CaptionPartial,
        MessageKind::CaptionFinal,
    ];

    /// The single letter used in the stamp.
    pub fn letter(self) -> char {
        match self {
            MessageKind::Chat => 'c',
            MessageKind::CaptionPartial => 'p',
            MessageKind::CaptionFinal => 'f',
        }
    }

    /// The name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            MessageKind::Chat => "chat",
            MessageKind::CaptionPartial => "caption_partial",
            MessageKind::CaptionFinal => "caption_final",
        }
    }

    /// A small index, for arrays indexed by kind.
    pub fn index(self) -> usize {
        match self {
            MessageKind::Chat => 0,
            MessageKind::CaptionPartial => 1,
            MessageKind::CaptionFinal => 2,
        }
    }

    fn from_letter(letter: u8) -> Option<MessageKind> {
        match letter {
            b'c' => Some(MessageKind::Chat),
            b'p' => Some(MessageKind::CaptionPartial),
            b'f' => Some(MessageKind::CaptionFinal),
            _ => None,
        }
    }
}

/// What a receiver reads back from a stamped text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub sent_at_micros: u64,
    pub kind: MessageKind,
    pub number: u64,
}

/// Microseconds since the Unix epoch, by the wall clock.
pub fn wall_clock_micros() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_micros() as u64)
        .unwrap_or(0)
}

/// Builds a stamped text of at least `total_bytes` bytes (longer only when the
/// stamp itself is longer), stamped with the current wall-clock time.
pub fn stamped_text(kind: MessageKind, number: u64, total_bytes: usize) -> String {
    let mut text = format!(
        "t={} k={} n={} ",
        wall_clock_micros(),
        kind.letter(),
        number
    );
    while text.len() < total_bytes {
        text.push('x');
    }
    text
}

/// Reads the stamp at the start of `text`, or `None` when `text` carries none.
pub fn parse_stamp(text: &str) -> Option<Stamp> {
    let rest = text.strip_prefix("t=")?;
    let mut fields = rest.split(' ');
    let sent_at_micros = fields.next()?.parse().ok()?;
    let kind_field = fields.next()?.strip_prefix("k=")?;
    let kind = MessageKind::from_letter(*kind_field.as_bytes().first()?)?;
    let number = fields.next()?.strip_prefix("n=")?.parse().ok()?;
    Some(Stamp {
        sent_at_micros,
        kind,
        number,
    })
}

/// The latency of a message stamped at `sent_at_micros`, received now. A
/// receiver clock that reads earlier than the stamp gives zero.
pub fn latency_micros_since(sent_at_micros: u64) -> u64 {
    wall_clock_micros().saturating_sub(sent_at_micros)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamped_text_parses_back_and_has_the_requested_size() {
        let text = stamped_text(MessageKind::CaptionFinal, 42, 100);
        assert_eq!(text.len(), 100);
        let stamp = parse_stamp(&text).expect("stamp parses");
        assert_eq!(stamp.kind, MessageKind::CaptionFinal);
        assert_eq!(stamp.number, 42);
        assert!(stamp.sent_at_micros > 1_600_000_000_000_000);
    }

    #[test]
    fn texts_without_a_stamp_are_not_measured() {
        assert_eq!(parse_stamp("hello"), None);
        assert_eq!(parse_stamp("t=12 k=z n=1"), None);
        assert_eq!(parse_stamp("t=abc k=c n=1"), None);
    }
}
