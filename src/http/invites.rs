//! `/api/sessions/{id}/invites`: the organiser makes signed invites that
//! give the moderator, captioner or room display role in one session,
//! lists them with their links, revokes one, and draws a link as a QR
//! code; and the session's onsite link ("join from your phone") as one.

use super::admin_auth::require_admin;
use super::error::ApiError;
use super::AppState;
use crate::core::{
    resolve_language, Command, InviteId, InviteView, Millis, Rejection, Role, SessionInfo,
    INVITE_LABEL_MAX_CHARS,
};
use crate::hub::{wall_clock_now, Hub};
use crate::invite::{fresh_invite_id, InviteClaims};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// An invite without `expires_at` lasts until this long after the session's
/// scheduled end (or after now, for a session that should have ended).
const DEFAULT_VALIDITY_AFTER_END_MILLIS: i64 = 12 * 60 * 60 * 1000;
/// The longest an invite may last.
const MAX_VALIDITY_MILLIS: i64 = 30 * 24 * 60 * 60 * 1000;

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

/// The links of an invite with this token: the web client's, and for a
/// captioner the caption URL in `caption_lang`.
fn invite_links(
    base_url: &str,
    session_id: &str,
    role: Role,
    token: &str,
    caption_lang: &str,
) -> (String, Option<String>) {
    // A display's link opens the room display; any other the join page.
    let url = match role {
        Role::Display => format!("{base_url}/s/{session_id}/display?token={token}"),
        _ => format!("{base_url}/?session={session_id}&token={token}"),
    };
    let caption_url = (role == Role::Captioner).then(|| {
        format!("{base_url}/api/sessions/{session_id}/captions?token={token}&lang={caption_lang}")
    });
    (url, caption_url)
}

/// The claims of an invite the session recorded. Signing is
/// deterministic, so these give the very token that was handed out.
fn claims_of(session_id: &str, invite: &InviteView) -> InviteClaims {
    InviteClaims {
        sid: session_id.to_owned(),
        role: invite.role,
        exp: invite.expires_at.0,
        jti: invite.id.0.clone(),
        label: invite.label.clone(),
    }
}

/// Signs an invite and records it in the session (through its sequencer,
/// so that every cluster node can list and revoke it). Shared by the HTTP
/// handler and `--demo`'s start-up links.
pub async fn issue_invite(
    hub: &Arc<Hub>,
    base_url: &str,
    session: &SessionInfo,
    role: Role,
    expires_at: Millis,
    label: Option<String>,
    caption_lang: &str,
) -> Result<IssuedInvite, Rejection> {
    let claims = InviteClaims {
        sid: session.id.clone(),
        role,
        exp: expires_at.0,
        jti: fresh_invite_id(),
        label: label.clone(),
    };
    let handle = hub
        .session_handle(&session.id)
        .ok_or_else(Rejection::unavailable)?;
    handle
        .admin(Command::InviteIssue {
            invite: InviteId(claims.jti.clone()),
            role,
            label,
            expires_at,
        })
        .await?;
    let token = hub.invite_key.sign(&claims);
    let (url, caption_url) = invite_links(base_url, &session.id, role, &token, caption_lang);
    Ok(IssuedInvite {
        token,
        url,
        caption_url,
        role,
        invite_id: claims.jti,
        expires_at,
    })
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
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<IssuedInvite>), ApiError> {
    require_admin(&state, &method, &headers)?;
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
        if label.chars().count() > INVITE_LABEL_MAX_CHARS || label.chars().any(char::is_control) {
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
    )
    .await?;
    tracing::info!(session = %session.id, role = request.role.as_str(), invite = %invite.invite_id, "invite issued");
    Ok((StatusCode::CREATED, Json(invite)))
}

/// An invite as listed: what the session recorded, when it was last used,
/// and its links (signing is deterministic, so they are the ones handed
/// out; a caption URL in the floor language).
#[derive(Serialize)]
pub struct ListedInvite {
    #[serde(flatten)]
    pub invite: crate::store::StoredInvite,
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caption_url: Option<String>,
}

