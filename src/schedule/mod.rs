//! Schedules: sessions from a file. `serve --schedule FILE` reads a JSON
//! file at start-up; the admin API and the console import a JSON,
//! iCalendar (`.ics`, in `ics.rs`) or CSV (`csv.rs`) file in two steps, a
//! preview of every row and then the import of the good ones.
//!
//! Everything here is pure: the text and `now` come in, rows come out.
//! Each row becomes a session through the same checks as a session
//! created by hand (`NewSession::into_info` and `SessionInfo::validate`),
//! so a file can create nothing the admin API would refuse.

mod csv;
mod ics;

use crate::core::{Millis, SessionInfo};
use crate::http::sessions::NewSession;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io;
use std::path::Path;

pub use self::csv::CSV_COLUMNS;

/// The largest schedule file the admin API takes (`413` above).
pub const SCHEDULE_UPLOAD_MAX_BYTES: usize = 1024 * 1024;

/// The kinds of schedule file, by the `Content-Type` they are sent with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScheduleFormat {
    Json,
    Ics,
    Csv,
}

impl ScheduleFormat {
    /// The format a `Content-Type` names, parameters (`; charset=utf-8`)
    /// aside.
    pub fn from_content_type(content_type: &str) -> Option<ScheduleFormat> {
        let media_type = content_type.split(';').next().unwrap_or("").trim();
        match media_type.to_ascii_lowercase().as_str() {
            "application/json" => Some(ScheduleFormat::Json),
            "text/calendar" => Some(ScheduleFormat::Ics),
            "text/csv" => Some(ScheduleFormat::Csv),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ScheduleFormat::Json => "json",
            ScheduleFormat::Ics => "ics",
            ScheduleFormat::Csv => "csv",
        }
    }
}

/// One row of a schedule file and what importing it would do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScheduleRow {
    /// Where the row is: the entry's number in a JSON file, the event's
    /// in a calendar, the line's in a CSV file (the header is line 1).
    pub row: usize,
    /// The session id the row names, when it names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The title the row gives, when it gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(flatten)]
    pub outcome: RowOutcome,
}

/// The session a row would create, or why it cannot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowOutcome {
    Session(Box<SessionInfo>),
    Error(String),
}

impl ScheduleRow {
    pub fn session(&self) -> Option<&SessionInfo> {
        match &self.outcome {
            RowOutcome::Session(info) => Some(info),
            RowOutcome::Error(_) => None,
        }
    }

    /// A row from a new session as the admin API takes it: the session,
    /// or the first check it fails.
    fn from_new_session(row: usize, new_session: NewSession, now: Millis) -> ScheduleRow {
        let (id, title) = (
            Some(new_session.id.clone()),
            Some(new_session.title.clone()),
        );
        let outcome = match new_session.into_info(now) {
            Ok(info) => match info.validate() {
                Ok(()) => RowOutcome::Session(Box::new(info)),
                Err(error) => RowOutcome::Error(error.0),
            },
            Err(message) => RowOutcome::Error(message),
        };
        ScheduleRow {
            row,
            id,
            title,
            outcome,
        }
    }

    fn refused(row: usize, id: Option<String>, title: Option<String>, reason: String) -> Self {
        ScheduleRow {
            row,
            id,
            title,
            outcome: RowOutcome::Error(reason),
        }
    }
}

/// Every row of a schedule file, each checked on its own. `Err` when the
/// file as a whole cannot be read (not JSON, not a calendar, a CSV header
/// with an unknown or missing column).
pub fn read_rows(
    format: ScheduleFormat,
    text: &str,
    now: Millis,
) -> Result<Vec<ScheduleRow>, String> {
    // Spreadsheets often begin a UTF-8 file with a byte order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match format {
        ScheduleFormat::Json => read_json_rows(text, now),
        ScheduleFormat::Ics => ics::read_calendar(text, now),
        ScheduleFormat::Csv => csv::read_table(text, now),
    }
}

