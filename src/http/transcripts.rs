//! `GET /api/sessions/{id}/transcript.{vtt,srt,txt}?lang=en`: one caption
//! track's finished lines as WebVTT, SubRip or plain text, read from the
//! store, so they are complete while the session is live and after it ends.

use super::error::ApiError;
use super::AppState;
use crate::core::{resolve_language, Event};
use crate::transcript::{to_srt, to_txt, to_vtt, track_lines, TranscriptHeader};
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

#[derive(Clone, Copy)]
pub enum TranscriptFormat {
    WebVtt,
    SubRip,
    PlainText,
}

impl TranscriptFormat {
    fn content_type(self) -> &'static str {
        match self {
            TranscriptFormat::WebVtt => "text/vtt; charset=utf-8",
            TranscriptFormat::SubRip => "application/x-subrip; charset=utf-8",
            TranscriptFormat::PlainText => "text/plain; charset=utf-8",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            TranscriptFormat::WebVtt => "vtt",
            TranscriptFormat::SubRip => "srt",
            TranscriptFormat::PlainText => "txt",
        }
    }
}

#[derive(Deserialize)]
pub struct TranscriptQuery {
    lang: Option<String>,
}

pub async fn transcript(
    format: TranscriptFormat,
    State(state): State<AppState>,
    Path(session_id): Path<String>,
    Query(query): Query<TranscriptQuery>,
) -> Result<Response, ApiError> {
    let session = state
        .hub
        .session_info(&session_id)
        .ok_or_else(|| ApiError::not_found("no such session"))?;
    let lang = match &query.lang {
        Some(requested) => resolve_language(&session, requested)
            .map_err(|rejection| ApiError::bad_request("invalid_field", rejection.message))?,
        None => session.languages[0].clone(),
    };
    let rows = state
        .hub
        .store
        .events_of_kinds(&session_id, &["caption.final", "caption.speaker"])
        .await
        .map_err(|error| ApiError::internal(error.to_string()))?;
    let mut events = Vec::with_capacity(rows.len());
    for row in rows {
        let event: Event = serde_json::from_str(&row.json)
            .map_err(|error| ApiError::internal(format!("stored event {}: {error}", row.seq)))?;
        events.push(event);
    }
    let lines = track_lines(&events, &lang);
    let header = TranscriptHeader {
        session_id: &session.id,
        title: &session.title,
        lang: &lang,
        origin: session.live_at.unwrap_or(session.starts_at),
    };
    let text = match format {
        TranscriptFormat::WebVtt => to_vtt(&header, &lines),
        TranscriptFormat::SubRip => to_srt(&header, &lines),
        TranscriptFormat::PlainText => to_txt(&header, &lines),
    };
    let disposition = format!(
        "inline; filename=\"{}-{}.{}\"",
        session.id,
        lang,
        format.extension()
    );
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        text,
    )
        .into_response())
}
