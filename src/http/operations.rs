//! What an operator's tools ask: whether the process is alive (`/healthz`),
//! whether it should be sent clients (`/readyz`), and its figures
//! (`/metrics`, in the Prometheus text format).

use super::admin_auth::require_token;
use super::error::ApiError;
use super::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::atomic::{AtomicU8, Ordering};

/// Where the server is in its life, as `/readyz` tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Listening, but not every session is known yet (the demo's, the
    /// schedule's, in cluster mode the cluster's directory).
    Starting,
    Ready,
    /// Shutting down: the server still answers, but wants no new clients.
    Draining,
}

impl Phase {
    fn as_str(self) -> &'static str {
        match self {
            Phase::Starting => "starting",
            Phase::Ready => "ready",
            Phase::Draining => "draining",
        }
    }
}

/// The server's [`Phase`], shared between start-up, shutdown and `/readyz`.
#[derive(Debug)]
pub struct Readiness(AtomicU8);

impl Readiness {
    pub fn starting() -> Readiness {
        Readiness(AtomicU8::new(Phase::Starting as u8))
    }

    pub fn set(&self, phase: Phase) {
        self.0.store(phase as u8, Ordering::Release);
    }

    pub fn phase(&self) -> Phase {
        match self.0.load(Ordering::Acquire) {
            phase if phase == Phase::Starting as u8 => Phase::Starting,
            phase if phase == Phase::Ready as u8 => Phase::Ready,
            _ => Phase::Draining,
        }
    }
}

/// Liveness: the process answers.
pub async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: `200 ready`, or `503` with `starting` or `draining`.
pub async fn readyz(State(state): State<AppState>) -> Response {
    let phase = if state.hub.is_shutting_down() {
        Phase::Draining
    } else {
        state.readiness.phase()
    };
    let status = match phase {
        Phase::Ready => StatusCode::OK,
        Phase::Starting | Phase::Draining => StatusCode::SERVICE_UNAVAILABLE,
    };
    (status, phase.as_str()).into_response()
}

/// `/metrics` on the main listener, for the metrics token alone.
pub async fn metrics_behind_token(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let token = state
        .metrics_token
        .as_deref()
        .ok_or_else(|| ApiError::not_found("no metrics here"))?;
    require_token(&headers, token, "wrong metrics token")?;
    Ok(metrics(State(state)).await)
}

/// `/metrics` on the metrics listener, for anyone who can reach it.
pub async fn metrics(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, crate::metrics::CONTENT_TYPE)],
        state.hub.metrics.encode(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readiness_moves_through_its_phases() {
        let readiness = Readiness::starting();
        assert_eq!(readiness.phase(), Phase::Starting);
        readiness.set(Phase::Ready);
        assert_eq!(readiness.phase(), Phase::Ready);
        readiness.set(Phase::Draining);
        assert_eq!(readiness.phase(), Phase::Draining);
    }
}
