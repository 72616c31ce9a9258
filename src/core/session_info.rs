//! A session as the organiser describes it: slug, title, room, schedule,
//! caption languages and lifecycle state.

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
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionValidationError(pub String);

pub const SESSION_ID_MAX_CHARS: usize = 64;
pub const SESSION_TITLE_MAX_CHARS: usize = 200;
pub const SESSION_ROOM_MAX_CHARS: usize = 100;
pub const SESSION_MAX_LANGUAGES: usize = 16;

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
        if self.title.trim().is_empty() || self.title.chars().count() > SESSION_TITLE_MAX_CHARS {
            return error("title must be 1 to 200 characters");
        }
        if self.room.chars().count() > SESSION_ROOM_MAX_CHARS {
            return error("room must be at most 100 characters");
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
        Ok(())
    }
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
        ];
        for (name, change, valid) in cases {
            let mut info = sample();
            change(&mut info);
            assert_eq!(info.validate().is_ok(), valid, "{name}");
        }
    }
}
