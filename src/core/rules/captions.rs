//! Caption text from a captioner's WebSocket (`caption.push`) and from the
//! Zoom-style HTTP API (`caption.post`); line assembly itself is
//! `core::captions`.

use super::{caption_applied, joined_participant};
use crate::core::applied::Applied;
use crate::core::attributes::Role;
use crate::core::captions::{self, CaptionWriter};
use crate::core::command::Actor;
use crate::core::rejection::{Rejection, RejectionCode};
use crate::core::state::State;
use crate::core::time::Millis;

pub(crate) fn caption_push(
    state: &mut State,
    lang: &str,
    text: &str,
    is_final: bool,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    let participant = joined_participant(state, actor)?;
    if participant.role != Role::Captioner {
        return Err(Rejection::new(
            RejectionCode::Forbidden,
            "only a captioner can push captions; join with a captioner invite token",
        ));
    }
    let writer = CaptionWriter::Participant(participant.id.clone());
    captions::check_session_is_live(&state.info)?;
    let lang = captions::resolve_language(&state.info, lang)?;
    captions::check_push_text(text)?;
    let output = state.captions.push(lang, writer, text, is_final, now);
    Ok(caption_applied(state, output, Vec::new(), now))
}

pub(crate) fn caption_post(
    state: &mut State,
    lang: Option<&str>,
    body: &str,
    post_seq: u64,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    let Actor::CaptionApi(invite) = actor else {
        return Err(Rejection::new(
            RejectionCode::Forbidden,
            "caption posts come with a captioner invite token",
        ));
    };
    captions::check_session_is_live(&state.info)?;
    let lang = match lang {
        Some(requested) => captions::resolve_language(&state.info, requested)?,
        None => state.info.languages[0].clone(),
    };
    let segments = captions::split_post_body(body)?;
    let Some(output) = state
        .captions
        .post(lang, invite.clone(), &segments, post_seq, now)
    else {
        return Ok(Applied::default());
    };
    Ok(caption_applied(state, output, Vec::new(), now))
}
