//! How much text participants have had stored in a session, against the
//! documented bounds: chat messages and questions are the only things a
//! participant can have stored at length, so bounding their bytes per
//! participant and per session bounds what a hostile participant (or many,
//! under fresh names) can make the store keep. Staff are not counted: their
//! text is the session's own (a moderator types in the room's questions).
//!
//! The tally moves only in `evolve`, from the stored events, so it is the
//! same after a restart and on every node.

use super::ids::{ParticipantId, Sender};
use super::rejection::{Rejection, RejectionCode};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The most chat and question text (UTF-8 bytes) kept from one participant
/// in one session: about 1,300 messages of 200 characters.
pub const WRITTEN_BYTES_PER_PARTICIPANT_MAX: u64 = 256 * 1024;
/// The most chat and question text kept from all participants of one
/// session together.
pub const WRITTEN_BYTES_PER_SESSION_MAX: u64 = 32 * 1024 * 1024;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct WrittenText {
    by_participant: BTreeMap<ParticipantId, u64>,
    total: u64,
}

impl WrittenText {
    /// Counts a stored text against its author, unless the author is staff.
    pub fn record(&mut self, author: &Sender, text: &str) {
        if author.role.is_some() {
            return;
        }
        let bytes = text.len() as u64;
        *self.by_participant.entry(author.id.clone()).or_default() += bytes;
        self.total += bytes;
    }

    /// Whether `text` from this (non-staff) participant still fits both
    /// bounds; if not, a `capacity` refusal that says which.
    pub fn check_room_for(&self, participant: &ParticipantId, text: &str) -> Result<(), Rejection> {
        let bytes = text.len() as u64;
        let written = self.by_participant.get(participant).copied().unwrap_or(0);
        if written + bytes > WRITTEN_BYTES_PER_PARTICIPANT_MAX {
            return Err(Rejection::new(
                RejectionCode::Capacity,
                format!(
                    "you have written the most this session keeps from one participant ({} KiB of chat and questions)",
                    WRITTEN_BYTES_PER_PARTICIPANT_MAX / 1024
                ),
            ));
        }
        if self.total + bytes > WRITTEN_BYTES_PER_SESSION_MAX {
            return Err(Rejection::new(
                RejectionCode::Capacity,
                format!(
                    "this session has stored the most chat and questions it keeps ({} MiB); moderators can still write",
                    WRITTEN_BYTES_PER_SESSION_MAX / (1024 * 1024)
                ),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sender(id: &str, role: Option<crate::core::Role>) -> Sender {
        Sender {
            id: ParticipantId(id.to_owned()),
            name: id.to_owned(),
            role,
        }
    }

    #[test]
    fn each_participant_has_an_allowance_and_staff_are_not_counted() {
        let mut written = WrittenText::default();
        let text = "x".repeat(1024);
        for _ in 0..WRITTEN_BYTES_PER_PARTICIPANT_MAX / 1024 {
            assert!(written
                .check_room_for(&ParticipantId("p1".to_owned()), &text)
                .is_ok());
            written.record(&sender("p1", None), &text);
            written.record(&sender("m1", Some(crate::core::Role::Moderator)), &text);
        }
        let refused = written
            .check_room_for(&ParticipantId("p1".to_owned()), "y")
            .unwrap_err();
        assert_eq!(refused.code, RejectionCode::Capacity);
        assert!(refused.message.contains("256 KiB"), "{}", refused.message);
        assert!(written
            .check_room_for(&ParticipantId("p2".to_owned()), &text)
            .is_ok());
        assert_eq!(written.total, WRITTEN_BYTES_PER_PARTICIPANT_MAX);
    }

    #[test]
    fn the_session_as_a_whole_has_a_bound() {
        let mut written = WrittenText::default();
        let text = "x".repeat(128 * 1024);
        let mut participant = 0;
        while written.total + 128 * 1024 <= WRITTEN_BYTES_PER_SESSION_MAX {
            participant += 1;
            written.record(&sender(&format!("p{participant}"), None), &text);
        }
        let refused = written
            .check_room_for(&ParticipantId("newcomer".to_owned()), &text)
            .unwrap_err();
        assert!(refused.message.contains("32 MiB"), "{}", refused.message);
    }
}
