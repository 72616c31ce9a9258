//! The one entry point of the core: `apply(state, command, actor, now)`.

use super::applied::Applied;
use super::attributes::Role;
use super::command::{Actor, Command};
use super::floor::HandKind;
use super::rejection::{Rejection, RejectionCode};
use super::rules;
use super::state::State;
use super::time::Millis;

/// Applies one command. On success the state has moved on and the result
/// says what to store and broadcast; on rejection the state is unchanged.
pub fn apply(
    state: &mut State,
    command: Command,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    refuse_commands_from_displays(state, &command, actor)?;
    match command {
        Command::Join(request) => rules::join::join(state, request, actor, now),
        Command::Leave => Ok(rules::join::leave(state, actor, now)),
        Command::ChatSend { text } => rules::chat::chat_send(state, &text, actor, now),
        Command::UpdateSession(changes) => {
            rules::session::update_session(state, changes, actor, now)
        }
        Command::CaptionPush {
            lang,
            text,
            is_final,
        } => rules::captions::caption_push(state, &lang, &text, is_final, actor, now),
        Command::CaptionPost {
            lang,
            body,
            post_seq,
        } => rules::captions::caption_post(state, lang.as_deref(), &body, post_seq, actor, now),
        Command::Tick => Ok(rules::session::tick(state, actor, now)),
        Command::HandRaise => rules::floor::hand_raise(state, HandKind::Speak, None, actor, now),
        Command::HandRaiseWith { kind, topic } => {
            rules::floor::hand_raise(state, kind, topic.as_deref(), actor, now)
        }
        Command::HandLower => rules::floor::hand_lower(state, actor, now),
        Command::QueueAddOnsite {
            name,
            stakeholder,
            region,
        } => rules::floor::queue_add_onsite(state, &name, stakeholder, region, actor, now),
        Command::QueueLower { entry } => rules::floor::queue_lower(state, entry, actor, now),
        Command::QueueLowerAll => rules::floor::queue_lower_all(state, actor, now),
        Command::QueueMove { entry, position } => {
            rules::floor::queue_move(state, entry, position, actor, now)
        }
        Command::QueueConfigure {
            open,
            policy,
            hold_grace_seconds,
            replies,
            max_turns,
            default_limit_seconds,
        } => {
            let changes = rules::floor::QueueChanges {
                open,
                policy,
                hold_grace_seconds,
                replies,
                max_turns,
                default_limit_seconds,
            };
            rules::floor::queue_configure(state, changes, actor, now)
        }
        Command::QueueSetKind { entry, kind } => {
            rules::floor::queue_set_kind(state, entry, kind, actor, now)
        }
        Command::QueueRefusePriority { entry } => {
            rules::floor::queue_refuse_priority(state, entry, actor, now)
        }
        Command::QueueAllowTurn { participant } => {
            rules::floor::queue_allow_turn(state, &participant, actor, now)
        }
        Command::FloorGrant {
            entry,
            limit_seconds,
        } => rules::floor::floor_grant(state, entry, limit_seconds, actor, now),
        Command::FloorEnd => rules::floor::floor_end(state, actor, now),
        Command::QuestionAsk { text } => rules::questions::question_ask(state, &text, actor, now),
        Command::QuestionUpvote { question } => {
            rules::questions::question_upvote(state, question, actor, now)
        }
        Command::QuestionModerate { question, action } => {
            rules::questions::question_moderate(state, question, action, actor, now)
        }
        Command::QuestionsConfigure { premoderation } => {
            rules::questions::questions_configure(state, premoderation, actor, now)
        }
        Command::ChatConfigure { mode, slow_seconds } => {
            rules::moderation::chat_configure(state, mode, slow_seconds, actor, now)
        }
        Command::ChatDelete { message } => {
            rules::moderation::chat_delete(state, message, actor, now)
        }
        Command::AnnouncementPin { text } => {
            rules::moderation::announcement_pin(state, text.as_deref(), actor, now)
        }
        Command::ParticipantRemove { participant, ban } => {
            rules::moderation::participant_remove(state, &participant, ban, actor, now)
        }
        Command::ParticipantSetRole { participant, role } => {
            rules::moderation::participant_set_role(state, &participant, role, actor, now)
        }
        Command::ParticipantUnban { participant } => {
            rules::moderation::participant_unban(state, &participant, actor, now)
        }
        Command::HubConfirm {
            participant,
            headcount,
        } => rules::moderation::hub_confirm(state, &participant, headcount, actor, now),
        Command::PollOpen(spec) => rules::polls::poll_open(state, spec, actor, now),
        Command::PollAnswer { poll, choices } => {
            rules::polls::poll_answer(state, poll, &choices, actor)
        }
        Command::PollHubCount { poll, counts } => {
            rules::polls::poll_hub_count(state, poll, counts, actor)
        }
        Command::PollChairCount { poll, counts } => {
            rules::polls::poll_chair_count(state, poll, counts, actor)
        }
        Command::PollClose { poll } => rules::polls::poll_close(state, poll, actor, now),
        Command::PollPublish { poll } => rules::polls::poll_publish(state, poll, actor, now),
        Command::CaptionSpeakerSet {
            lang,
            line,
            speaker,
        } => rules::captions::caption_set_speaker(state, &lang, line, speaker, actor, now),
        Command::StartSession => rules::session::start_session(state, actor, now),
        Command::EndSession => rules::session::end_session(state, actor, now),
        Command::InviteIssue {
            invite,
            role,
            label,
            expires_at,
        } => rules::invites::invite_issue(state, invite, role, label, expires_at, actor, now),
        Command::InviteRevoke { invite } => {
            rules::invites::invite_revoke(state, &invite, actor, now)
        }
        Command::NodeDown { node } => rules::node::node_down(state, &node, actor, now),
    }
}

/// A room display only shows the session: it may join and leave, nothing else.
fn refuse_commands_from_displays(
    state: &State,
    command: &Command,
    actor: &Actor,
) -> Result<(), Rejection> {
    if matches!(command, Command::Join(_) | Command::Leave) {
        return Ok(());
    }
    let Actor::Connection(connection) = actor else {
        return Ok(());
    };
    match state.participant_of(connection) {
        Some(participant) if participant.role == Role::Display => Err(Rejection::new(
            RejectionCode::Forbidden,
            "a room display only shows the session; it sends no commands",
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
#[path = "apply_tests.rs"]
mod tests;
