//! `/api/sessions`: list and read (public), create and change (admin).

use super::admin_auth::require_admin;
use super::error::ApiError;
use super::AppState;
use crate::core::{Millis, SessionChanges, SessionInfo, SessionLinks, SessionState};
use crate::hub::{wall_clock_now, CreateSessionError, DeleteSessionError};
use crate::store::StoreError;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::Json;
use serde::Deserialize;

/// The body of `POST /api/sessions`. `id` and `title` are required, and
/// `starts_at` for a scheduled session (it goes live by itself then).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewSession {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub room: String,
    pub starts_at: Option<Millis>,
    pub ends_at: Option<Millis>,
    pub languages: Option<Vec<String>>,
    pub state: Option<SessionState>,
    pub time_zone: Option<String>,
    #[serde(default)]
    pub links: SessionLinks,
    pub chair: Option<String>,
}

/// The default length of a session created without `ends_at`.
const DEFAULT_SESSION_MILLIS: i64 = 90 * 60 * 1000;

impl NewSession {
    /// The session as created. A scheduled session must say when it
    /// starts: it goes live by itself at that time, and "now" would make a
    /// session meant for later live at once. A live or ended one defaults
    /// to starting now.
    pub fn into_info(self, now: Millis) -> Result<SessionInfo, String> {
        let state = self.state.unwrap_or(SessionState::Scheduled);
        let starts_at = match (self.starts_at, state) {
            (Some(starts_at), _) => starts_at,
            (None, SessionState::Scheduled) => {
                return Err("starts_at is required for a scheduled session, which goes live by itself at that time (or create it with \"state\": \"live\")".into())
            }
            (None, _) => now,
        };
        Ok(SessionInfo {
            id: self.id,
            title: self.title,
            room: self.room,
            starts_at,
            ends_at: self
                .ends_at
                .unwrap_or(starts_at.plus_millis(DEFAULT_SESSION_MILLIS)),
            languages: self.languages.unwrap_or_else(|| vec!["en".into()]),
            state,
            live_at: (state == SessionState::Live).then_some(now),
            time_zone: self.time_zone,
            links: self.links,
            chair: self.chair,
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SessionPatch {
    title: Option<String>,
    room: Option<String>,
    starts_at: Option<Millis>,
    ends_at: Option<Millis>,
    languages: Option<Vec<String>>,
    state: Option<SessionState>,
    /// A time zone, or `""` to remove it.
    time_zone: Option<String>,
    /// Replaces all the links; `{}` removes them.
    links: Option<SessionLinks>,
    /// The chair's name; `""` removes it.
    chair: Option<String>,
}

pub(crate) fn parse_body<T: for<'de> Deserialize<'de>>(
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<T, ApiError> {
    let content_type = headers
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    if !content_type.starts_with("application/json") {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send Content-Type: application/json",
        ));
    }
    serde_json::from_slice(body)
        .map_err(|error| ApiError::bad_request("invalid_field", error.to_string()))
}

pub async fn list_sessions(State(state): State<AppState>) -> Json<Vec<SessionInfo>> {
    Json(state.hub.session_infos())
}

pub async fn get_session(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<SessionInfo>, ApiError> {
    state
        .hub
        .session_info(&id)
        .map(Json)
        .ok_or_else(|| ApiError::not_found("no such session"))
}

pub async fn create_session(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<SessionInfo>), ApiError> {
    require_admin(&state, &method, &headers)?;
    let new_session: NewSession = parse_body(&headers, &body)?;
    let info = new_session
        .into_info(wall_clock_now())
        .map_err(|message| ApiError::bad_request("invalid_field", message))?;
    let info = state.hub.create_session(info).await?;
    Ok((StatusCode::CREATED, Json(info)))
}

impl From<CreateSessionError> for ApiError {
    fn from(error: CreateSessionError) -> ApiError {
        match error {
            CreateSessionError::Invalid(message) => ApiError::bad_request("invalid_field", message),
            CreateSessionError::Exists => {
                ApiError::conflict("a session with this id already exists")
            }
            CreateSessionError::TooMany(limit) => ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!("the server holds its limit of {limit} sessions that are not ended (--max-sessions); end one to make room"),
            ),
            CreateSessionError::Store(error) => ApiError::from(error),
            CreateSessionError::Directory(error) => ApiError::unavailable(format!(
                "the cluster's session directory is unreachable, try again: {error}"
            )),
            CreateSessionError::NotInCluster => ApiError::not_in_cluster(
                "importing a schedule is refused in cluster mode: create its sessions one by one",
            ),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        match error {
            StoreError::Full => ApiError::from(crate::core::Rejection::storage_full()),
            error => ApiError::internal(error.to_string()),
        }
    }
}

/// `DELETE /api/sessions/{id}`: a session that never went live and that
/// nobody is connected to, as if it had never been made. A session that
/// was ever live keeps its record (its transcript and report).
pub async fn delete_session(
    State(state): State<AppState>,
    Path(id): Path<String>,
    method: Method,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    require_admin(&state, &method, &headers)?;
    match state.hub.delete_session(&id).await {
        Ok(()) => {
            tracing::info!(session = %id, "session deleted");
            Ok(StatusCode::NO_CONTENT)
        }
        Err(DeleteSessionError::NotFound) => Err(ApiError::not_found("no such session")),
        Err(DeleteSessionError::WasLive) => Err(ApiError::new(
            StatusCode::CONFLICT,
            "session_was_live",
            "this session has been live, so its record stays: only a session that never went live can be deleted",
        )),
        Err(DeleteSessionError::InUse(connected)) => Err(ApiError::new(
            StatusCode::CONFLICT,
            "session_in_use",
            format!("{connected} connection(s) are open to this session: it can be deleted once nobody is connected"),
        )),
        Err(DeleteSessionError::NotInCluster) => Err(ApiError::not_in_cluster(
            "deleting a session is refused in cluster mode: every node holds it",
        )),
        Err(DeleteSessionError::Unavailable) => Err(ApiError::unavailable(
            "the session's owner did not stop in time; nothing was deleted, try again",
        )),
        Err(DeleteSessionError::Store(error)) => Err(ApiError::from(error)),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HubConfirmation {
    headcount: u32,
}

/// `POST /api/sessions/{id}/hubs/{participant}/confirm`: the organiser
/// confirms how many people a remote hub stands for, as a moderator can
/// with `hub.confirm`.
pub async fn confirm_hub(
    State(state): State<AppState>,
    Path((id, participant)): Path<(String, String)>,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    require_admin(&state, &method, &headers)?;
    let confirmation: HubConfirmation = parse_body(&headers, &body)?;
    let Some(handle) = state.hub.session_handle(&id) else {
        return Err(ApiError::not_found("no such session"));
    };
    let command = crate::core::Command::HubConfirm {
        participant: crate::core::ParticipantId(participant),
        headcount: confirmation.headcount,
    };
    handle.admin(command).await.map_err(ApiError::from)?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn update_session(
    State(state): State<AppState>,
    Path(id): Path<String>,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<SessionInfo>, ApiError> {
    require_admin(&state, &method, &headers)?;
    let patch: SessionPatch = parse_body(&headers, &body)?;
    let changes = SessionChanges {
        title: patch.title,
        room: patch.room,
        starts_at: patch.starts_at,
        ends_at: patch.ends_at,
        languages: patch.languages,
        state: patch.state,
        time_zone: patch.time_zone,
        links: patch.links,
        chair: patch.chair,
    };
    match state.hub.update_session(&id, changes).await {
        None => Err(ApiError::not_found("no such session")),
        Some(Ok(info)) => Ok(Json(info)),
        Some(Err(rejection)) => Err(ApiError::from(rejection)),
    }
}
