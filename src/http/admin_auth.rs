//! The organiser's bearer token, compared in constant time.

use super::error::ApiError;
use axum::http::{header, HeaderMap};
use subtle::ConstantTimeEq;

/// The token of an `Authorization: Bearer <token>` header. The scheme's
/// name is matched in any case, as RFC 9110 says.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim_start_matches(' '))
}

/// `Ok` if the request's bearer token is `expected`; otherwise `401`
/// without one, `403` with `wrong` as the message with another.
pub fn require_token(headers: &HeaderMap, expected: &str, wrong: &str) -> Result<(), ApiError> {
    let presented = bearer_token(headers).ok_or_else(ApiError::unauthorized)?;
    if bool::from(presented.as_bytes().ct_eq(expected.as_bytes())) {
        Ok(())
    } else {
        Err(ApiError::forbidden(wrong))
    }
}

pub fn require_admin(headers: &HeaderMap, admin_token: &str) -> Result<(), ApiError> {
    require_token(headers, admin_token, "wrong admin token")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bearer_scheme_is_matched_in_any_case() {
        let with = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::AUTHORIZATION, value.parse().unwrap());
            headers
        };
        for value in ["Bearer abc", "bearer abc", "BEARER abc", "Bearer  abc"] {
            assert_eq!(bearer_token(&with(value)), Some("abc"), "{value}");
        }
        for value in ["Basic abc", "Bearerabc", "abc", "Bearer"] {
            assert_eq!(bearer_token(&with(value)), None, "{value}");
        }
        assert_eq!(bearer_token(&HeaderMap::new()), None);
    }
}
