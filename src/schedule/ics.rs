//! iCalendar (`.ics`, RFC 5545) schedules, read with the `ical` crate: one
//! session per `VEVENT`. `UID` gives the id (as a slug), `SUMMARY` the
//! title, `LOCATION` the room, `DTSTART` and `DTEND` the times, either in
//! UTC (`…Z`) or with a `TZID`, which also becomes the session's venue
//! time zone.

use super::{local_time_in_zone, ScheduleRow};
use crate::core::{Millis, SESSION_ID_MAX_CHARS};
use crate::http::sessions::NewSession;
use ical::property::Property;

pub(super) fn read_calendar(text: &str, now: Millis) -> Result<Vec<ScheduleRow>, String> {
    let mut rows = Vec::new();
    let mut calendars = 0;
    for calendar in ical::IcalParser::new(text.as_bytes()) {
        let calendar = calendar.map_err(|error| format!("not a valid iCalendar file: {error}"))?;
        calendars += 1;
        for event in calendar.events {
            rows.push(read_event(rows.len() + 1, &event.properties, now));
        }
    }
    if calendars == 0 {
        return Err("not an iCalendar file: it has no BEGIN:VCALENDAR".into());
    }
    Ok(rows)
}

fn read_event(row: usize, properties: &[Property], now: Millis) -> ScheduleRow {
    let property = |name: &str| {
        properties
            .iter()
            .find(|property| property.name.eq_ignore_ascii_case(name))
    };
    let text_of = |name: &str| {
        property(name)
            .and_then(|p| p.value.as_deref())
            .map(unescape)
    };
    let id = text_of("UID").map(|uid| slug(&uid));
    let title = text_of("SUMMARY");
    let refuse = |reason: String| ScheduleRow::refused(row, id.clone(), title.clone(), reason);
    let Some(session_id) = id.clone() else {
        return refuse("the event has no UID, which gives the session's id".into());
    };
    if property("RRULE").is_some() || property("RDATE").is_some() {
        return refuse(
            "a repeating event (RRULE or RDATE) is not read: give each session its own VEVENT"
                .into(),
        );
    }
    let Some(start) = property("DTSTART") else {
        return refuse("the event has no DTSTART".into());
    };
    let (starts_at, time_zone) = match event_time(start) {
        Ok(time) => time,
        Err(reason) => return refuse(format!("DTSTART: {reason}")),
    };
    let ends_at = match property("DTEND") {
        Some(end) => match event_time(end) {
            Ok((ends_at, _)) => Some(ends_at),
            Err(reason) => return refuse(format!("DTEND: {reason}")),
        },
        None if property("DURATION").is_some() => {
            return refuse("DURATION is not read: give the event a DTEND".into())
        }
        None => None,
    };
    let new_session = NewSession {
        id: session_id,
        title: title.clone().unwrap_or_default(),
        room: text_of("LOCATION").unwrap_or_default(),
        starts_at: Some(starts_at),
        ends_at,
        languages: None,
        state: None,
        time_zone,
        links: Default::default(),
        chair: None,
    };
    ScheduleRow::from_new_session(row, new_session, now)
}

/// A `DTSTART` or `DTEND`: the instant, and the `TZID` it was given in.
fn event_time(property: &Property) -> Result<(Millis, Option<String>), String> {
    let parameter = |name: &str| {
        property
            .params
            .iter()
            .flatten()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .and_then(|(_, values)| values.first())
            .map(|value| value.trim_matches('"').to_owned())
    };
    let value = property.value.as_deref().unwrap_or("").trim();
    if parameter("VALUE").is_some_and(|kind| kind.eq_ignore_ascii_case("DATE")) || value.len() == 8
    {
        return Err(format!(
            "{value} is a whole day: a session needs a start time"
        ));
    }
    let (local, utc) = match value.strip_suffix('Z') {
        Some(local) => (local, true),
        None => (value, false),
    };
    let local = jiff::civil::DateTime::strptime("%Y%m%dT%H%M%S", local)
        .map_err(|_| format!("{value} is not a date and time such as 20260623T090000Z"))?;
    match (utc, parameter("TZID")) {
        (true, _) => Ok((local_time_in_zone(local, "UTC")?, None)),
        (false, Some(zone)) => Ok((local_time_in_zone(local, &zone)?, Some(zone))),
        (false, None) => Err(format!(
            "{value} has no time zone: end it with Z (UTC) or give a TZID"
        )),
    }
}

/// A TEXT value with its escapes (`\,` `\;` `\\` `\n`) undone.
fn unescape(value: &str) -> String {
    let mut text = String::with_capacity(value.len());
    let mut characters = value.chars();
    while let Some(character) = characters.next() {
        if character != '\\' {
            text.push(character);
            continue;
        }
        match characters.next() {
            Some('n' | 'N') => text.push('\n'),
            Some(other) => text.push(other),
            None => text.push('\\'),
        }
    }
    text
}

/// A UID as a session id: lower case, each run of other characters than
/// `a-z` and `0-9` one dash, no dash at either end, at most 64 characters
/// (two long UIDs that agree that far come out as one id, which the
/// preview then refuses as a repeat).
fn slug(uid: &str) -> String {
    let mut id = String::new();
    for character in uid.chars().flat_map(char::to_lowercase) {
        if character.is_ascii_lowercase() || character.is_ascii_digit() {
            id.push(character);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    id.truncate(SESSION_ID_MAX_CHARS);
    id.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uids_become_slugs_and_text_escapes_are_undone() {
        assert_eq!(slug("WS-42@igf.example.org"), "ws-42-igf-example-org");
        assert_eq!(slug("--Ünïcode  event--"), "n-code-event");
        assert_eq!(slug(&"a".repeat(80)).len(), 64);
        assert_eq!(slug(&format!("{}-b", "a".repeat(63))), "a".repeat(63));
        assert_eq!(slug("@@@"), "");
        assert_eq!(
            unescape(r"Rural access\, policy\; and \\ more\nnext"),
            "Rural access, policy; and \\ more\nnext"
        );
    }
}
