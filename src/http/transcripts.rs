//! `GET /api/sessions/{id}/transcript.{vtt,srt,txt}?lang=en`: one caption
//! track's finished lines as WebVTT, SubRip or plain text, read from the
//! store, so they are complete while the session is live and after it ends.
//!
//! A transcript can be megabytes, and anyone may download it, so the live
//! path must never pay for it: each rendering is kept (see
//! [`TranscriptCache`]) until its track gets a new line or its session a
//! new title or start, is made on a blocking thread one at a time, carries
//! a strong `ETag` (`If-None-Match` answers `304`), and each client address
//! may download only so many per minute.

use super::error::ApiError;
use super::transcript_cache::{Rendering, TranscriptCache, TranscriptKey, TranscriptVersion};
use super::AppState;
use crate::core::{resolve_language, Event, SessionInfo};
use crate::hub::limits::AddressLimiter;
use crate::metrics::RateLimit;
use crate::store::sqlite::SqliteStore;
use crate::store::{Store, StoredRow};
use crate::transcript::{
    to_srt, to_txt, to_vtt, track_lines, TranscriptHeader, TRANSCRIPT_EVENT_KINDS,
};
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::net::SocketAddr;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
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

/// What transcript downloads share: the cache, the store it is read from,
/// and the per-address download limit.
pub struct Transcripts {
    pub cache: TranscriptCache,
    /// The store, as itself: it knows each session's last caption line.
    pub store: Arc<SqliteStore>,
    pub limiter: AddressLimiter,
    /// Renderings are made one at a time, so that however many download at
    /// once, at most one blocking thread (of a small machine's few cores)
    /// renders, and a download waiting here finds the rendering made for
    /// the one before it.
    rendering: tokio::sync::Semaphore,
}

impl Transcripts {
    pub fn new(store: Arc<SqliteStore>, downloads_per_ip_per_minute: u32) -> Transcripts {
        Transcripts {
            cache: TranscriptCache::default(),
            store,
            limiter: AddressLimiter::per_minute(downloads_per_ip_per_minute),
            rendering: tokio::sync::Semaphore::new(1),
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
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: HeaderMap,
) -> Result<Response, ApiError> {
    let transcripts = &state.transcripts;
    if let Err(wait) = transcripts.limiter.check(peer.ip()) {
        state
            .hub
            .metrics
            .count_rate_limit_hit(RateLimit::Transcripts);
        let retry_after = wait.as_secs_f64().ceil().max(1.0) as u64;
        let mut refused = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!(
                "too many transcript downloads from this address (at most {} per minute); retry in {retry_after} s",
                state.edge.transcripts_per_ip_per_minute
            ),
        )
        .into_response();
        refused
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        return Ok(refused);
    }
    let session = state
        .hub
        .session_info(&session_id)
        .ok_or_else(|| ApiError::not_found("no such session"))?;
    let lang = match &query.lang {
        Some(requested) => resolve_language(&session, requested)
            .map_err(|rejection| ApiError::bad_request("invalid_field", rejection.message))?,
        None => session.languages[0].clone(),
    };
    let key = TranscriptKey {
        session: session.id.clone(),
        format,
        lang,
    };
    let rendering = current_rendering(&state, &key, session).await?;
    let mut response = if super::web::etag_matches(&request, &rendering.etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let disposition = format!(
            "inline; filename=\"{}-{}.{}\"",
            key.session,
            key.lang,
            format.extension()
        );
        (
            [
                (header::CONTENT_TYPE, format.content_type().to_owned()),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            rendering.body.clone(),
        )
            .into_response()
    };
    let headers = response.headers_mut();
    headers.insert(header::ETAG, rendering.etag.clone());
    // A transcript grows while its session is live: revalidate every time.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(response)
}

/// The rendering of `key` as the store holds it now: the cached one if its
/// track has no line since and its session the same title and start, or a
/// new one.
async fn current_rendering(
    state: &AppState,
    key: &TranscriptKey,
    session: SessionInfo,
) -> Result<Arc<Rendering>, ApiError> {
    let transcripts = &state.transcripts;
    let metrics = &state.hub.metrics;
    // Read before the lines: a line stored in between makes the next
    // download render again, never this one keep a stale rendering.
    let version = TranscriptVersion {
        last_transcript_event: transcripts
            .store
            .last_transcript_event(&key.session)
            .await
            .map_err(|error| ApiError::internal(error.to_string()))?,
        title: session.title.clone(),
        origin: transcript_origin(&session),
    };
    if let Some(cached) = transcripts.cache.get(key, &version) {
        metrics.transcript_cache_hits.inc();
        return Ok(cached);
    }
    let _rendering = transcripts
        .rendering
        .acquire()
        .await
        .map_err(|_| ApiError::unavailable("the server is shutting down"))?;
    if let Some(cached) = transcripts.cache.get(key, &version) {
        metrics.transcript_cache_hits.inc();
        return Ok(cached);
    }
    let rows = transcripts
        .store
        .events_of_kinds(&key.session, TRANSCRIPT_EVENT_KINDS)
        .await
        .map_err(|error| ApiError::internal(error.to_string()))?;
    let format = key.format;
    let lang = key.lang.clone();
    let text = tokio::task::spawn_blocking(move || render(format, &session, &lang, rows))
        .await
        .map_err(|error| ApiError::internal(error.to_string()))??;
    metrics.transcript_renderings.inc();
    Ok(transcripts.cache.insert(key.clone(), version, text))
}

/// Where a transcript's times count from: when the session went live, or
/// its scheduled start if it never did.
fn transcript_origin(session: &SessionInfo) -> crate::core::Millis {
    session.live_at.unwrap_or(session.starts_at)
}

/// One track's stored lines in one format. Parses every stored line, so
/// it runs on a blocking thread.
fn render(
    format: TranscriptFormat,
    session: &SessionInfo,
    lang: &str,
    rows: Vec<StoredRow>,
) -> Result<String, ApiError> {
    let mut events = Vec::with_capacity(rows.len());
    for row in rows {
        let event: Event = serde_json::from_str(&row.json)
            .map_err(|error| ApiError::internal(format!("stored event {}: {error}", row.seq)))?;
        events.push(event);
    }
    let lines = track_lines(&events, lang);
    let header = TranscriptHeader {
        session_id: &session.id,
        title: &session.title,
        lang,
        origin: transcript_origin(session),
    };
    Ok(match format {
        TranscriptFormat::WebVtt => to_vtt(&header, &lines),
        TranscriptFormat::SubRip => to_srt(&header, &lines),
        TranscriptFormat::PlainText => to_txt(&header, &lines),
    })
}
