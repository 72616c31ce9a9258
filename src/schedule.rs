//! `--schedule FILE`: sessions from a JSON file, in the admin API's shape:
//! `{"sessions": [{"id": "...", "title": "...", ...}, ...]}` or a bare array.

use crate::core::{Millis, SessionInfo};
use std::io;
use std::path::Path;

pub fn read_schedule(path: &Path, now: Millis) -> io::Result<Vec<SessionInfo>> {
    let text = std::fs::read_to_string(path)?;
    parse_schedule(&text, now).map_err(|message| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{}: {message}", path.display()),
        )
    })
}

pub fn parse_schedule(text: &str, now: Millis) -> Result<Vec<SessionInfo>, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|error| format!("not valid JSON: {error}"))?;
    let entries = match value {
        serde_json::Value::Array(entries) => entries,
        serde_json::Value::Object(mut object) => match object.remove("sessions") {
            Some(serde_json::Value::Array(entries)) => entries,
            _ => return Err("expected {\"sessions\": [...]}".into()),
        },
        _ => return Err("expected {\"sessions\": [...]}".into()),
    };
    entries
        .into_iter()
        .enumerate()
        .map(|(index, entry)| {
            let info = crate::server::session_from_json(entry, now)
                .map_err(|error| format!("session {index}: {error}"))?;
            info.validate()
                .map_err(|error| format!("session {index} ({}): {}", info.id, error.0))?;
            Ok(info)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_table() {
        let good = r#"{"sessions":[{"id":"ws-1","title":"Workshop 1","room":"Room 1","starts_at":"2026-06-23T09:00:00Z","ends_at":"2026-06-23T10:30:00Z","languages":["en","fr"]}]}"#;
        let sessions = parse_schedule(good, Millis(0)).unwrap();
        assert_eq!(sessions[0].languages, vec!["en", "fr"]);
        assert_eq!(
            sessions[0].starts_at,
            Millis::parse_rfc3339("2026-06-23T09:00:00Z").unwrap()
        );
        assert_eq!(
            parse_schedule(
                r#"[{"id":"a","title":"A","starts_at":"2026-06-23T09:00:00Z"}]"#,
                Millis(0)
            )
            .unwrap()
            .len(),
            1
        );
        for bad in [
            "nope",
            r#"{"other":[]}"#,
            r#"[{"id":"a","title":"A"}]"#,
            r#"[{"id":"Bad Id","title":"A","state":"live"}]"#,
            r#"[{"id":"a"}]"#,
            r#"[{"id":"a","title":"A","colour":"red"}]"#,
        ] {
            assert!(parse_schedule(bad, Millis(0)).is_err(), "{bad}");
        }
    }
}
