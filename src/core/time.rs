//! Time as the core sees it: milliseconds since the Unix epoch, passed in by
//! the caller. Formatting to RFC 3339 is pure, so it lives here too.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// A point in time, in milliseconds since the Unix epoch (UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Millis(pub i64);

impl Millis {
    /// The earliest time RFC 3339 can write: 0000-01-01T00:00:00.000Z.
    pub const EARLIEST: Millis = Millis(-62_167_219_200_000);
    /// The latest time RFC 3339 can write: 9999-12-31T23:59:59.999Z.
    pub const LATEST: Millis = Millis(253_402_300_799_999);

    /// Formats as RFC 3339 in UTC with millisecond precision, e.g.
    /// `2026-11-25T09:00:00.000Z`.
    pub fn to_rfc3339(self) -> String {
        let nanos = i128::from(self.0) * 1_000_000;
        let Ok(date_time) = OffsetDateTime::from_unix_timestamp_nanos(nanos) else {
            return "invalid-time".to_owned();
        };
        let (year, month, day) = (
            date_time.year(),
            u8::from(date_time.month()),
            date_time.day(),
        );
        format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
            date_time.hour(),
            date_time.minute(),
            date_time.second(),
            date_time.millisecond()
        )
    }

    /// Parses any RFC 3339 timestamp (with `Z` or an offset).
    pub fn parse_rfc3339(text: &str) -> Option<Millis> {
        let date_time = OffsetDateTime::parse(text, &Rfc3339).ok()?;
        let millis = date_time.unix_timestamp_nanos() / 1_000_000;
        i64::try_from(millis).ok().map(Millis)
    }

    pub fn plus_millis(self, millis: i64) -> Millis {
        Millis(self.0.saturating_add(millis))
    }
}

impl fmt::Display for Millis {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.to_rfc3339())
    }
}

impl Serialize for Millis {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_rfc3339())
    }
}

impl<'de> Deserialize<'de> for Millis {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Millis, D::Error> {
        let text = String::deserialize(deserializer)?;
        Millis::parse_rfc3339(&text)
            .ok_or_else(|| serde::de::Error::custom("expected an RFC 3339 timestamp"))
    }
}

/// Serde helpers that write a [`Millis`] as its integer number of
/// milliseconds instead of RFC 3339 text. Use them with `#[serde(with =
/// "...")]` where a value must round-trip exactly for any `i64`, as in the
/// replicated command log; the client protocol keeps RFC 3339.
pub mod as_integer {
    use super::Millis;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the milliseconds as an integer.
    pub fn serialize<S: Serializer>(millis: &Millis, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(millis.0)
    }

    /// Reads an integer number of milliseconds.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Millis, D::Error> {
        i64::deserialize(deserializer).map(Millis)
    }
}

/// Like [`as_integer`], for an optional time: `None` is written as `null`.
pub mod option_as_integer {
    use super::Millis;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the milliseconds as an integer, or `null`.
    pub fn serialize<S: Serializer>(
        millis: &Option<Millis>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match millis {
            Some(millis) => serializer.serialize_some(&millis.0),
            None => serializer.serialize_none(),
        }
    }

    /// Reads an integer number of milliseconds, or `null`.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Millis>, D::Error> {
        Option::<i64>::deserialize(deserializer).map(|millis| millis.map(Millis))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_round_trip() {
        let cases = [
            (0, "1970-01-01T00:00:00.000Z"),
            (1_764_061_200_123, "2025-11-25T09:00:00.123Z"),
        ];
        for (millis, text) in cases {
            assert_eq!(Millis(millis).to_rfc3339(), text);
            assert_eq!(Millis::parse_rfc3339(text), Some(Millis(millis)));
        }
    }

    #[test]
    fn parses_offsets() {
        assert_eq!(
            Millis::parse_rfc3339("2025-11-25T10:00:00+01:00"),
            Millis::parse_rfc3339("2025-11-25T09:00:00Z")
        );
        assert_eq!(Millis::parse_rfc3339("yesterday"), None);
    }

    fn round_trips(millis: Millis) -> bool {
        Millis::parse_rfc3339(&millis.to_rfc3339()) == Some(millis)
    }

    #[test]
    fn the_writable_range_is_exactly_what_rfc_3339_round_trips() {
        assert!(round_trips(Millis::EARLIEST));
        assert!(round_trips(Millis::LATEST));
        assert!(!round_trips(Millis::EARLIEST.plus_millis(-1)));
        assert!(!round_trips(Millis::LATEST.plus_millis(1)));
        assert_eq!(Millis::LATEST.to_rfc3339(), "9999-12-31T23:59:59.999Z");
        assert_eq!(Millis::EARLIEST.to_rfc3339(), "0000-01-01T00:00:00.000Z");
    }
}
