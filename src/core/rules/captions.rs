//! Caption text from a captioner's WebSocket (`caption.push`) and from the
//! Zoom-style HTTP API (`caption.post`); line assembly itself is
//! `core::captions`.

use super::{caption_applied, checked_name, joined_participant};
use crate::core::applied::{Applied, Record};
use crate::core::attributes::Role;
use crate::core::attributes::{Mode, Stakeholder};
use crate::core::captions::{self, CaptionSpeaker, CaptionWriter};
use crate::core::command::Actor;
use crate::core::event::EventBody;
use crate::core::ids::ParticipantId;
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
    let speaker = speaker_now(state);
    let output = state
        .captions
        .push(lang, writer, text, is_final, &speaker, now);
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
    super::invites::check_not_revoked(state, Some(invite))?;
    captions::check_session_is_live(&state.info)?;
    let lang = match lang {
        Some(requested) => captions::resolve_language(&state.info, requested)?,
        None => state.info.languages[0].clone(),
    };
    // A retry of a post already applied is acknowledged and not applied again.
    if !state.captions.check_post_seq(invite, post_seq)? {
        return Ok(Applied::default());
    }
    let segments = captions::split_post_body(body)?;
    let speaker = speaker_now(state);
    let output = state
        .captions
        .post(lang, invite.clone(), &segments, post_seq, &speaker, now);
    let mut applied = caption_applied(state, output, Vec::new(), now);
    // Noted with a finished line, which is stored anyway: a partial alone
    // never costs a store write.
    if !applied.events.is_empty() {
        applied.records.push(Record::InviteUsed {
            invite: invite.clone(),
            at: now,
        });
    }
    Ok(applied)
}

/// Who is speaking now, for a caption line that begins: whoever holds the
/// floor, or between turns the chair the session names.
fn speaker_now(state: &State) -> Option<CaptionSpeaker> {
    match state.floor.speaker() {
        Some(turn) => Some(CaptionSpeaker {
            participant: turn.entry.participant.clone(),
            name: turn.entry.name.clone(),
            stakeholder: turn.entry.stakeholder,
            mode: Some(turn.entry.mode),
            chair: false,
        }),
        None => state.info.chair.as_ref().map(|chair| chair_speaker(chair)),
    }
}

fn chair_speaker(name: &str) -> CaptionSpeaker {
    CaptionSpeaker {
        participant: None,
        name: name.to_owned(),
        stakeholder: None,
        mode: None,
        chair: true,
    }
}

/// Who a captioner says said a line.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpeakerCorrection {
    /// A participant of the session: their name, group and mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participant: Option<ParticipantId>,
    /// The chair, as the session names them.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub chair: bool,
    /// Anyone else, such as a voice from the floor with no turn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stakeholder: Option<Stakeholder>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<Mode>,
}

/// A captioner corrects who said a finished line of a track.
pub(crate) fn caption_set_speaker(
    state: &mut State,
    lang: &str,
    line: u64,
    correction: SpeakerCorrection,
    actor: &Actor,
    now: Millis,
) -> Result<Applied, Rejection> {
    let participant = joined_participant(state, actor)?;
    if participant.role != Role::Captioner {
        return Err(Rejection::new(
            RejectionCode::Forbidden,
            "only a captioner corrects who said a line",
        ));
    }
    state.info.check_not_ended()?;
    let lang = captions::resolve_language(&state.info, lang)?;
    if !state.captions.is_finished(&lang, line) {
        return Err(Rejection::new(
            RejectionCode::NotFound,
            format!("no finished line {line} on the {lang} track"),
        ));
    }
    let speaker = match correction {
        SpeakerCorrection {
            participant: Some(id),
            chair: false,
            name: None,
            ..
        } => {
            let known = state
                .participant(&id)
                .ok_or_else(|| Rejection::new(RejectionCode::NotFound, "no such participant"))?;
            CaptionSpeaker {
                participant: Some(id),
                name: known.name.clone(),
                stakeholder: Some(known.stakeholder),
                mode: Some(known.mode),
                chair: false,
            }
        }
        SpeakerCorrection {
            participant: None,
            chair: true,
            name: None,
            ..
        } => {
            let chair = state.info.chair.as_deref().ok_or_else(|| {
                Rejection::new(
                    RejectionCode::InvalidField,
                    "the session names no chair; give the speaker's name",
                )
            })?;
            chair_speaker(chair)
        }
        SpeakerCorrection {
            participant: None,
            chair: false,
            name: Some(name),
            stakeholder,
            mode,
        } => CaptionSpeaker {
            participant: None,
            name: checked_name(&name, "speaker name")?,
            stakeholder,
            mode,
            chair: false,
        },
        _ => {
            return Err(Rejection::new(
                RejectionCode::InvalidField,
                "give exactly one of participant, chair or name",
            ))
        }
    };
    let corrected = EventBody::CaptionSpeakerCorrected {
        lang,
        line,
        speaker,
    };
    Ok(super::events(state, vec![corrected], now))
}
