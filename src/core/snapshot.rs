//! A session's whole state as text, and back: the snapshot cluster mode
//! stores every so many log entries, so that a restarting node replays only
//! the log after it.
//!
//! Unlike [`State::restore`], which rebuilds a session from its durable
//! events, a snapshot also keeps what no event records: the connections
//! present (of every node), the caption lines still being written, and the
//! counters ids are made from. Decoding an encoded state gives a state equal
//! in every field, so applying the same commands to either gives the same
//! events; the tests below check this on arbitrary command sequences.

use super::state::State;
use serde::{Deserialize, Serialize};

/// The snapshot format's version. A snapshot of another version is refused,
/// never guessed at.
pub const SNAPSHOT_FORMAT: u32 = 2;

#[derive(Serialize)]
struct WrittenSnapshot<'a> {
    format: u32,
    state: &'a State,
}

#[derive(Deserialize)]
struct ReadSnapshot {
    format: u32,
    state: State,
}

/// Why a stored snapshot could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotError(pub String);

impl std::fmt::Display for SnapshotError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "unreadable session snapshot: {}", self.0)
    }
}

impl std::error::Error for SnapshotError {}

/// The state as JSON, tagged with [`SNAPSHOT_FORMAT`].
pub fn encode_snapshot(state: &State) -> String {
    let written = WrittenSnapshot {
        format: SNAPSHOT_FORMAT,
        state,
    };
    serde_json::to_string(&written).expect("a session state always serializes")
}

/// The state a snapshot holds.
pub fn decode_snapshot(text: &str) -> Result<State, SnapshotError> {
    let read: ReadSnapshot =
        serde_json::from_str(text).map_err(|error| SnapshotError(error.to_string()))?;
    if read.format != SNAPSHOT_FORMAT {
        return Err(SnapshotError(format!(
            "format {} (this server reads format {SNAPSHOT_FORMAT})",
            read.format
        )));
    }
    let mut state = read.state;
    state.rebuild_indexes();
    Ok(state)
}

/// Serde helpers that write an ordered map as a list of `[key, value]`
/// pairs, for maps whose keys JSON cannot hold as object keys (tuples).
pub(crate) mod map_as_pairs {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::collections::BTreeMap;

    pub fn serialize<K, V, S>(map: &BTreeMap<K, V>, serializer: S) -> Result<S::Ok, S::Error>
    where
        K: Serialize,
        V: Serialize,
        S: Serializer,
    {
        serializer.collect_seq(map.iter())
    }

    pub fn deserialize<'de, K, V, D>(deserializer: D) -> Result<BTreeMap<K, V>, D::Error>
    where
        K: Deserialize<'de> + Ord,
        V: Deserialize<'de>,
        D: Deserializer<'de>,
    {
        let pairs = Vec::<(K, V)>::deserialize(deserializer)?;
        Ok(pairs.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::super::sequence_strategies::{actor, command, info};
    use super::super::*;
    use super::{decode_snapshot, encode_snapshot, SnapshotError};
    use proptest::prelude::*;

    /// The whole state as text. The core keeps no hash maps, so two equal
    /// states print identically.
    fn whole(state: &State) -> String {
        format!("{state:#?}")
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// A snapshot taken anywhere in a sequence decodes to the same
        /// state, and the rest of the sequence then gives the same outcomes
        /// (events, partials, rejections) and the same final state as on
        /// the original.
        #[test]
        fn a_decoded_snapshot_continues_exactly_like_the_original(
            steps in proptest::collection::vec((actor(), command(), 0..5_000i64), 1..60),
            cut in any::<prop::sample::Index>(),
        ) {
            let mut original = State::new(info());
            let cut = cut.index(steps.len());
            let mut now = 0;
            for (actor, command, advance) in &steps[..cut] {
                now += advance;
                let _ = apply(&mut original, command.clone(), actor, Millis(now));
            }
            let text = encode_snapshot(&original);
            let mut decoded = decode_snapshot(&text).expect("a snapshot decodes");
            prop_assert_eq!(whole(&decoded), whole(&original));
            prop_assert_eq!(encode_snapshot(&decoded), text);
            for (actor, command, advance) in &steps[cut..] {
                now += advance;
                let from_original = apply(&mut original, command.clone(), actor, Millis(now));
                let from_decoded = apply(&mut decoded, command.clone(), actor, Millis(now));
                prop_assert_eq!(format!("{from_decoded:?}"), format!("{from_original:?}"));
            }
            prop_assert_eq!(whole(&decoded), whole(&original));
        }
    }

    #[test]
    fn a_snapshot_of_another_format_or_garbage_is_refused() {
        let text = encode_snapshot(&State::new(info()));
        let next = SNAPSHOT_FORMAT + 1;
        let other_format = text.replacen(
            &format!("\"format\":{SNAPSHOT_FORMAT}"),
            &format!("\"format\":{next}"),
            1,
        );
        assert_ne!(
            other_format, text,
            "the format tag is where it is looked for"
        );
        let refused = decode_snapshot(&other_format).unwrap_err();
        assert!(refused.0.contains(&format!("format {next}")), "{refused}");
        assert!(matches!(
            decode_snapshot(&format!("{{\"format\":{SNAPSHOT_FORMAT}}}")),
            Err(SnapshotError(_))
        ));
        assert!(matches!(decode_snapshot("not json"), Err(SnapshotError(_))));
    }
}
