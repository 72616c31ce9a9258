//! Chat rules.

use super::rejection::{Rejection, RejectionCode};

/// The longest chat message, in Unicode scalar values.
pub const CHAT_MAX_CHARS: usize = 2000;

/// How many recent chat messages a newcomer receives in `welcome`.
pub const CHAT_HISTORY_IN_WELCOME: usize = 50;

/// Checks a chat text and returns it with surrounding white space removed.
/// The text is never interpreted: no markup, no HTML.
pub fn checked_chat_text(text: &str) -> Result<String, Rejection> {
    checked_text(text, "text", CHAT_MAX_CHARS, true)
}

/// Checks a participant's text field (chat, questions, announcements,
/// reasons): trimmed, not empty, at most `max_chars` Unicode scalar values,
/// and no control characters (newline, carriage return and tab allowed when
/// `allow_newlines`). Returns it trimmed.
pub(crate) fn checked_text(
    text: &str,
    field: &str,
    max_chars: usize,
    allow_newlines: bool,
) -> Result<String, Rejection> {
    let trimmed = text.trim();
    if crate::core::names::is_visibly_blank(trimmed) {
        return Err(Rejection::new(
            RejectionCode::InvalidField,
            format!("{field} must not be empty (invisible characters do not count)"),
        ));
    }
    if trimmed.chars().count() > max_chars {
        return Err(Rejection::new(
            RejectionCode::TooLarge,
            format!("{field} must be at most {max_chars} characters"),
        ));
    }
    let is_refused_control = |character: char| {
        character.is_control() && !(allow_newlines && matches!(character, '\n' | '\t' | '\r'))
    };
    if trimmed.chars().any(is_refused_control) {
        let message = if allow_newlines {
            format!("{field} must not contain control characters other than newline and tab")
        } else {
            format!("{field} must not contain control characters")
        };
        return Err(Rejection::new(RejectionCode::InvalidField, message));
    }
    Ok(trimmed.to_owned())
}
