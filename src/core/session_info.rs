//! A session as the organiser describes it: slug, title, room, schedule
//! (with the venue's time zone), caption languages, where to hear, watch
//! and speak, and lifecycle state.

use super::rejection::{Rejection, RejectionCode};
use super::time::Millis;
use serde::{Deserialize, Serialize};

/// The lifecycle of a session. It only moves forward:
/// `scheduled` → `live` → `ended`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionState {
    Scheduled,
    Live,
    Ended,
}

impl SessionState {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionState::Scheduled => "scheduled",
            SessionState::Live => "live",
            SessionState::Ended => "ended",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    /// A URL-safe slug, unique within the event: `[a-z0-9-]`, 1 to 64 chars.
    pub id: String,
    pub title: String,
    /// The onsite room's name.
    pub room: String,
    pub starts_at: Millis,
    pub ends_at: Millis,
    /// Caption languages as BCP 47 tags (`en`, `fr`, `zh`...). The first one is
    /// the session's floor language.
    pub languages: Vec<String>,
    pub state: SessionState,
    /// When the session went live; transcripts count time from here. Set
    /// by the core the first time the state becomes `live`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live_at: Option<Millis>,
    /// The venue's IANA time zone (`Europe/Oslo`), so that clients show
    /// times as the venue reads them as well as in the reader's own zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// Where remote participants hear, watch and speak.
    #[serde(default, skip_serializing_if = "SessionLinks::is_empty")]
    pub links: SessionLinks,
    /// The chair's name, as transcripts show whoever speaks between turns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chair: Option<String>,
}

/// The session's audio and video, outside hybridhub: the webcast to watch,
/// and the meeting or bridge (a Zoom or Jitsi room, a phone bridge) where a
/// remote speaker talks once given the floor.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionLinks {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webcast: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<String>,
    /// A short instruction for remote speakers, e.g. the passcode, or
    /// "join with your full name".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<String>,
}

