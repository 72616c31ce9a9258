//! The web client's files, embedded in the binary. (The full client comes
//! with its own issue; for now a page that lists the sessions.)

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

const INDEX_HTML: &str = include_str!("../../web/index.html");
const INDEX_JS: &str = include_str!("../../web/index.js");

const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

pub fn routes() -> Router<super::AppState> {
    Router::new()
        .route(
            "/",
            get(|| async {
                (
                    [
                        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
                    ],
                    INDEX_HTML,
                )
            }),
        )
        .route(
            "/index.js",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                    INDEX_JS,
                )
                    .into_response()
            }),
        )
}
