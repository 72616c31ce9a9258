//! CSV schedules, read with the `csv` crate: a header line naming the
//! columns (any order), then one session per line. `id`, `title` and
//! `starts_at` are required; `room`, `ends_at`, `time_zone` and
//! `languages` may be left out or empty. A time is RFC 3339 with an offset
//! (`2026-06-23T09:00:00+02:00`, `…Z`), or a wall-clock time
//! (`2026-06-23 09:00`) read in the line's `time_zone`, which also becomes
//! the session's venue time zone.

use super::{known_time_zone, local_time_in_zone, ScheduleRow};
use crate::core::Millis;
use crate::http::sessions::NewSession;

/// The columns a CSV schedule may have, in the order the docs list them.
pub const CSV_COLUMNS: [&str; 7] = [
    "id",
    "title",
    "room",
    "starts_at",
    "ends_at",
    "time_zone",
    "languages",
];
const REQUIRED_COLUMNS: [&str; 3] = ["id", "title", "starts_at"];

pub(super) fn read_table(text: &str, now: Millis) -> Result<Vec<ScheduleRow>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|error| format!("not a valid CSV file: {error}"))?
        .clone();
    let mut column_of = std::collections::HashMap::new();
    for (index, name) in header.iter().enumerate() {
        let name = name.to_ascii_lowercase();
        if !CSV_COLUMNS.contains(&name.as_str()) {
            return Err(format!(
                "unknown column {name:?} in the header: the columns are {}",
                CSV_COLUMNS.join(", ")
            ));
        }
        if column_of.insert(name.clone(), index).is_some() {
            return Err(format!("the column {name} appears twice in the header"));
        }
    }
    if let Some(missing) = REQUIRED_COLUMNS
        .iter()
        .find(|name| !column_of.contains_key(**name))
    {
        return Err(format!(
            "the header has no {missing} column (required: {})",
            REQUIRED_COLUMNS.join(", ")
        ));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|error| format!("not a valid CSV file: {error}"))?;
        let line = record
            .position()
            .map_or(rows.len() + 2, |at| at.line() as usize);
        let cell = |name: &str| {
            column_of
                .get(name)
                .and_then(|index| record.get(*index))
                .filter(|value| !value.is_empty())
                .map(str::to_owned)
        };
        let (id, title) = (cell("id"), cell("title"));
        if record.len() != header.len() {
            rows.push(ScheduleRow::refused(
                line,
                id,
                title,
                format!(
                    "this line has {} fields and the header {}",
                    record.len(),
                    header.len()
                ),
            ));
            continue;
        }
        rows.push(read_line(line, id, title, &cell, now));
    }
    Ok(rows)
}

fn read_line(
    line: usize,
    id: Option<String>,
    title: Option<String>,
    cell: &dyn Fn(&str) -> Option<String>,
    now: Millis,
) -> ScheduleRow {
    let refuse = |reason: String| ScheduleRow::refused(line, id.clone(), title.clone(), reason);
    let time_zone = cell("time_zone");
    if let Some(zone) = &time_zone {
        if let Err(reason) = known_time_zone(zone) {
            return refuse(reason);
        }
    }
    let Some(starts) = cell("starts_at") else {
        return refuse("starts_at is empty".into());
    };
    let starts_at = match time_of(&starts, time_zone.as_deref()) {
        Ok(time) => time,
        Err(reason) => return refuse(format!("starts_at: {reason}")),
    };
    let ends_at = match cell("ends_at").map(|ends| time_of(&ends, time_zone.as_deref())) {
        Some(Ok(time)) => Some(time),
        Some(Err(reason)) => return refuse(format!("ends_at: {reason}")),
        None => None,
    };
    let languages = cell("languages").map(|list| {
        list.split(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .filter(|tag| !tag.is_empty())
            .map(str::to_owned)
            .collect()
    });
    let new_session = NewSession {
        id: id.clone().unwrap_or_default(),
        title: title.clone().unwrap_or_default(),
        room: cell("room").unwrap_or_default(),
        starts_at: Some(starts_at),
        ends_at,
        languages,
        state: None,
        time_zone,
        links: Default::default(),
        chair: None,
    };
    ScheduleRow::from_new_session(line, new_session, now)
}

/// A time with its own offset, or a wall-clock time in the line's zone.
fn time_of(text: &str, zone: Option<&str>) -> Result<Millis, String> {
    if let Some(time) = Millis::parse_rfc3339(text) {
        return Ok(time);
    }
    let local = [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|format| jiff::civil::DateTime::strptime(format, text).ok())
    .ok_or_else(|| {
        format!("{text} is not a time such as 2026-06-23 09:00 or 2026-06-23T09:00:00+02:00")
    })?;
    match zone {
        Some(zone) => local_time_in_zone(local, zone),
        None => Err(format!(
            "{text} has no offset and the line no time_zone to read it in"
        )),
    }
}
