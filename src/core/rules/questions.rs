//! Rules of online questions; see `core::questions`.

use super::joined_participant;
use super::{checked_text, events, not_found, require_moderator};
use crate::core::applied::Applied;
use crate::core::command::{Actor, QuestionAction};
use crate::core::event::EventBody;
use crate::core::ids::Sender;
use crate::core::questions::{
    QuestionStatus, QuestionView, DISMISS_REASON_MAX_CHARS, QUESTIONS_OPEN_PER_PARTICIPANT_MAX,
    QUESTION_MAX_CHARS,
};
use crate::core::rejection::{Rejection, RejectionCode};
use crate::core::state::State;
use crate::core::time::Millis;

pub(crate) fn question_ask(
    state: &mut State,
    text: &str,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    let participant = joined_participant(state, actor)?.clone();
    state.info.check_not_ended()?;
    let text = checked_text(text, "text", QUESTION_MAX_CHARS, true)?;
    // Moderators are exempt, as from slow mode: they enter the questions
    // that come in by email or from the room.
    if !participant.role.is_moderator()
        && state.questions.open_questions_of(&participant.id) >= QUESTIONS_OPEN_PER_PARTICIPANT_MAX
    {
        return Err(Rejection::new(
            RejectionCode::Capacity,
            format!(
                "you have {QUESTIONS_OPEN_PER_PARTICIPANT_MAX} open questions; ask another once one is answered or dismissed"
            ),
        ));
    }
    if !participant.role.is_staff() {
        state.written_text.check_room_for(&participant.id, &text)?;
    }
    let status = if state.questions.premoderation {
        QuestionStatus::Pending
    } else {
        QuestionStatus::Approved
    };
    let question = QuestionView {
        id: state.questions.next_id.max(1),
        from: Sender {
            id: participant.id.clone(),
            name: participant.name.clone(),
            role: participant.role.is_staff().then_some(participant.role),
        },
        mode: participant.mode,
        text,
        status,
        votes: 0,
        asked_at: now,
        reason: None,
    };
    Ok(events(
        state,
        vec![EventBody::QuestionAsked { question }],
        now,
    ))
}

pub(crate) fn question_upvote(
    state: &mut State,
    question: u64,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    let voter = joined_participant(state, actor)?.id.clone();
    state.info.check_not_ended()?;
    let Some(item) = state
        .questions
        .get(question)
        .filter(|item| item.view.status.is_public())
    else {
        return Err(not_found(format!("no open question {question}")));
    };
    if item.view.status == QuestionStatus::Answered {
        return Err(Rejection::new(
            RejectionCode::InvalidField,
            "this question has been answered",
        ));
    }
    if item.view.from.id == voter {
        return Err(Rejection::new(
            RejectionCode::InvalidField,
            "you cannot upvote your own question",
        ));
    }
    if item.voters.contains(&voter) {
        return Err(Rejection::new(
            RejectionCode::AlreadyVoted,
            "you have already upvoted this question",
        ));
    }
    let votes = item.view.votes + 1;
    let upvoted = EventBody::QuestionUpvoted {
        question,
        by: voter,
        votes,
    };
    Ok(events(state, vec![upvoted], now))
}

pub(crate) fn question_moderate(
    state: &mut State,
    question: u64,
    action: QuestionAction,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    require_moderator(state, actor)?;
    state.info.check_not_ended()?;
    let Some(item) = state.questions.get(question) else {
        return Err(not_found(format!("no question {question}")));
    };
    let current = item.view.status;
    let refuse = |what: &str| {
        Err(Rejection::new(
            RejectionCode::InvalidField,
            format!("a {} question cannot be {what}", status_name(current)),
        ))
    };
    let body = match action {
        QuestionAction::Approve => {
            if current != QuestionStatus::Pending {
                return refuse("approved");
            }
            let mut view = item.view.clone();
            view.status = QuestionStatus::Approved;
            EventBody::QuestionApproved { question: view }
        }
        QuestionAction::Dismiss { reason } => {
            if matches!(
                current,
                QuestionStatus::Dismissed | QuestionStatus::Answered
            ) {
                return refuse("dismissed");
            }
            let reason = match reason {
                Some(reason) => Some(checked_text(
                    &reason,
                    "reason",
                    DISMISS_REASON_MAX_CHARS,
                    false,
                )?),
                None => None,
            };
            EventBody::QuestionStatusChanged {
                question,
                asker: item.view.from.id.clone(),
                status: QuestionStatus::Dismissed,
                reason,
                public: item.was_public,
            }
        }
        QuestionAction::Answering => {
            if current != QuestionStatus::Approved {
                return refuse("marked as being answered");
            }
            status_change(
                item.view.from.id.clone(),
                question,
                QuestionStatus::Answering,
            )
        }
        QuestionAction::Answered => {
            if !matches!(
                current,
                QuestionStatus::Approved | QuestionStatus::Answering
            ) {
                return refuse("marked as answered");
            }
            status_change(
                item.view.from.id.clone(),
                question,
                QuestionStatus::Answered,
            )
        }
    };
    Ok(events(state, vec![body], now))
}

fn status_change(
    asker: crate::core::ParticipantId,
    question: u64,
    status: QuestionStatus,
) -> EventBody {
    EventBody::QuestionStatusChanged {
        question,
        asker,
        status,
        reason: None,
        public: true,
    }
}

fn status_name(status: QuestionStatus) -> &'static str {
    match status {
        QuestionStatus::Pending => "pending",
        QuestionStatus::Approved => "approved",
        QuestionStatus::Answering => "being answered",
        QuestionStatus::Answered => "answered",
        QuestionStatus::Dismissed => "dismissed",
    }
}

pub(crate) fn questions_configure(
    state: &mut State,
    premoderation: bool,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    require_moderator(state, actor)?;
    state.info.check_not_ended()?;
    if state.questions.premoderation == premoderation {
        return Ok(Applied::default());
    }
    Ok(events(
        state,
        vec![EventBody::QuestionsUpdated { premoderation }],
        now,
    ))
}