pub async fn list_invites(
    State(state): State<AppState>,
    Path(session_id): Path<String>,
    method: Method,
    headers: HeaderMap,
) -> Result<Json<Vec<ListedInvite>>, ApiError> {
    require_admin(&state, &method, &headers)?;
    let session = state
        .hub
        .session_info(&session_id)
        .ok_or_else(|| ApiError::not_found("no such session"))?;
    let base = base_url(&state, &headers);
    let stored = state
        .hub
        .store
        .invites(&session_id)
        .await
        .map_err(|error| ApiError::internal(error.to_string()))?;
    let listed = stored
        .into_iter()
        .map(|invite| {
            let token = state
                .hub
                .invite_key
                .sign(&claims_of(&session_id, &invite.view));
            let (url, caption_url) = invite_links(
                &base,
                &session_id,
                invite.view.role,
                &token,
                &session.languages[0],
            );
            ListedInvite {
                invite,
                url,
                caption_url,
            }
        })
        .collect();
    Ok(Json(listed))
}

/// `DELETE /api/sessions/{id}/invites/{invite}`: revokes the invite at once,
/// through the session's sequencer (so every node, and a restart, holds
/// it). Answers the invite as revoked.
pub async fn revoke_invite(
    State(state): State<AppState>,
    Path((session_id, invite)): Path<(String, String)>,
    method: Method,
    headers: HeaderMap,
) -> Result<Json<InviteId>, ApiError> {
    require_admin(&state, &method, &headers)?;
    let handle = state
        .hub
        .session_handle(&session_id)
        .ok_or_else(|| ApiError::not_found("no such session"))?;
    let invite = InviteId(invite);
    handle
        .admin(Command::InviteRevoke {
            invite: invite.clone(),
        })
        .await?;
    tracing::info!(session = %session_id, invite = %invite, "invite revoked");
    Ok(Json(invite))
}

/// An SVG drawing of `text` as a QR code (error correction M, so a
/// projected or printed code still scans when partly hidden).
fn qr_svg(text: &str) -> Result<Response, ApiError> {
    let code =
        qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M).map_err(|error| {
            ApiError::internal(format!("cannot draw this link as a QR code: {error}"))
        })?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(256, 256)
        .quiet_zone(true)
        .build();
    Ok(([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response())
}

/// `GET /api/sessions/{id}/invites/{invite}/qr.svg` (admin): the invite's
/// link as a QR code, for a room display to open by camera.
pub async fn invite_qr(
    State(state): State<AppState>,
    Path((session_id, invite)): Path<(String, String)>,
    method: Method,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    require_admin(&state, &method, &headers)?;
    let session = state
        .hub
        .session_info(&session_id)
        .ok_or_else(|| ApiError::not_found("no such session"))?;
    let stored = state
        .hub
        .store
        .invites(&session_id)
        .await
        .map_err(|error| ApiError::internal(error.to_string()))?;
    let invite = stored
        .into_iter()
        .find(|stored| stored.view.id.0 == invite)
        .ok_or_else(|| ApiError::not_found("this session has no such invite"))?;
    let token = state
        .hub
        .invite_key
        .sign(&claims_of(&session_id, &invite.view));
    let base = base_url(&state, &headers);
    let (url, _) = invite_links(
        &base,
        &session_id,
        invite.view.role,
        &token,
        &session.languages[0],
    );
    qr_svg(&url)
}

/// The onsite link of a session: the join page with the session and "in
/// the room" chosen.
pub fn onsite_link(base_url: &str, session_id: &str) -> String {
    format!("{base_url}/?session={session_id}&way=onsite")
}

/// `GET /api/sessions/{id}/onsite-qr.svg` (anyone): "join from your phone",
/// the onsite link as a QR code for the room's screen or a printed sign.
pub async fn onsite_qr(
    State(state): State<AppState>,
    Path(session_id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if state.hub.session_info(&session_id).is_none() {
        return Err(ApiError::not_found("no such session"));
    }
    qr_svg(&onsite_link(&base_url(&state, &headers), &session_id))
}
