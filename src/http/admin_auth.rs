//! Who is the organiser: a request with the admin token as `Authorization:
//! Bearer` (scripts), or with the sign-in cookie the console gets for it
//! (browsers).
//!
//! **The cookie** is `<expiry>.<nonce>.<mac>`: an HMAC-SHA256, keyed by
//! the admin token, over the expiry and a random nonce. It holds nothing
//! secret, the server keeps no table of sign-ins, every cluster node that
//! shares the admin token accepts it, and changing the token ends every
//! sign-in. Signing out forgets the cookie in the browser and refuses its
//! nonce on this node until it would have expired.
//!
//! **Cross-site changes.** The cookie is `SameSite=Strict`, and a change
//! (any method but `GET` and `HEAD`) made with it must also come with an
//! `Origin` that is this server's own (see `hosts`): a page elsewhere can
//! neither send the cookie nor pass the check.
//!
//! **Wrong tokens.** Tokens are compared as SHA-256 digests in constant
//! time, so neither the length nor any part of a wrong one shows in the
//! timing; every failed sign-in is answered alike after the same pause,
//! and sign-ins are rate-limited per client address.

use super::error::ApiError;
use super::AppState;
use axum::http::{header, HeaderMap, Method};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use dashmap::DashMap;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The sign-in cookie's name.
pub const SESSION_COOKIE: &str = "hybridhub_admin";
/// How long a sign-in lasts.
pub const SIGN_IN_LIFETIME_SECS: i64 = 12 * 60 * 60;
/// Mixed into every cookie's MAC, so that no other use of the admin token
/// as a key can make one.
const COOKIE_CONTEXT: &[u8] = b"hybridhub-admin-cookie-v1.";

/// The token of an `Authorization: Bearer <token>` header. The scheme's
/// name is matched in any case, as RFC 9110 says.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim_start_matches(' '))
}

/// Whether `presented` is `expected`, in time that depends on neither.
pub fn same_secret(presented: &str, expected: &str) -> bool {
    let presented = Sha256::digest(presented.as_bytes());
    let expected = Sha256::digest(expected.as_bytes());
    bool::from(presented.ct_eq(&expected))
}

/// `Ok` if the request's bearer token is `expected`; otherwise `401`
/// without one, `403` with `wrong` as the message with another.
pub fn require_token(headers: &HeaderMap, expected: &str, wrong: &str) -> Result<(), ApiError> {
    let presented = bearer_token(headers).ok_or_else(ApiError::unauthorized)?;
    if same_secret(presented, expected) {
        Ok(())
    } else {
        Err(ApiError::forbidden(wrong))
    }
}

/// `Ok` for the organiser: the admin token as a bearer token, or a valid
/// sign-in cookie, which for a change (`method` other than `GET`/`HEAD`)
/// must come with this server's own `Origin`.
pub fn require_admin(
    state: &AppState,
    method: &Method,
    headers: &HeaderMap,
) -> Result<(), ApiError> {
    if bearer_token(headers).is_some() {
        return require_token(headers, &state.admin_token, "wrong admin token");
    }
    let Some(cookie) = cookie_value(headers, SESSION_COOKIE) else {
        return Err(ApiError::unauthorized());
    };
    state
        .sign_ins
        .check(&state.admin_token, cookie, crate::hub::wall_clock_now().0)?;
    if !matches!(*method, Method::GET | Method::HEAD) && !state.hosts.is_own_origin(headers) {
        return Err(ApiError::forbidden(
            "a change made with the sign-in cookie must come from this server's own pages \
             (the Origin header did not match): cross-site requests are refused",
        ));
    }
    Ok(())
}

/// The value of the first cookie named `name` in the `Cookie` headers.
pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// Sign-ins ended early (by signing out) on this node: their nonces until
/// they would have expired.
#[derive(Default)]
pub struct SignIns {
    signed_out: DashMap<String, i64>,
}

impl SignIns {
    /// A new cookie value, good until `now + SIGN_IN_LIFETIME_SECS`.
    pub fn issue(&self, admin_token: &str, now_millis: i64) -> (String, i64) {
        let expires = now_millis + SIGN_IN_LIFETIME_SECS * 1000;
        let mut nonce = [0u8; 16];
        rand::rng().fill_bytes(&mut nonce);
        let payload = format!("{expires}.{}", URL_SAFE_NO_PAD.encode(nonce));
        let mac = URL_SAFE_NO_PAD.encode(cookie_mac(admin_token, &payload).finalize().into_bytes());
        (format!("{payload}.{mac}"), expires)
    }

