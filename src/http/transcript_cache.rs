//! Rendered transcripts, kept until what they were made from changes: a
//! new line or corrected speaker in their session (its last transcript
//! event moves on), or a new title or start time for their session, which
//! their header and times show. Bounded in bytes: the least recently used
//! go first.

use super::transcripts::TranscriptFormat;
use crate::core::{Millis, Seq};
use axum::body::Bytes;
use axum::http::HeaderValue;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The most bytes of renderings kept at once.
const CACHE_MAX_BYTES: usize = 64 * 1024 * 1024;
/// How many bytes of a rendering's SHA-256 make its `ETag`.
const ETAG_HASH_BYTES: usize = 16;

/// Which transcript: a session's track in a format.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct TranscriptKey {
    pub session: String,
    pub format: TranscriptFormat,
    /// The track, as the session spells it.
    pub lang: String,
}

/// What a rendering was made from, besides its track's lines: it is
/// current while all of this is unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TranscriptVersion {
    /// The `seq` of the session's last stored transcript event (a line or a
    /// corrected speaker, any track).
    pub last_transcript_event: Seq,
    pub title: String,
    /// Where the transcript's times count from.
    pub origin: Millis,
}

/// One rendered transcript, shared by every download of it.
pub struct Rendering {
    pub version: TranscriptVersion,
    /// A strong tag: the rendering's hash, so equal bytes have equal tags
    /// whenever and wherever they were made.
    pub etag: HeaderValue,
    pub body: Bytes,
}

#[derive(Default)]
pub struct TranscriptCache {
    /// Never held across an `.await`.
    entries: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    by_key: HashMap<TranscriptKey, Entry>,
    bytes: usize,
    /// Counts uses, to tell the least recently used.
    clock: u64,
}

struct Entry {
    rendering: Arc<Rendering>,
    last_used: u64,
}

impl TranscriptCache {
    /// The rendering of `key` if it is current for `version`.
    pub fn get(&self, key: &TranscriptKey, version: &TranscriptVersion) -> Option<Arc<Rendering>> {
        let mut entries = self.entries.lock().expect("transcript cache lock");
        entries.clock += 1;
        let now = entries.clock;
        let entry = entries.by_key.get_mut(key)?;
        if entry.rendering.version != *version {
            return None;
        }
        entry.last_used = now;
        Some(entry.rendering.clone())
    }

    /// Keeps `text` as the rendering of `key` at `version` (replacing an
    /// older one), unless it alone is larger than the cache; returns it.
    pub fn insert(
        &self,
        key: TranscriptKey,
        version: TranscriptVersion,
        text: String,
    ) -> Arc<Rendering> {
        let body = Bytes::from(text);
        let hash = Sha256::digest(&body);
        let etag = format!("\"{}\"", hex::encode(&hash[..ETAG_HASH_BYTES]));
        let rendering = Arc::new(Rendering {
            version,
            etag: HeaderValue::from_str(&etag)
                .expect("a quoted hex string is a valid header value"),
            body,
        });
        let size = rendering.body.len();
        let mut entries = self.entries.lock().expect("transcript cache lock");
        if let Some(replaced) = entries.by_key.remove(&key) {
            entries.bytes -= replaced.rendering.body.len();
        }
        if size > CACHE_MAX_BYTES {
            return rendering;
        }
        while entries.bytes + size > CACHE_MAX_BYTES {
            let Some(oldest) = entries
                .by_key
                .iter()
                .min_by_key(|(_, entry)| entry.last_used)
                .map(|(key, _)| key.clone())
            else {
                break;
            };
            let evicted = entries.by_key.remove(&oldest).expect("just found");
            entries.bytes -= evicted.rendering.body.len();
        }
        entries.clock += 1;
        let last_used = entries.clock;
        entries.bytes += size;
        entries.by_key.insert(
            key,
            Entry {
                rendering: rendering.clone(),
                last_used,
            },
        );
        rendering
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(session: &str) -> TranscriptKey {
        TranscriptKey {
            session: session.into(),
            format: TranscriptFormat::WebVtt,
            lang: "en".into(),
        }
    }

    fn version(last_transcript_event: Seq) -> TranscriptVersion {
        TranscriptVersion {
            last_transcript_event,
            title: "Plenary".into(),
            origin: Millis(0),
        }
    }

    #[test]
    fn a_rendering_is_current_only_for_its_version() {
        let cache = TranscriptCache::default();
        let made = cache.insert(key("a"), version(3), "WEBVTT".into());
        let found = cache.get(&key("a"), &version(3)).expect("current");
        assert!(Arc::ptr_eq(&made, &found));
        assert!(cache.get(&key("a"), &version(4)).is_none(), "a newer line");
        let renamed = TranscriptVersion {
            title: "Renamed".into(),
            ..version(3)
        };
        assert!(cache.get(&key("a"), &renamed).is_none(), "a new title");
        assert!(cache.get(&key("b"), &version(3)).is_none());
    }

    #[test]
    fn equal_bytes_have_equal_strong_tags() {
        let cache = TranscriptCache::default();
        let first = cache.insert(key("a"), version(1), "same".into());
        let second = cache.insert(key("b"), version(1), "same".into());
        let other = cache.insert(key("c"), version(1), "other".into());
        assert_eq!(first.etag, second.etag);
        assert_ne!(first.etag, other.etag);
        assert!(first.etag.to_str().unwrap().starts_with('"'));
    }

    #[test]
    fn the_least_recently_used_go_first_past_the_byte_bound() {
        let cache = TranscriptCache::default();
        let third = CACHE_MAX_BYTES / 3;
        cache.insert(key("a"), version(1), "a".repeat(third));
        cache.insert(key("b"), version(1), "b".repeat(third));
        cache.insert(key("c"), version(1), "c".repeat(third));
        // "a" is used, so "b" is now the least recently used.
        assert!(cache.get(&key("a"), &version(1)).is_some());
        cache.insert(key("d"), version(1), "d".repeat(third));
        assert!(cache.get(&key("b"), &version(1)).is_none());
        for kept in ["a", "c", "d"] {
            assert!(cache.get(&key(kept), &version(1)).is_some(), "{kept}");
        }
        let entries = cache.entries.lock().unwrap();
        assert!(entries.bytes <= CACHE_MAX_BYTES);
        assert_eq!(entries.bytes, 3 * third);
    }

    #[test]
    fn a_rendering_larger_than_the_cache_is_served_but_not_kept() {
        let cache = TranscriptCache::default();
        let huge = cache.insert(key("a"), version(1), "x".repeat(CACHE_MAX_BYTES + 1));
        assert_eq!(huge.body.len(), CACHE_MAX_BYTES + 1);
        assert!(cache.get(&key("a"), &version(1)).is_none());
    }
}
