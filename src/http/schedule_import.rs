//! `POST /api/schedule/preview` and `POST /api/schedule/import` (admin):
//! a schedule file (JSON, iCalendar or CSV, named by its `Content-Type`)
//! in two steps. The preview reads every row and says what each would
//! create or why it cannot; the import, given the preview's digest, reads
//! the file again and creates every good row in one transaction, or
//! nothing if anything changed since the preview or the store fails.

use super::admin_auth::require_admin;
use super::error::ApiError;
use super::AppState;
use crate::core::SessionInfo;
use crate::hub::wall_clock_now;
use crate::schedule::{
    preview_digest, read_rows, refuse_duplicates, ScheduleFormat, ScheduleRow,
    SCHEDULE_UPLOAD_MAX_BYTES,
};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::Json;
use serde_json::json;

/// A file read and checked against the sessions that exist now.
struct Preview {
    format: ScheduleFormat,
    rows: Vec<ScheduleRow>,
    digest: String,
}

impl Preview {
    fn sessions(&self) -> Vec<SessionInfo> {
        self.rows
            .iter()
            .filter_map(ScheduleRow::session)
            .cloned()
            .collect()
    }

    fn refused(&self) -> usize {
        self.rows
            .iter()
            .filter(|row| row.session().is_none())
            .count()
    }
}

pub async fn preview_schedule(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<serde_json::Value>, ApiError> {
    require_admin(&state, &method, &headers)?;
    let preview = read_preview(&state, &headers, body)?;
    Ok(Json(json!({
        "format": preview.format.as_str(),
        "rows": preview.rows,
        "importable": preview.rows.len() - preview.refused(),
        "refused": preview.refused(),
        "preview": preview.digest,
    })))
}

pub async fn import_schedule(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    require_admin(&state, &method, &headers)?;
    let expected = form_urlencoded::parse(query.as_deref().unwrap_or("").as_bytes())
        .find(|(key, _)| key == "preview")
        .map(|(_, value)| value.into_owned())
        .ok_or_else(|| {
            ApiError::bad_request(
                "invalid_field",
                "send ?preview= with the digest the preview of this file answered",
            )
        })?;
    let preview = read_preview(&state, &headers, body)?;
    if preview.digest != expected {
        return Err(ApiError::conflict(
            "the file or the sessions changed since this preview (a row's id may be taken now): nothing was imported; preview the file again",
        ));
    }
    let sessions = preview.sessions();
    if sessions.is_empty() {
        return Err(ApiError::bad_request(
            "invalid_field",
            "no row of this file can be imported",
        ));
    }
    let imported = state.hub.import_sessions(sessions).await?;
    tracing::info!(sessions = imported.len(), "schedule imported");
    Ok((
        StatusCode::CREATED,
        Json(json!({ "imported": imported, "refused": preview.refused() })),
    ))
}

/// The uploaded file as rows checked against the sessions there are now.
fn read_preview(
    state: &AppState,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Preview, ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    let format = ScheduleFormat::from_content_type(content_type).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the schedule as application/json, text/calendar (.ics) or text/csv",
        )
    })?;
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!(
                    "a schedule file may be at most {} MiB",
                    SCHEDULE_UPLOAD_MAX_BYTES / (1024 * 1024)
                ),
            )
        } else {
            ApiError::bad_request("invalid_field", rejection.body_text())
        }
    })?;
    let text = std::str::from_utf8(&body)
        .map_err(|_| ApiError::bad_request("invalid_field", "the file is not UTF-8 text"))?;
    let mut rows = read_rows(format, text, wall_clock_now())
        .map_err(|message| ApiError::bad_request("invalid_field", message))?;
    refuse_duplicates(&mut rows, |id| state.hub.session_info(id).is_some());
    let digest = preview_digest(format, text, &rows);
    Ok(Preview {
        format,
        rows,
        digest,
    })
}