/// Refuses each good row whose id an earlier row of the file named, or
/// that `exists` already.
pub fn refuse_duplicates(rows: &mut [ScheduleRow], exists: impl Fn(&str) -> bool) {
    let mut first_row_of = std::collections::HashMap::new();
    for row in rows.iter_mut() {
        let Some(id) = row.id.clone() else { continue };
        let earlier = *first_row_of.entry(id.clone()).or_insert(row.row);
        if row.session().is_none() {
            continue;
        }
        if earlier != row.row {
            row.outcome = RowOutcome::Error(format!("the id {id} repeats row {earlier}"));
        } else if exists(&id) {
            row.outcome = RowOutcome::Error(format!("a session with the id {id} exists already"));
        }
    }
}

/// What a preview showed, as a short digest: the file, its format and
/// which of its rows are good. The import is refused unless it finds the
/// same, so that it never imports other sessions than the organiser saw.
pub fn preview_digest(format: ScheduleFormat, text: &str, rows: &[ScheduleRow]) -> String {
    let mut digest = Sha256::new();
    digest.update(format.as_str());
    digest.update([0]);
    digest.update((text.len() as u64).to_be_bytes());
    digest.update(text);
    for row in rows {
        digest.update((row.row as u64).to_be_bytes());
        digest.update([u8::from(row.session().is_some())]);
    }
    hex::encode(&digest.finalize()[..16])
}

/// `--schedule FILE`: every session of a JSON file, or the first problem.
pub fn read_schedule(path: &Path, now: Millis) -> io::Result<Vec<SessionInfo>> {
    let text = std::fs::read_to_string(path)?;
    parse_schedule(&text, now).map_err(|message| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{}: {message}", path.display()),
        )
    })
}

/// A JSON schedule as its sessions, or the first problem with the entry's
/// index and id.
pub fn parse_schedule(text: &str, now: Millis) -> Result<Vec<SessionInfo>, String> {
    read_json_rows(text, now)?
        .into_iter()
        .map(|row| match row.outcome {
            RowOutcome::Session(info) => Ok(*info),
            RowOutcome::Error(error) => {
                let index = row.row - 1;
                Err(match row.id {
                    Some(id) => format!("session {index} ({id}): {error}"),
                    None => format!("session {index}: {error}"),
                })
            }
        })
        .collect()
}

/// `{"sessions": [...]}` or a bare array of sessions in the admin API's
/// shape.
fn read_json_rows(text: &str, now: Millis) -> Result<Vec<ScheduleRow>, String> {
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
    Ok(entries
        .into_iter()
        .enumerate()
        .map(|(index, entry)| {
            let row = index + 1;
            let text_field = |name: &str| {
                entry
                    .get(name)
                    .and_then(|value| value.as_str())
                    .map(str::to_owned)
            };
            let (id, title) = (text_field("id"), text_field("title"));
            match serde_json::from_value::<NewSession>(entry) {
                Ok(new_session) => ScheduleRow::from_new_session(row, new_session, now),
                Err(error) => ScheduleRow::refused(row, id, title, error.to_string()),
            }
        })
        .collect())
}

/// A wall-clock time in an IANA time zone, as the instant it names. Around
/// a daylight-saving change it is read as RFC 5545 says: a time the clocks
/// skipped moves forward by the change, a time they showed twice is the
/// first.
fn local_time_in_zone(local: jiff::civil::DateTime, zone: &str) -> Result<Millis, String> {
    let time_zone = known_time_zone(zone)?;
    let instant = time_zone
        .to_timestamp(local)
        .map_err(|error| format!("{local} in {zone}: {error}"))?;
    Ok(Millis(instant.as_millisecond()))
}

/// A time zone of the bundled IANA database, by the same rule as a
/// session's `time_zone`.
fn known_time_zone(zone: &str) -> Result<jiff::tz::TimeZone, String> {
    if !crate::core::is_known_time_zone(zone) {
        return Err(format!(
            "unknown time zone {zone}: use an IANA time zone such as Europe/Oslo or UTC"
        ));
    }
    jiff::tz::TimeZone::get(zone).map_err(|error| error.to_string())
}

#[cfg(test)]
mod tests;
