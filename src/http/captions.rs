//! Zoom's third-party caption API, so captioning software that posts to Zoom
//! can post here with nothing changed but the URL.
//!
//! - `POST /api/sessions/{id}/captions?token=T&lang=en&seq=N`, body the raw
//!   caption text (UTF-8). Posts append to the open line; `\n` ends it.
//! - `GET /api/sessions/{id}/captions/seq?token=T...` answers the last
//!   accepted `seq` as a plain integer, so a client can pick up after a crash.
//!
//! Clients paste the whole caption URL (with its `token` and `lang`) and
//! append `&seq=N`, sometimes `&lang=` again: when a key repeats, the last
//! one wins. Answers are plain text, with Zoom's statuses: 400 for a session
//! that is not live or a bad body, 403 for a bad or missing token or seq,
//! 405 for a wrong method.

use super::AppState;
use crate::core::{RejectionCode, Role};
use crate::hub::{wall_clock_now, SessionHandle};
use crate::invite::VerifiedInvite;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

/// The largest caption post body. Larger bodies get 413.
pub const CAPTION_POST_MAX_BYTES: usize = 16 * 1024;

fn plain(status: StatusCode, text: impl Into<String>) -> Response {
    let mut text = text.into();
    text.push('\n');
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

/// The query's parameters; when a key repeats, the last value wins.
struct CaptionQuery {
    token: Option<String>,
    lang: Option<String>,
    seq: Option<String>,
}

fn parse_query(raw: Option<&str>) -> CaptionQuery {
    let mut query = CaptionQuery {
        token: None,
        lang: None,
        seq: None,
    };
    for (key, value) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        let slot = match key.as_ref() {
            "token" => &mut query.token,
            "lang" => &mut query.lang,
            "seq" => &mut query.seq,
            _ => continue,
        };
        *slot = Some(value.into_owned());
    }
    query
}

/// The session and the captioner invite behind a caption request, or the
/// answer that refuses it (404 for no such session, 403 for the token).
fn captioner_session(
    state: &AppState,
    session_id: &str,
    query: &CaptionQuery,
) -> Result<(SessionHandle, VerifiedInvite), (StatusCode, &'static str)> {
    let Some(session) = state.hub.session_handle(session_id) else {
        return Err((StatusCode::NOT_FOUND, "no such session"));
    };
    verified_captioner(state, session_id, query)
        .map(|invite| (session, invite))
        .map_err(|reason| (StatusCode::FORBIDDEN, reason))
}

/// The invite behind a caption request, or why it is refused (403).
fn verified_captioner(
    state: &AppState,
    session_id: &str,
    query: &CaptionQuery,
) -> Result<VerifiedInvite, &'static str> {
    let Some(token) = query.token.as_deref().filter(|token| !token.is_empty()) else {
        return Err("missing token: use the caption URL from your invite");
    };
    let invite = state
        .hub
        .invite_key
        .verify(token, session_id, wall_clock_now())
        .map_err(|error| error.message())?;
    if invite.role() != Role::Captioner {
        return Err("this token is not a captioner invite");
    }
    Ok(invite)
}

pub async fn post_captions(
    State(state): State<AppState>,
    Path(session_id): Path<String>,
    RawQuery(raw_query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let query = parse_query(raw_query.as_deref());
    let (session, invite) = match captioner_session(&state, &session_id, &query) {
        Ok(found) => found,
        Err((status, reason)) => return plain(status, reason),
    };
    let Some(post_seq) = query.seq.as_deref().and_then(|seq| seq.parse::<u64>().ok()) else {
        return plain(
            StatusCode::FORBIDDEN,
            "missing or invalid seq: add &seq=N, a whole number that goes up by one per post",
        );
    };
    let charset_is_not_utf8 = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| {
            value
                .to_ascii_lowercase()
                .split("charset=")
                .nth(1)
                .map(str::to_owned)
        })
        .is_some_and(|charset| {
            let charset = charset.trim().trim_matches('"');
            charset != "utf-8" && charset != "utf8"
        });
    if charset_is_not_utf8 {
        return plain(StatusCode::BAD_REQUEST, "send the caption text as UTF-8");
    }
    let Ok(text) = String::from_utf8(body.to_vec()) else {
        return plain(
            StatusCode::BAD_REQUEST,
            "the body is not valid UTF-8 text; nothing was applied",
        );
    };
    match session
        .caption_post(invite.id(), query.lang, text, post_seq)
        .await
    {
        // Zoom answers a timestamp; clients only look at the status.
        Ok(()) => plain(StatusCode::OK, wall_clock_now().to_rfc3339()),
        // Zoom's caption API has three answers clients know: 403 for a bad
        // token, 5xx to retry, and 400 for the rest (a session not live, a
        // bad line); they are kept rather than the admin API's statuses.
        Err(rejection) => {
            let status = match rejection.code {
                RejectionCode::Forbidden | RejectionCode::InvalidToken => StatusCode::FORBIDDEN,
                RejectionCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
                RejectionCode::StorageFull => StatusCode::INSUFFICIENT_STORAGE,
                _ => StatusCode::BAD_REQUEST,
            };
            plain(status, rejection.message)
        }
    }
}

pub async fn get_caption_seq(
    State(state): State<AppState>,
    Path(session_id): Path<String>,
    RawQuery(raw_query): RawQuery,
) -> Response {
    let query = parse_query(raw_query.as_deref());
    let (session, invite) = match captioner_session(&state, &session_id, &query) {
        Ok(found) => found,
        Err((status, reason)) => return plain(status, reason),
    };
    match session.caption_cursor(invite.id()).await {
        Ok(cursor) => plain(StatusCode::OK, cursor.to_string()),
        Err(rejection) => plain(StatusCode::SERVICE_UNAVAILABLE, rejection.message),
    }
}

pub async fn wrong_method() -> Response {
    plain(
        StatusCode::METHOD_NOT_ALLOWED,
        "use POST to send captions, or GET <caption URL path>/seq for the last accepted seq",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_take_the_last_value() {
        let query = parse_query(Some("token=abc.def&lang=en&seq=4&lang=fr-FR&x=1"));
        assert_eq!(query.token.as_deref(), Some("abc.def"));
        assert_eq!(query.lang.as_deref(), Some("fr-FR"));
        assert_eq!(query.seq.as_deref(), Some("4"));
        let empty = parse_query(None);
        assert!(empty.token.is_none() && empty.seq.is_none());
    }
}
