//! `GET /ws/sessions/{id}`: checks the session and the browser origin, sets
//! the frame limits, and hands the socket to the connection loop.

use super::connection::{serve_connection, ConnectionContext};
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::hub::SessionHandle;
use crate::metrics::{RateLimit, UpgradeRefusal};
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use futures_util::StreamExt;
use std::net::SocketAddr;
use std::sync::atomic::Ordering;

/// Tungstenite's read buffer, allocated for every connection and kept for
/// its life. Clients send small frames (commands of a few hundred bytes);
/// a larger frame grows the buffer as it arrives. 1 KiB rather than 4 KiB
/// saved 3 KB of every idle connection's memory.
const READ_BUFFER_BYTES: usize = 1024;
/// Frames are written out once this much is buffered, or at each flush.
const WRITE_BUFFER_BYTES: usize = 8 * 1024;

/// The most that may wait in tungstenite's write buffer. It must hold the
/// largest `welcome`, and every part of a `welcome` is bounded: 50 chat
/// messages of 2,000 characters of up to 4 bytes each (control characters,
/// which JSON escapes to 6 bytes, are refused), the newest 100 questions of
/// 1,000 characters, 500 roster entries with 80-character names, 8 recent
/// lines and the open lines of up to 16 caption tracks, and at most 100
/// polls with their tallies: under 3 MiB together. The buffer only grows
/// this far for a connection whose `welcome` needs it.
pub(super) const WRITE_BUFFER_MAX_BYTES: usize = 4 * 1024 * 1024;

pub async fn websocket_upgrade(
    State(state): State<AppState>,
    Path(session_id): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Result<Response, ApiError> {
    let hub = state.hub.clone();
    let session = admit(&state, &session_id, peer, &headers).map_err(|(reason, error)| {
        hub.metrics.count_upgrade_refused(reason);
        if reason == UpgradeRefusal::RateLimited {
            hub.metrics.count_rate_limit_hit(RateLimit::Upgrades);
        }
        error
    })?;
    let frame_max_bytes = hub.config.frame_max_bytes;
    // Tungstenite's default buffers are 128 KiB each; most connections are
    // idle listeners, so start small (buffers grow when a frame needs it).
    Ok(upgrade
        .read_buffer_size(READ_BUFFER_BYTES)
        .write_buffer_size(WRITE_BUFFER_BYTES)
        .max_message_size(frame_max_bytes)
        .max_frame_size(frame_max_bytes)
        .max_write_buffer_size(WRITE_BUFFER_MAX_BYTES + frame_max_bytes * 4)
        .on_upgrade(move |socket| {
            // The connection's future itself, not wrapped in another async
            // block: a wrapper would keep the socket and the context as its
            // own captures beside the awaited future, on every connection.
            let (sink, stream) = socket.split();
            serve_connection(
                sink,
                stream,
                ConnectionContext {
                    hub,
                    session_id,
                    session,
                    client_ip: peer.ip(),
                },
            )
        }))
}

/// The session a WebSocket may be opened to, or why not. The Origin check
/// blocks cross-site WebSocket hijacking (see `http::hosts`).
fn admit(
    state: &AppState,
    session_id: &str,
    peer: SocketAddr,
    headers: &HeaderMap,
) -> Result<SessionHandle, (UpgradeRefusal, ApiError)> {
    let hub = &state.hub;
    if hub.is_shutting_down() {
        return Err((
            UpgradeRefusal::ShuttingDown,
            ApiError::unavailable("the server is shutting down"),
        ));
    }
    if hub.open_connections.load(Ordering::Relaxed) >= hub.config.max_connections {
        return Err((
            UpgradeRefusal::ServerFull,
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "capacity",
                "the server is full; retry later",
            ),
        ));
    }
    if !hub.upgrade_limiter.allow(peer.ip()) {
        return Err((
            UpgradeRefusal::RateLimited,
            ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!(
                    "too many connections from this address (at most {} per minute); retry later",
                    hub.config.upgrades_per_ip_per_minute
                ),
            ),
        ));
    }
    if !state
        .hosts
        .origin_allowed(headers, &hub.config.allowed_origins)
    {
        return Err((
            UpgradeRefusal::Origin,
            ApiError::forbidden("this Origin may not open a WebSocket here"),
        ));
    }
    let Some(session) = hub.session_handle(session_id) else {
        return Err((
            UpgradeRefusal::NoSuchSession,
            ApiError::not_found("no such session"),
        ));
    };
    if session.connections.load(Ordering::Relaxed) >= hub.config.max_connections_per_session {
        return Err((
            UpgradeRefusal::SessionFull,
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "capacity",
                "this session is full; retry later",
            ),
        ));
    }
    Ok(session)
}
