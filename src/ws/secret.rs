//! Resume secrets: random, handed to the client once, stored only as digests.

use crate::core::SecretDigest;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

pub fn fresh_secret() -> String {
    let mut bytes = [0u8; 24];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn digest(secret: &str) -> SecretDigest {
    SecretDigest(hex::encode(Sha256::digest(secret.as_bytes())))
}
