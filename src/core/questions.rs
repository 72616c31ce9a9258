//! Online questions: asked by participants, upvoted once per participant,
//! and moderated (approved, dismissed with a reason, being answered,
//! answered).
//!
//! With pre-moderation on, a new question reaches only moderators and its
//! asker until it is approved. Dismissals are never silent: the asker is
//! always told, with the reason, and the report counts them.

use super::attributes::Mode;
use super::ids::{ParticipantId, Sender};
use super::time::Millis;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The longest question, in Unicode scalar values.
pub const QUESTION_MAX_CHARS: usize = 1000;
/// The longest dismissal reason.
pub const DISMISS_REASON_MAX_CHARS: usize = 200;
/// How many questions one participant may have open (waiting, approved or
/// being answered) at once. One person's flood cannot bury everyone
/// else's questions, and a session's open questions grow with its people,
/// not with one connection's stamina.
pub const QUESTIONS_OPEN_PER_PARTICIPANT_MAX: usize = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionStatus {
    /// Waiting for a moderator (pre-moderation).
    Pending,
    /// Visible to everyone, open for votes.
    Approved,
    /// Being answered now.
    Answering,
    Answered,
    Dismissed,
}

impl QuestionStatus {
    /// Whether everyone may see a question in this status.
    pub fn is_public(self) -> bool {
        matches!(
            self,
            QuestionStatus::Approved | QuestionStatus::Answering | QuestionStatus::Answered
        )
    }
}

/// A question as clients see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionView {
    pub id: u64,
    pub from: Sender,
    pub mode: Mode,
    pub text: String,
    pub status: QuestionStatus,
    pub votes: u32,
    pub asked_at: Millis,
    /// Why a moderator dismissed it, if they said; kept for as long as the
    /// question is dismissed, so that a later `welcome` shows it too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Question {
    pub(crate) view: QuestionView,
    pub(crate) voters: BTreeSet<ParticipantId>,
    /// Whether everyone has seen it (it was public at some point).
    pub(crate) was_public: bool,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Questions {
    pub(crate) items: BTreeMap<u64, Question>,
    pub(crate) premoderation: bool,
    pub(crate) next_id: u64,
}

impl Questions {
    pub fn premoderation(&self) -> bool {
        self.premoderation
    }

    /// Every question someone may see: all for moderators, otherwise the
    /// public ones and the viewer's own.
    pub fn visible_to<'a>(
        &'a self,
        viewer: &'a ParticipantId,
        is_moderator: bool,
    ) -> impl Iterator<Item = &'a QuestionView> + 'a {
        self.items
            .values()
            .filter(move |question| {
                is_moderator || question.view.status.is_public() || &question.view.from.id == viewer
            })
            .map(|question| &question.view)
    }

    /// How many of a participant's questions are still open.
    pub fn open_questions_of(&self, participant: &ParticipantId) -> usize {
        self.items
            .values()
            .filter(|question| {
                &question.view.from.id == participant
                    && matches!(
                        question.view.status,
                        QuestionStatus::Pending
                            | QuestionStatus::Approved
                            | QuestionStatus::Answering
                    )
            })
            .count()
    }

    /// The questions someone may see with an id below `before`, newest
    /// first: how a `welcome` and its pages list them.
    pub fn visible_to_before<'a>(
        &'a self,
        viewer: &'a ParticipantId,
        is_moderator: bool,
        before: u64,
    ) -> impl Iterator<Item = &'a QuestionView> + 'a {
        self.items
            .range(..before)
            .rev()
            .map(|(_, question)| question)
            .filter(move |question| {
                is_moderator || question.view.status.is_public() || &question.view.from.id == viewer
            })
            .map(|question| &question.view)
    }

    pub(crate) fn get(&self, id: u64) -> Option<&Question> {
        self.items.get(&id)
    }

    pub(crate) fn get_mut(&mut self, id: u64) -> Option<&mut Question> {
        self.items.get_mut(&id)
    }

    pub(crate) fn remember(&mut self, view: QuestionView) {
        self.next_id = self.next_id.max(view.id + 1);
        let was_public = view.status.is_public();
        self.items.insert(
            view.id,
            Question {
                view,
                voters: BTreeSet::new(),
                was_public,
            },
        );
    }
}
