//! `POST /api/sessions/{id}/invites`: the organiser makes signed invites that
//! give the captioner or moderator role in one session.

use super::admin_auth::require_admin;
use super::error::ApiError;
use super::AppState;
use crate::core::{resolve_language, Millis, Role, SessionInfo};
use crate::hub::{wall_clock_now, Hub};
use crate::invite::{fresh_invite_id, InviteClaims};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::{Deserialize, Serialize};

/// An invite without `expires_at` lasts until this long after the session's
/// scheduled end (or after now, for a session that should have ended).
const DEFAULT_VALIDITY_AFTER_END_MILLIS: i64 = 12 * 60 * 60 * 1000;
/// The longest an invite may last.
const MAX_VALIDITY_MILLIS: i64 = 30 * 24 * 60 * 60 * 1000;
const LABEL_MAX_CHARS: usize = 80;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewInvite {
    role: Role,
    expires_at: Option<Millis>,
    /// Shown to the organiser only, e.g. "CART team A".
    label: Option<String>,
    /// The default language of a captioner's caption URL.
    lang: Option<String>,
}

#[derive(Serialize)]
pub struct IssuedInvite {
    pub token: String,
    /// The web client's link with the token.
    pub url: String,
    /// For captioners: the Zoom-style caption URL, to paste as is into
    /// captioning software.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caption_url: Option<String>,
    pub role: Role,
    pub invite_id: String,
    pub expires_at: Millis,
}

/// Signs an invite. Shared by the HTTP handler and `--demo`'s start-up links.
pub fn issue_invite(
    hub: &Hub,
    base_url: &str,
    session: &SessionInfo,
    role: Role,
    expires_at: Millis,
    label: Option<String>,
    caption_lang: &str,
) -> IssuedInvite {
    let claims = InviteClaims {
        sid: session.id.clone(),
        role,
        exp: expires_at.0,
        jti: fresh_invite_id(),
        label,
    };
    let token = hub.invite_key.sign(&claims);
    // A display's link opens the room display; any other the join page.
    let url = match role {
        Role::Display => format!("{base_url}/s/{}/display?token={token}", session.id),
        _ => format!("{base_url}/?session={}&token={token}", session.id),
    };
    let caption_url = (role == Role::Captioner).then(|| {
        format!(
            "{base_url}/api/sessions/{}/captions?token={token}&lang={caption_lang}",
            session.id
        )
    });
    IssuedInvite {
        token,
        url,
        caption_url,
        role,
        invite_id: claims.jti,
        expires_at,
    }
}

/// The default expiry of an invite for `session`.
pub fn default_expiry(session: &SessionInfo, now: Millis) -> Millis {
    session
        .ends_at
        .max(now)
        .plus_millis(DEFAULT_VALIDITY_AFTER_END_MILLIS)
}

/// The server's address as the client reached it, for links.
pub fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(public_url) = &state.public_url {
        return public_url.trim_end_matches('/').to_owned();
    }
    let host = headers
        .get("host")
        .and_then(|value| value.to_str().ok())
        .filter(|host| {
            host.bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || b".-:[]".contains(&byte))
        })
        .unwrap_or("localhost");
    format!("http://{host}")
}

pub async fn create_invite(
    State(state): State<AppState>,
    Path(session_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<IssuedInvite>), ApiError> {
    require_admin(&headers, &state.admin_token)?;
    let session = state
        .hub
        .session_info(&session_id)
        .ok_or_else(|| ApiError::not_found("no such session"))?;
    let request: NewInvite = super::sessions::parse_body(&headers, &body)?;
    if request.role == Role::Participant {
        return Err(ApiError::bad_request(
            "invalid_field",
            "role must be \"moderator\", \"captioner\" or \"display\"; participants need no invite",
        ));
    }
    let now = wall_clock_now();
    let expires_at = request
        .expires_at
        .unwrap_or_else(|| default_expiry(&session, now));
    if expires_at <= now || expires_at.0 - now.0 > MAX_VALIDITY_MILLIS {
        return Err(ApiError::bad_request(
            "invalid_field",
            "expires_at must be in the future and at most 30 days away",
        ));
    }
    if let Some(label) = &request.label {
        if label.chars().count() > LABEL_MAX_CHARS || label.chars().any(char::is_control) {
            return Err(ApiError::bad_request(
                "invalid_field",
                "label must be at most 80 characters, without control characters",
            ));
        }
    }
    let caption_lang = match &request.lang {
        Some(lang) => resolve_language(&session, lang)
            .map_err(|rejection| ApiError::bad_request("invalid_field", rejection.message))?,
        None => session.languages[0].clone(),
    };
    let base = base_url(&state, &headers);
    let invite = issue_invite(
        &state.hub,
        &base,
        &session,
        request.role,
        expires_at,
        request.label,
        &caption_lang,
    );
    tracing::info!(session = %session.id, role = request.role.as_str(), invite = %invite.invite_id, "invite issued");
    Ok((StatusCode::CREATED, Json(invite)))
}