    /// `Ok` with the expiry if `cookie` is a sign-in this server made,
    /// neither expired nor signed out.
    pub fn check(&self, admin_token: &str, cookie: &str, now_millis: i64) -> Result<i64, ApiError> {
        let not_valid = || {
            ApiError::new(
                axum::http::StatusCode::UNAUTHORIZED,
                "unauthorized",
                "this sign-in is not valid here (the admin token changed, or it was altered): sign in again",
            )
        };
        let (payload, mac) = cookie.rsplit_once('.').ok_or_else(not_valid)?;
        let mac = URL_SAFE_NO_PAD.decode(mac).map_err(|_| not_valid())?;
        cookie_mac(admin_token, payload)
            .verify_slice(&mac)
            .map_err(|_| not_valid())?;
        let (expires, nonce) = payload.split_once('.').ok_or_else(not_valid)?;
        let expires: i64 = expires.parse().map_err(|_| not_valid())?;
        if expires <= now_millis {
            return Err(ApiError::new(
                axum::http::StatusCode::UNAUTHORIZED,
                "unauthorized",
                "your sign-in has expired: sign in again",
            ));
        }
        if self.signed_out.contains_key(nonce) {
            return Err(ApiError::new(
                axum::http::StatusCode::UNAUTHORIZED,
                "unauthorized",
                "you signed out: sign in again",
            ));
        }
        Ok(expires)
    }

    /// Ends a sign-in on this node (the browser forgets its cookie too).
    pub fn sign_out(&self, admin_token: &str, cookie: &str, now_millis: i64) {
        if self.check(admin_token, cookie, now_millis).is_err() {
            return;
        }
        let mut parts = cookie.split('.');
        let (Some(expires), Some(nonce)) = (parts.next(), parts.next()) else {
            return;
        };
        let expires = expires.parse().unwrap_or(now_millis);
        self.signed_out.retain(|_, until| *until > now_millis);
        self.signed_out.insert(nonce.to_owned(), expires);
    }
}

fn cookie_mac(admin_token: &str, payload: &str) -> Hmac<Sha256> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(admin_token.as_bytes()).expect("HMAC takes any key length");
    mac.update(COOKIE_CONTEXT);
    mac.update(payload.as_bytes());
    mac
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

    #[test]
    fn a_cookie_holds_until_it_expires_is_altered_the_token_changes_or_it_signs_out() {
        let sign_ins = SignIns::default();
        let token = "an-admin-token-long-enough-for-tests";
        let (cookie, expires) = sign_ins.issue(token, 1_000);
        assert_eq!(expires, 1_000 + SIGN_IN_LIFETIME_SECS * 1000);
        assert_eq!(sign_ins.check(token, &cookie, 2_000).unwrap(), expires);
        assert!(sign_ins.check(token, &cookie, expires).is_err(), "expired");
        assert!(sign_ins
            .check("another-admin-token-entirely", &cookie, 2_000)
            .is_err());
        let raised = cookie.replacen(&expires.to_string(), &(expires + 1).to_string(), 1);
        assert!(sign_ins.check(token, &raised, 2_000).is_err(), "altered");
        for garbage in ["", "a", "a.b", "1.b.c", "..."] {
            assert!(sign_ins.check(token, garbage, 2_000).is_err(), "{garbage}");
        }
        sign_ins.sign_out(token, &cookie, 3_000);
        assert!(sign_ins.check(token, &cookie, 3_000).is_err(), "signed out");
        let (other, _) = sign_ins.issue(token, 3_000);
        assert!(sign_ins.check(token, &other, 3_000).is_ok());
    }

    #[test]
    fn cookies_are_read_by_name_from_any_cookie_header() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            "a=1; hybridhub_admin=x.y.z".parse().unwrap(),
        );
        assert_eq!(cookie_value(&headers, SESSION_COOKIE), Some("x.y.z"));
        assert_eq!(cookie_value(&headers, "a"), Some("1"));
        assert_eq!(cookie_value(&headers, "b"), None);
    }

    #[test]
    fn secrets_compare_equal_only_when_equal() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("ab", "abc"));
        assert!(!same_secret("", "abc"));
    }
}
