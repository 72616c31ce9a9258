//! `GET /api/sessions/{id}/report`: the session's equity figures, for the
//! organiser (admin token) or the session's moderators (a moderator invite
//! token, as `Authorization: Bearer` or `?token=`). JSON by default, CSV
//! with `?format=csv`.

use super::admin_auth::{bearer_token, require_admin};
use super::error::ApiError;
use super::AppState;
use crate::core::{report_csv, Role};
use crate::hub::report::load_report;
use crate::hub::wall_clock_now;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, Method};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ReportQuery {
    format: Option<String>,
    token: Option<String>,
}

/// The organiser, or a moderator of this session.
fn authorise(
    state: &AppState,
    headers: &HeaderMap,
    session_id: &str,
    query_token: Option<&str>,
) -> Result<(), ApiError> {
    let bearer = bearer_token(headers);
    let invite_token = match (bearer, query_token) {
        (_, Some(token)) => token,
        (Some(token), None) if token.contains('.') => token,
        _ => return require_admin(state, &Method::GET, headers),
    };
    let invite = state
        .hub
        .invite_key
        .verify(invite_token, session_id, wall_clock_now())
        .map_err(|error| ApiError::forbidden(error.message()))?;
    if invite.role() != Role::Moderator {
        return Err(ApiError::forbidden(
            "the report is for the session's moderators and the organiser",
        ));
    }
    Ok(())
}

pub async fn get_report(
    State(state): State<AppState>,
    Path(session_id): Path<String>,
    Query(query): Query<ReportQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if state.hub.session_info(&session_id).is_none() {
        return Err(ApiError::not_found("no such session"));
    }
    authorise(&state, &headers, &session_id, query.token.as_deref())?;
    let report = load_report(state.hub.store.as_ref(), &session_id)
        .await
        .map_err(|error| ApiError::internal(error.to_string()))?
        .ok_or_else(|| ApiError::not_found("no such session"))?;
    match query.format.as_deref() {
        None | Some("json") => Ok(axum::Json(report).into_response()),
        Some("csv") => {
            let disposition = format!("attachment; filename=\"{session_id}-report.csv\"");
            Ok((
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                report_csv(&report),
            )
                .into_response())
        }
        Some(_) => Err(ApiError::bad_request(
            "invalid_field",
            "format must be \"json\" or \"csv\"",
        )),
    }
}

#[derive(Deserialize)]
pub struct EventReportQuery {
    format: Option<String>,
}

/// `GET /api/event/report` (admin): the event's participation figures over
/// every session, JSON or (`?format=csv`) CSV.
pub async fn get_event_report(
    State(state): State<AppState>,
    Query(query): Query<EventReportQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    require_admin(&state, &Method::GET, &headers)?;
    let csv = match query.format.as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(_) => {
            return Err(ApiError::bad_request(
                "invalid_field",
                "format must be \"json\" or \"csv\"",
            ))
        }
    };
    let sessions: Vec<String> = state
        .hub
        .session_infos()
        .into_iter()
        .map(|info| info.id)
        .collect();
    let report = crate::hub::event_report::load_event_report(state.hub.store.as_ref(), &sessions)
        .await
        .map_err(|error| ApiError::internal(error.to_string()))?;
    if !csv {
        return Ok(axum::Json(report).into_response());
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"event-report.csv\"",
            ),
        ],
        crate::core::event_report_csv(&report),
    )
        .into_response())
}