impl SessionLinks {
    pub fn is_empty(&self) -> bool {
        self.webcast.is_none() && self.meeting.is_none() && self.instructions.is_none()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionValidationError(pub String);

pub const SESSION_ID_MAX_CHARS: usize = 64;
pub const SESSION_TITLE_MAX_CHARS: usize = 200;
pub const SESSION_ROOM_MAX_CHARS: usize = 100;
pub const SESSION_MAX_LANGUAGES: usize = 16;
pub const SESSION_LINK_MAX_CHARS: usize = 2000;
pub const SESSION_INSTRUCTIONS_MAX_CHARS: usize = 300;

impl SessionInfo {
    /// An ended session is read-only: the one check that every rule
    /// changing it makes.
    pub fn check_not_ended(&self) -> Result<(), Rejection> {
        if self.state == SessionState::Ended {
            return Err(Rejection::new(
                RejectionCode::SessionEnded,
                "the session has ended and is read-only",
            ));
        }
        Ok(())
    }

    /// Checks every field; returns the first problem in plain words.
    pub fn validate(&self) -> Result<(), SessionValidationError> {
        let error = |text: &str| Err(SessionValidationError(text.to_owned()));
        if !is_valid_slug(&self.id) {
            return error(
                "id must be 1 to 64 characters of a-z, 0-9 and '-', not starting with '-'",
            );
        }
        // Titles and rooms reach terminals, logs and file headers (a
        // transcript's first line) as well as pages: no control characters,
        // not even a newline, so that none can forge a line or an escape.
        if self.title.trim().is_empty()
            || self.title.chars().count() > SESSION_TITLE_MAX_CHARS
            || self.title.chars().any(char::is_control)
        {
            return error("title must be 1 to 200 characters, with no control characters");
        }
        if self.room.chars().count() > SESSION_ROOM_MAX_CHARS
            || self.room.chars().any(char::is_control)
        {
            return error("room must be at most 100 characters, with no control characters");
        }
        let writable = Millis::EARLIEST..=Millis::LATEST;
        if !writable.contains(&self.starts_at) || !writable.contains(&self.ends_at) {
            return error("starts_at and ends_at must fall in the years 0000 to 9999");
        }
        if self.ends_at < self.starts_at {
            return error("ends_at must not be before starts_at");
        }
        if self.languages.is_empty() || self.languages.len() > SESSION_MAX_LANGUAGES {
            return error("languages must list 1 to 16 language tags");
        }
        if !self.languages.iter().all(|tag| is_valid_language_tag(tag)) {
            return error("each language must be a BCP 47 tag such as \"en\" or \"pt-BR\"");
        }
        let mut seen = std::collections::BTreeSet::new();
        if !self
            .languages
            .iter()
            .all(|tag| seen.insert(tag.to_ascii_lowercase()))
        {
            return error("languages must not repeat");
        }
        if let Some(zone) = &self.time_zone {
            if !is_known_time_zone(zone) {
                return error(
                    "time_zone must be an IANA time zone such as \"Europe/Oslo\" or \"UTC\"",
                );
            }
        }
        for (field, link) in [
            ("links.webcast", &self.links.webcast),
            ("links.meeting", &self.links.meeting),
        ] {
            if let Some(link) = link {
                if !is_web_link(link) {
                    return Err(SessionValidationError(format!(
                        "{field} must be an http or https address of at most {SESSION_LINK_MAX_CHARS} characters"
                    )));
                }
            }
        }
        if let Some(chair) = &self.chair {
            if chair.trim().is_empty()
                || chair.chars().count() > crate::core::NAME_MAX_CHARS
                || chair.chars().any(char::is_control)
            {
                return error("chair must be 1 to 80 characters, with no control characters");
            }
        }
        if let Some(instructions) = &self.links.instructions {
            let length = instructions.chars().count();
            if instructions.trim().is_empty()
                || length > SESSION_INSTRUCTIONS_MAX_CHARS
                || instructions.chars().any(char::is_control)
            {
                return error(
                    "links.instructions must be 1 to 300 characters, with no control characters",
                );
            }
        }
        Ok(())
    }
}

/// A time zone of the IANA database bundled in the binary, so that the
/// answer is the same on every machine.
pub fn is_known_time_zone(name: &str) -> bool {
    name.len() <= 64 && jiff::tz::TimeZone::get(name).is_ok()
}

/// An absolute http or https address with a host.
fn is_web_link(text: &str) -> bool {
    text.chars().count() <= SESSION_LINK_MAX_CHARS
        && url::Url::parse(text).is_ok_and(|parsed| {
            matches!(parsed.scheme(), "http" | "https") && parsed.host().is_some()
        })
}

pub fn is_valid_slug(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= SESSION_ID_MAX_CHARS
        && !text.starts_with('-')
        && text
            .bytes()
            .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
}

/// A loose BCP 47 check: letters, digits and hyphens, starting with a 2–3
/// letter primary tag, at most 35 characters.
pub fn is_valid_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let Some(primary) = parts.next() else {
        return false;
    };
    let primary_ok =
        (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic());
    primary_ok
        && tag.len() <= 35
        && parts.all(|part| {
            (1..=8).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SessionInfo {
        SessionInfo {
            id: "main-session".into(),
            title: "Opening".into(),
            room: "Plenary hall".into(),
            starts_at: Millis(1000),
            ends_at: Millis(2000),
            languages: vec!["en".into(), "fr".into()],
            state: SessionState::Scheduled,
            live_at: None,
            time_zone: None,
            links: Default::default(),
            chair: None,
        }
    }

    #[test]
    fn validation_table() {
        type Change = fn(&mut SessionInfo);
        let cases: Vec<(&str, Change, bool)> = vec![
            ("sample is valid", |_| {}, true),
            ("empty id", |s| s.id.clear(), false),
            ("upper-case id", |s| s.id = "Main".into(), false),
            ("slash in id", |s| s.id = "a/b".into(), false),
            ("leading hyphen", |s| s.id = "-a".into(), false),
            ("65-char id", |s| s.id = "a".repeat(65), false),
            ("64-char id", |s| s.id = "a".repeat(64), true),
            ("blank title", |s| s.title = "  ".into(), false),
            ("ends before start", |s| s.ends_at = Millis(10), false),
            (
                "ends in the year 10000",
                |s| s.ends_at = Millis::LATEST.plus_millis(1),
                false,
            ),
            (
                "ends at the last writable moment",
                |s| s.ends_at = Millis::LATEST,
                true,
            ),
            (
                "starts before the year 0000",
                |s| s.starts_at = Millis::EARLIEST.plus_millis(-1),
                false,
            ),
            ("no languages", |s| s.languages.clear(), false),
            (
                "bad language",
                |s| s.languages = vec!["english!".into()],
                false,
            ),
            (
                "region subtag",
                |s| s.languages = vec!["pt-BR".into()],
                true,
            ),
            (
                "repeated language",
                |s| s.languages = vec!["en".into(), "EN".into()],
                false,
            ),
            (
                "venue time zone",
                |s| s.time_zone = Some("Europe/Oslo".into()),
                true,
            ),
            ("UTC", |s| s.time_zone = Some("UTC".into()), true),
            (
                "misspelt time zone",
                |s| s.time_zone = Some("Europe/Osloo".into()),
                false,
            ),
            (
                "an offset is not a zone",
                |s| s.time_zone = Some("+02:00".into()),
                false,
            ),
            (
                "meeting and webcast links",
                |s| {
                    s.links.meeting = Some("https://meet.jit.si/igf-ws-12".into());
                    s.links.webcast = Some("http://webcast.example.org/room-3".into());
                },
                true,
            ),
            (
                "a script link",
                |s| s.links.meeting = Some("javascript:alert(1)".into()),
                false,
            ),
            (
                "a relative link",
                |s| s.links.webcast = Some("/webcast".into()),
                false,
            ),
            (
                "an over-long link",
                |s| s.links.webcast = Some(format!("https://example.org/{}", "a".repeat(2000))),
                false,
            ),
            (
                "instructions",
                |s| s.links.instructions = Some("Passcode 4417; unmute when called".into()),
                true,
            ),
            (
                "blank instructions",
                |s| s.links.instructions = Some("  ".into()),
                false,
            ),
            (
                "a title with NUL",
                |s| s.title = "Opening\u{0}".into(),
                false,
            ),
            (
                "a title with an escape sequence",
                |s| s.title = "\u{1b}[2JOpening".into(),
                false,
            ),
            (
                "a title with a newline",
                |s| s.title = "Opening\nWEBVTT".into(),
                false,
            ),
            (
                "a room with a C1 control",
                |s| s.room = "Hall\u{85}A".into(),
                false,
            ),
            (
                "a title in Arabic with an emoji",
                |s| s.title = "الجلسة العامة 🌍".into(),
                true,
            ),
            (
                "instructions with a control character",
                |s| s.links.instructions = Some("a\u{1b}[31m".into()),
                false,
            ),
            (
                "301-character instructions",
                |s| s.links.instructions = Some("a".repeat(301)),
                false,
            ),
        ];
        for (name, change, valid) in cases {
            let mut info = sample();
            change(&mut info);
            assert_eq!(info.validate().is_ok(), valid, "{name}");
        }
    }
}
