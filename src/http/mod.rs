//! The HTTP side: the public and admin API, health, the upgrade route, and
//! the web client's files.

pub mod admin_auth;
pub mod error;
pub mod sessions;
pub mod web;

use crate::hub::Hub;
use axum::routing::get;
use axum::Router;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub hub: Arc<Hub>,
    pub admin_token: Arc<str>,
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route(
            "/api/sessions",
            get(sessions::list_sessions).post(sessions::create_session),
        )
        .route(
            "/api/sessions/{id}",
            get(sessions::get_session).patch(sessions::update_session),
        )
        .route(
            "/ws/sessions/{id}",
            get(crate::ws::upgrade::websocket_upgrade),
        )
        .merge(web::routes())
        .with_state(state)
}
