//! The headers every answer carries, set in this one place.
//!
//! - `X-Content-Type-Options: nosniff`: a browser takes each answer as the
//!   type it says it is (a transcript's text is never run as a script).
//! - `Referrer-Policy: no-referrer`: invite tokens travel in page URLs, and
//!   no link followed from a page may carry its URL elsewhere.
//! - `Cache-Control`: an answer that sets none (the API) is `no-store`,
//!   since what it says changes and some of it is secret; one that sets its
//!   own (the web client's files and transcripts: `no-cache`, revalidated
//!   by their `ETag`) keeps it, unless the request carried a token (`token`
//!   in the query, or `Authorization`): then it is `no-store` whatever it
//!   is, so that no cache on the way or on disk keeps a token or what it
//!   opened.

use axum::extract::Request;
use axum::http::header::{self, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

pub async fn add_security_headers(request: Request, next: Next) -> Response {
    let carries_token = carries_token(&request);
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if carries_token || !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Whether the request holds a secret: `Authorization`, or a `token`
/// parameter in its query.
fn carries_token(request: &Request) -> bool {
    if request.headers().contains_key(header::AUTHORIZATION) {
        return true;
    }
    let query = request.uri().query().unwrap_or_default();
    form_urlencoded::parse(query.as_bytes()).any(|(name, _)| name == "token")
}
