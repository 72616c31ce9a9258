//! Chat rules.

use super::rejection::{Rejection, RejectionCode};

/// The longest chat message, in Unicode scalar values.
pub const CHAT_MAX_CHARS: usize = 2000;

/// How many recent chat messages a newcomer receives in `welcome`.
pub const CHAT_HISTORY_IN_WELCOME: usize = 50;

/// Checks a chat text and returns it with surrounding white space removed.
/// The text is never interpreted: no markup, no HTML.
pub fn checked_chat_text(text: &str) -> Result<String, Rejection> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(Rejection::new(
            RejectionCode::InvalidField,
            "text must not be empty",
        ));
    }
    if trimmed.chars().count() > CHAT_MAX_CHARS {
        return Err(Rejection::new(
            RejectionCode::TooLarge,
            format!("text must be at most {CHAT_MAX_CHARS} characters"),
        ));
    }
    let is_refused_control =
        |character: char| character.is_control() && !matches!(character, '\n' | '\t' | '\r');
    if trimmed.chars().any(is_refused_control) {
        return Err(Rejection::new(
            RejectionCode::InvalidField,
            "text must not contain control characters other than newline and tab",
        ));
    }
    Ok(trimmed.to_owned())
}
