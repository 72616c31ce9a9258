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
        return Err(Rejection::new(RejectionCode::InvalidField, "text must not be empty"));
    }
    if trimmed.chars().count() > CHAT_MAX_CHARS {
        return Err(Rejection::new(
            RejectionCode::TooLarge,
            format!("text must be at most {CHAT_MAX_CHARS} characters"),
        ));
    }
    if trimmed.chars().any(|character| character == '\0') {
        return Err(Rejection::new(RejectionCode::InvalidField, "text must not contain NUL"));
    }
    Ok(trimmed.to_owned())
}
