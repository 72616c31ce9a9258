//! The HTTP side: the public and admin API, health, readiness and
//! metrics, the upgrade route, and the web client's files; and the layers
//! every request passes (security headers, the host check, the request
//! timeout).

pub mod admin_auth;
pub mod captions;
pub mod error;
pub mod hosts;
pub mod invites;
pub mod live;
pub mod operations;
pub mod report;
pub mod schedule_import;
pub mod security_headers;
pub mod sessions;
pub mod sign_in;
pub mod transcript_cache;
pub mod transcripts;
pub mod web;

use crate::hub::Hub;
use crate::net::EdgeLimits;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use error::ApiError;
use std::sync::Arc;
use transcripts::TranscriptFormat;

#[derive(Clone)]
pub struct AppState {
    pub hub: Arc<Hub>,
    pub admin_token: Arc<str>,
    /// The server's public base URL for invite links (`--public-url`);
    /// without it, links use the request's `Host`.
    pub public_url: Option<Arc<str>>,
    /// The limits on clients at the edge (request time, downloads).
    pub edge: EdgeLimits,
    /// Transcript downloads: their cache and their rate limit.
    pub transcripts: Arc<transcripts::Transcripts>,
    /// The hosts this server answers to and the origins of its pages.
    pub hosts: Arc<hosts::HostPolicy>,
    /// Where the server is in its life, for `/readyz`.
    pub readiness: Arc<operations::Readiness>,
    /// `/metrics` on the main listener, for this bearer token; `None`:
    /// not there.
    pub metrics_token: Option<Arc<str>>,
    /// The console's sign-ins ended early on this node.
    pub sign_ins: Arc<admin_auth::SignIns>,
    /// Sign-in attempts per client address.
    pub sign_in_limiter: Arc<crate::hub::limits::AddressLimiter>,
    /// Whether the sign-in cookie is `Secure`: the server is reached over
    /// HTTPS (`--public-url https://…`).
    pub secure_cookies: bool,
}

/// Everything the main listener serves.
pub fn router(state: AppState) -> Router {
    let mut routes = Router::new()
        .route("/healthz", get(operations::healthz))
        .route("/readyz", get(operations::readyz))
        .route(
            "/api/sessions",
            get(sessions::list_sessions).post(sessions::create_session),
        )
        .route(
            "/api/sessions/{id}",
            get(sessions::get_session)
                .patch(sessions::update_session)
                .delete(sessions::delete_session),
        )
        .route(
            "/api/schedule/preview",
            post(schedule_import::preview_schedule).layer(DefaultBodyLimit::max(
                crate::schedule::SCHEDULE_UPLOAD_MAX_BYTES,
            )),
        )
        .route(
            "/api/schedule/import",
            post(schedule_import::import_schedule).layer(DefaultBodyLimit::max(
                crate::schedule::SCHEDULE_UPLOAD_MAX_BYTES,
            )),
        )
        .route(
            "/api/admin/sign-in",
            get(sign_in::sign_in_status).post(sign_in::sign_in),
        )
        .route("/api/admin/sign-out", post(sign_in::sign_out))
        .route(
            "/api/sessions/{id}/invites",
            get(invites::list_invites).post(invites::create_invite),
        )
        .route(
            "/api/sessions/{id}/invites/{invite}",
            axum::routing::delete(invites::revoke_invite),
        )
        .route(
            "/api/sessions/{id}/invites/{invite}/qr.svg",
            get(invites::invite_qr),
        )
        .route("/api/sessions/{id}/onsite-qr.svg", get(invites::onsite_qr))
        .route(
            "/api/sessions/{id}/hubs/{participant}/confirm",
            post(sessions::confirm_hub),
        )
        .route("/api/sessions/{id}/report", get(report::get_report))
        .route("/api/event/report", get(report::get_event_report))
        .route("/api/event/live", get(live::event_live))
        .route(
            "/api/sessions/{id}/captions",
            post(captions::post_captions)
                .fallback(captions::wrong_method)
                .layer(DefaultBodyLimit::max(captions::CAPTION_POST_MAX_BYTES)),
        )
        .route(
            "/api/sessions/{id}/captions/seq",
            get(captions::get_caption_seq).fallback(captions::wrong_method),
        )
        .route(
            "/api/sessions/{id}/transcript.vtt",
            get(|state, path, query, peer, headers| {
                transcripts::transcript(TranscriptFormat::WebVtt, state, path, query, peer, headers)
            }),
        )
        .route(
            "/api/sessions/{id}/transcript.srt",
            get(|state, path, query, peer, headers| {
                transcripts::transcript(TranscriptFormat::SubRip, state, path, query, peer, headers)
            }),
        )
        .route(
            "/api/sessions/{id}/transcript.txt",
            get(|state, path, query, peer, headers| {
                transcripts::transcript(
                    TranscriptFormat::PlainText,
                    state,
                    path,
                    query,
                    peer,
                    headers,
                )
            }),
        )
        .route(
            "/ws/sessions/{id}",
            get(crate::ws::upgrade::websocket_upgrade),
        )
        .merge(web::routes());
    if state.metrics_token.is_some() {
        routes = routes.route("/metrics", get(operations::metrics_behind_token));
    }
    with_edge_layers(routes, state)
}

/// What the metrics listener serves: `/metrics`, to anyone who reaches it.
pub fn metrics_router(state: AppState) -> Router {
    let routes = Router::new().route("/metrics", get(operations::metrics));
    with_edge_layers(routes, state)
}

/// The layers every request of every listener passes. The last is the
/// outermost: every answer, a refusal or a timeout included, gets the
/// security headers.
fn with_edge_layers(routes: Router<AppState>, state: AppState) -> Router {
    routes
        .layer(middleware::from_fn_with_state(
            state.clone(),
            within_request_timeout,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            hosts::require_served_host,
        ))
        .layer(middleware::from_fn(security_headers::add_security_headers))
        .with_state(state)
}

/// Answers `408` to a request that takes longer than the request timeout
/// from its headers to its answer, such as one whose body never arrives,
/// so that it cannot hold its connection (and a handler) for ever.
async fn within_request_timeout(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let limit = state.edge.request_timeout;
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            state.hub.metrics.request_timeouts.inc();
            ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                "request_timeout",
                format!("the request took longer than {} s", limit.as_secs_f64()),
            )
            .into_response()
        }
    }
}
