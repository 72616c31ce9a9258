//! The console's sign-in: `POST /api/admin/sign-in` exchanges the admin
//! token for the sign-in cookie, `GET /api/admin/sign-in` says whether the
//! browser is signed in and until when, `POST /api/admin/sign-out` ends
//! it. See `admin_auth` for the cookie itself.

use super::admin_auth::{
    cookie_value, require_admin, same_secret, SESSION_COOKIE, SIGN_IN_LIFETIME_SECS,
};
use super::error::ApiError;
use super::sessions::parse_body;
use super::AppState;
use crate::core::Millis;
use crate::hub::wall_clock_now;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use std::net::SocketAddr;
use std::time::Duration;

/// Sign-in attempts per client address per minute.
pub const SIGN_INS_PER_IP_PER_MINUTE: u32 = 10;
/// Every refused sign-in is answered after this pause, whatever was wrong.
pub const SIGN_IN_REFUSAL_DELAY: Duration = Duration::from_millis(400);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignIn {
    token: String,
}

/// The `Set-Cookie` value that sets (or, with `None`, clears) the sign-in.
fn session_cookie(state: &AppState, value: Option<&str>) -> HeaderValue {
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    let text = match value {
        Some(value) => format!(
            "{SESSION_COOKIE}={value}; Path=/; Max-Age={SIGN_IN_LIFETIME_SECS}; HttpOnly; SameSite=Strict{secure}"
        ),
        None => format!("{SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict{secure}"),
    };
    HeaderValue::from_str(&text).expect("cookie values are plain ASCII")
}

fn signed_in(expires_at: i64) -> Json<serde_json::Value> {
    Json(serde_json::json!({ "signed_in": true, "expires_at": Millis(expires_at) }))
}

pub async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    if let Err(wait) = state.sign_in_limiter.check(peer.ip()) {
        let seconds = wait.as_secs().max(1);
        let mut refusal = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!("too many sign-in attempts from this address; try again in {seconds} s"),
        )
        .into_response();
        refusal
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        return Ok(refusal);
    }
    // A page elsewhere must not sign this browser in either.
    if headers.contains_key(header::ORIGIN) && !state.hosts.is_own_origin(&headers) {
        return Err(ApiError::forbidden(
            "sign in from this server's own page: cross-site requests are refused",
        ));
    }
    let request: SignIn = parse_body(&headers, &body)?;
    if !same_secret(&request.token, &state.admin_token) {
        tokio::time::sleep(SIGN_IN_REFUSAL_DELAY).await;
        return Err(ApiError::forbidden("wrong admin token"));
    }
    let (cookie, expires_at) = state.sign_ins.issue(&state.admin_token, wall_clock_now().0);
    let mut response = signed_in(expires_at).into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&state, Some(&cookie)));
    tracing::info!(client = %peer.ip(), "organiser signed in");
    Ok(response)
}

pub async fn sign_in_status(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    require_admin(&state, &method, &headers)?;
    let expires_at = match cookie_value(&headers, SESSION_COOKIE) {
        Some(cookie) if super::admin_auth::bearer_token(&headers).is_none() => state
            .sign_ins
            .check(&state.admin_token, cookie, wall_clock_now().0)?,
        // A script with the bearer token: signed in for as long as it holds.
        _ => return Ok(Json(serde_json::json!({ "signed_in": true })).into_response()),
    };
    Ok(signed_in(expires_at).into_response())
}

pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if headers.contains_key(header::ORIGIN) && !state.hosts.is_own_origin(&headers) {
        return Err(ApiError::forbidden(
            "sign out from this server's own page: cross-site requests are refused",
        ));
    }
    if let Some(cookie) = cookie_value(&headers, SESSION_COOKIE) {
        state
            .sign_ins
            .sign_out(&state.admin_token, cookie, wall_clock_now().0);
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&state, None));
    Ok(response)
}
