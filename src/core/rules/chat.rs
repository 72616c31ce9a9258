//! Sending a chat message. Chat modes, deletion and bans are moderation's.

use super::joined_participant;
use crate::core::applied::Applied;
use crate::core::chat::checked_chat_text;
use crate::core::command::Actor;
use crate::core::event::EventBody;
use crate::core::evolve::emit;
use crate::core::ids::Sender;
use crate::core::rejection::Rejection;
use crate::core::rules;
use crate::core::state::State;
use crate::core::time::Millis;

pub(crate) fn chat_send(
    state: &mut State,
    text: &str,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    let participant = joined_participant(state, actor)?;
    state.info.check_not_ended()?;
    let text = checked_chat_text(text)?;
    rules::moderation::check_chat_allowed(state, &participant.id, participant.role, now)?;
    if !participant.role.is_staff() {
        state.written_text.check_room_for(&participant.id, &text)?;
    }
    let from = Sender {
        id: participant.id.clone(),
        name: participant.name.clone(),
        role: participant.role.is_staff().then_some(participant.role),
    };
    let events = emit(state, vec![EventBody::ChatMessage { from, text }], now);
    Ok(Applied {
        events,
        ..Applied::default()
    })
}
