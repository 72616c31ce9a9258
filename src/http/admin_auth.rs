//! The organiser's bearer token, compared in constant time.

use super::error::ApiError;
use axum::http::HeaderMap;
use subtle::ConstantTimeEq;

pub fn require_admin(headers: &HeaderMap, admin_token: &str) -> Result<(), ApiError> {
    let presented = headers
        .get("authorization")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .ok_or_else(ApiError::unauthorized)?;
    if bool::from(presented.as_bytes().ct_eq(admin_token.as_bytes())) {
        Ok(())
    } else {
        Err(ApiError::forbidden("wrong admin token"))
    }
}
