//! Signed invites: tokens that give a role (captioner or moderator) in one
//! session until they expire.
//!
//! A token is `<claims>.<signature>`: the claims as base64url JSON, and an
//! HMAC-SHA256 over them (with a fixed context prefix) as base64url. The key
//! is 32 random bytes kept in the data directory (`invite.key`, created on
//! first start with mode 0600); deleting it revokes every invite.
//!
//! This is deliberately not a JWT: only hybridhub reads these tokens, there is
//! one algorithm and no header to negotiate it, and the shape is the one
//! Phoenix.Token uses. The cryptography itself is the `hmac` crate's.

use crate::core::{InviteId, Millis, Role};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::io;
use std::path::Path;

type HmacSha256 = Hmac<Sha256>;

/// Mixed into every signature, so a signature made for something else with
/// the same key can never pass as an invite.
const SIGNATURE_CONTEXT: &[u8] = b"hybridhub-invite-v1.";
const KEY_FILE: &str = "invite.key";
const KEY_BYTES: usize = 32;
/// Tokens longer than this are refused before any decoding.
pub const TOKEN_MAX_BYTES: usize = 1024;

/// What an invite says. Field names are short because the token travels in
/// URLs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteClaims {
    /// The session the invite is for.
    pub sid: String,
    pub role: Role,
    /// Expiry, in milliseconds since the Unix epoch.
    pub exp: i64,
    /// The invite's own id: HTTP caption posts are counted per invite.
    pub jti: String,
    /// A label the organiser chose, such as "CART team A".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// An invite whose signature, session and expiry have been checked. Only
/// [`InviteKey::verify`] makes one, so holding it is the proof.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedInvite(InviteClaims);

impl VerifiedInvite {
    pub fn claims(&self) -> &InviteClaims {
        &self.0
    }

    pub fn role(&self) -> Role {
        self.0.role
    }

    pub fn id(&self) -> InviteId {
        InviteId(self.0.jti.clone())
    }
}

/// Why a token was refused. The messages go to clients as they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InviteError {
    Malformed,
    BadSignature,
    Expired,
    OtherSession,
}

impl InviteError {
    pub fn message(self) -> &'static str {
        match self {
            InviteError::Malformed => "the token is not a hybridhub invite",
            InviteError::BadSignature => {
                "the token's signature does not match this server's key (a foreign or altered token)"
            }
            InviteError::Expired => "the token has expired; ask the organiser for a new invite",
            InviteError::OtherSession => "the token is for another session",
        }
    }
}

pub struct InviteKey {
    key: [u8; KEY_BYTES],
}

impl InviteKey {
    /// Reads the key from `data_dir`, creating it on first start.
    pub fn load_or_create(data_dir: &Path) -> io::Result<InviteKey> {
        let path = data_dir.join(KEY_FILE);
        let (text, _) = crate::secret_file::read_or_make(&path, || {
            let mut key = [0u8; KEY_BYTES];
            rand::rng().fill_bytes(&mut key);
            hex::encode(key)
        })?;
        InviteKey::from_hex(&text)
            .map_err(|error| io::Error::other(format!("{}: {error}", path.display())))
    }

    /// The key as hex, as its file holds it (cluster mode shares it so).
    pub fn to_hex(&self) -> String {
        hex::encode(self.key)
    }

    /// A key from its hex form.
    pub fn from_hex(text: &str) -> Result<InviteKey, String> {
        let bytes = hex::decode(text.trim()).map_err(|error| error.to_string())?;
        let key: [u8; KEY_BYTES] = bytes
            .try_into()
            .map_err(|_| "an invite key must be 32 bytes as hex".to_owned())?;
        Ok(InviteKey { key })
    }

    /// A key for tests.
    pub fn from_bytes(key: [u8; KEY_BYTES]) -> InviteKey {
        InviteKey { key }
    }

    fn mac(&self, payload: &str) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(SIGNATURE_CONTEXT);
        mac.update(payload.as_bytes());
        mac
    }

    pub fn sign(&self, claims: &InviteClaims) -> String {
        let json = serde_json::to_vec(claims).expect("claims serialize");
        let payload = URL_SAFE_NO_PAD.encode(json);
        let signature = URL_SAFE_NO_PAD.encode(self.mac(&payload).finalize().into_bytes());
        format!("{payload}.{signature}")
    }

    /// Checks the signature (in constant time), then the session and expiry.
    pub fn verify(
        &self,
        token: &str,
        session_id: &str,
        now: Millis,
    ) -> Result<VerifiedInvite, InviteError> {
        if token.len() > TOKEN_MAX_BYTES {
            return Err(InviteError::Malformed);
        }
        let (payload, signature) = token.split_once('.').ok_or(InviteError::Malformed)?;
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| InviteError::Malformed)?;
        self.mac(payload)
            .verify_slice(&signature)
            .map_err(|_| InviteError::BadSignature)?;
        let json = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| InviteError::Malformed)?;
        let claims: InviteClaims =
            serde_json::from_slice(&json).map_err(|_| InviteError::Malformed)?;
        if claims.sid != session_id {
            return Err(InviteError::OtherSession);
        }
        if claims.exp <= now.0 {
            return Err(InviteError::Expired);
        }
        Ok(VerifiedInvite(claims))
    }
}

/// A fresh invite id: 12 random bytes, base64url.
pub fn fresh_invite_id() -> String {
    let mut bytes = [0u8; 12];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> InviteClaims {
        InviteClaims {
            sid: "main".into(),
            role: Role::Captioner,
            exp: 10_000,
            jti: "abc".into(),
            label: Some("CART A".into()),
        }
    }

    #[test]
    fn signed_tokens_verify_and_tampering_is_caught() {
        let key = InviteKey::from_bytes([7; 32]);
        let token = key.sign(&claims());
        let verified = key.verify(&token, "main", Millis(9_999)).unwrap();
        assert_eq!(verified.claims(), &claims());
        assert_eq!(verified.role(), Role::Captioner);

        let cases: Vec<(String, &str, i64, InviteError)> = vec![
            (token.clone(), "other", 0, InviteError::OtherSession),
            (token.clone(), "main", 10_000, InviteError::Expired),
            ("garbage".into(), "main", 0, InviteError::Malformed),
            ("a.b.c".into(), "main", 0, InviteError::Malformed),
            ("x".repeat(2000), "main", 0, InviteError::Malformed),
        ];
        for (token, session, now, expected) in cases {
            assert_eq!(key.verify(&token, session, Millis(now)), Err(expected));
        }

        // Same claims, raised role, old signature: refused.
        let (_, signature) = token.split_once('.').unwrap();
        let mut raised = claims();
        raised.role = Role::Moderator;
        let raised_payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&raised).unwrap());
        let forged = format!("{raised_payload}.{signature}");
        assert_eq!(
            key.verify(&forged, "main", Millis(0)),
            Err(InviteError::BadSignature)
        );

        // Another server's key: refused.
        let foreign = InviteKey::from_bytes([8; 32]).sign(&claims());
        assert_eq!(
            key.verify(&foreign, "main", Millis(0)),
            Err(InviteError::BadSignature)
        );
    }

    #[test]
    fn key_file_is_created_once_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let first = InviteKey::load_or_create(dir.path()).unwrap();
        let token = first.sign(&claims());
        let second = InviteKey::load_or_create(dir.path()).unwrap();
        assert!(second.verify(&token, "main", Millis(0)).is_ok());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
