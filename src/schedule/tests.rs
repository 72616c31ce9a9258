use super::*;

fn reasons(rows: &[ScheduleRow]) -> Vec<(usize, Option<&str>, Result<&str, &str>)> {
    rows.iter()
        .map(|row| {
            let outcome = match &row.outcome {
                RowOutcome::Session(info) => Ok(info.id.as_str()),
                RowOutcome::Error(reason) => Err(reason.as_str()),
            };
            (row.row, row.id.as_deref(), outcome)
        })
        .collect()
}

fn time(text: &str) -> Millis {
    Millis::parse_rfc3339(text).unwrap()
}

#[test]
fn schedule_table() {
    let good = r#"{"sessions":[{"id":"ws-1","title":"Workshop 1","room":"Room 1","starts_at":"2026-06-23T09:00:00Z","ends_at":"2026-06-23T10:30:00Z","languages":["en","fr"]}]}"#;
    let sessions = parse_schedule(good, Millis(0)).unwrap();
    assert_eq!(sessions[0].languages, vec!["en", "fr"]);
    assert_eq!(sessions[0].starts_at, time("2026-06-23T09:00:00Z"));
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
    assert_eq!(
        parse_schedule(r#"[{"id":"ok","title":"A","state":"live"},{"id":"b","title":""}]"#, Millis(0)),
        Err("session 1 (b): starts_at is required for a scheduled session, which goes live by itself at that time (or create it with \"state\": \"live\")".into())
    );
}

#[test]
fn json_rows_are_each_checked_as_a_session_made_by_hand() {
    let text = r#"[
      {"id":"opening","title":"Opening","starts_at":"2026-06-23T09:00:00Z"},
      {"id":"no-title","title":"","starts_at":"2026-06-23T09:00:00Z"},
      {"id":"escape","title":"Bell\u0007 and \u001b[31mred","starts_at":"2026-06-23T09:00:00Z"},
      {"id":"colour","title":"A","starts_at":"2026-06-23T09:00:00Z","colour":"red"},
      {"id":"opening","title":"Again","starts_at":"2026-06-23T09:00:00Z"}
    ]"#;
    let mut rows = read_rows(ScheduleFormat::Json, text, Millis(0)).unwrap();
    refuse_duplicates(&mut rows, |_| false);
    let found = reasons(&rows);
    assert_eq!(found[0], (1, Some("opening"), Ok("opening")));
    assert!(
        matches!(found[1].2, Err(reason) if reason.starts_with("title must be")),
        "{found:?}"
    );
    assert!(
        matches!(found[2].2, Err(reason) if reason.contains("no control characters")),
        "{found:?}"
    );
    assert!(
        matches!(found[3].2, Err(reason) if reason.contains("unknown field `colour`")),
        "{found:?}"
    );
    assert_eq!(found[4].2, Err("the id opening repeats row 1"));
    assert!(read_rows(ScheduleFormat::Json, "[1,", Millis(0))
        .unwrap_err()
        .starts_with("not valid JSON"));
}

const CALENDAR: &str = "BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//IGF//Programme//EN\r
BEGIN:VEVENT\r
UID:opening@igf.example.org\r
SUMMARY:Opening ceremony\r
LOCATION:Plenary Hall\\, level 1\r
DTSTART:20260623T070000Z\r
DTEND:20260623T083000Z\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:WS-42\r
SUMMARY:Workshop 42: Rural access\r
LOCATION:Room 3\r
DTSTART;TZID=Europe/Oslo:20260623T110000\r
DTEND;TZID=Europe/Oslo:20260623T123000\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:mars\r
SUMMARY:On Mars time\r
DTSTART;TZID=Mars/Olympus_Mons:20260623T110000\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:floating\r
SUMMARY:Floating\r
DTSTART:20260623T110000\r
END:VEVENT\r
BEGIN:VEVENT\r
SUMMARY:No UID\r
DTSTART:20260623T110000Z\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:untitled\r
DTSTART:20260623T110000Z\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:all-day\r
SUMMARY:All day\r
DTSTART;VALUE=DATE:20260623\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:weekly\r
SUMMARY:Weekly\r
DTSTART:20260623T110000Z\r
RRULE:FREQ=WEEKLY\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:bad-time\r
SUMMARY:Bad time\r
DTSTART:2026-06-23 11:00\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:ws-42\r
SUMMARY:Workshop 42 again\r
DTSTART:20260623T110000Z\r
END:VEVENT\r
END:VCALENDAR\r
";

#[test]
fn calendar_events_become_sessions_in_their_time_zone_and_bad_ones_say_why() {
    let mut rows = read_rows(ScheduleFormat::Ics, CALENDAR, Millis(0)).unwrap();
    refuse_duplicates(&mut rows, |_| false);
    let found = reasons(&rows);
    assert_eq!(found.len(), 10, "{found:?}");
    let opening = rows[0].session().unwrap();
    assert_eq!(opening.id, "opening-igf-example-org");
    assert_eq!(opening.title, "Opening ceremony");
    assert_eq!(opening.room, "Plenary Hall, level 1");
    assert_eq!(opening.starts_at, time("2026-06-23T07:00:00Z"));
    assert_eq!(opening.ends_at, time("2026-06-23T08:30:00Z"));
    assert_eq!(opening.time_zone, None);
    assert_eq!(opening.languages, ["en"]);
    let workshop = rows[1].session().unwrap();
    assert_eq!(workshop.id, "ws-42");
    // Oslo is two hours ahead of UTC in June.
    assert_eq!(workshop.starts_at, time("2026-06-23T09:00:00Z"));
    assert_eq!(workshop.ends_at, time("2026-06-23T10:30:00Z"));
    assert_eq!(workshop.time_zone.as_deref(), Some("Europe/Oslo"));
    let refused: Vec<_> = found[2..]
        .iter()
        .map(|(_, id, outcome)| (*id, outcome.unwrap_err()))
        .collect();
    assert_eq!(
        refused,
        [
            (Some("mars"), "DTSTART: unknown time zone Mars/Olympus_Mons: use an IANA time zone such as Europe/Oslo or UTC"),
            (Some("floating"), "DTSTART: 20260623T110000 has no time zone: end it with Z (UTC) or give a TZID"),
            (None, "the event has no UID, which gives the session's id"),
            (Some("untitled"), "title must be 1 to 200 characters, with no control characters"),
            (Some("all-day"), "DTSTART: 20260623 is a whole day: a session needs a start time"),
            (Some("weekly"), "a repeating event (RRULE or RDATE) is not read: give each session its own VEVENT"),
            (Some("bad-time"), "DTSTART: 2026-06-23 11:00 is not a date and time such as 20260623T090000Z"),
            (Some("ws-42"), "the id ws-42 repeats row 2"),
        ]
    );
    for bad in ["", "hello", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n"] {
        assert!(
            read_rows(ScheduleFormat::Ics, bad, Millis(0)).is_err(),
            "{bad:?}"
        );
    }
}

#[test]
fn csv_lines_become_sessions_and_bad_ones_say_why() {
    let long_title = "x".repeat(201);
    let text = format!(
        "\u{feff}id,title,room,starts_at,ends_at,time_zone,languages\n\
         opening,Opening ceremony,Plenary Hall,2026-06-23T09:00:00+02:00,2026-06-23T10:30:00+02:00,Europe/Oslo,en fr es\n\
         ws-42,\"Workshop 42: Rural access, policy\",Room 3,2026-06-23 11:00,,Europe/Oslo,\"en, fr\"\n\
         mars,On Mars,Room 1,2026-06-23 11:00,,Mars/Olympus_Mons,en\n\
         no-zone,No zone,Room 1,2026-06-23 11:00,,,en\n\
         bad-time,Bad time,Room 1,23/06/2026 11:00,,UTC,en\n\
         untitled,,Room 1,2026-06-23T11:00:00Z,,,en\n\
         long,{long_title},Room 1,2026-06-23T11:00:00Z,,,en\n\
         nul,Nul\u{0}here,Room 1,2026-06-23T11:00:00Z,,,en\n\
         short,Too few fields\n\
         backwards,Backwards,Room 1,2026-06-23T11:00:00Z,2026-06-23T10:00:00Z,,en\n\
         Bad Id,Bad id,Room 1,2026-06-23T11:00:00Z,,,en\n"
    );
    let mut rows = read_rows(ScheduleFormat::Csv, &text, Millis(0)).unwrap();
    refuse_duplicates(&mut rows, |id| id == "opening");
    let found = reasons(&rows);
    assert_eq!(found.len(), 11, "{found:?}");
    assert_eq!(
        found[0],
        (
            2,
            Some("opening"),
            Err("a session with the id opening exists already")
        )
    );
    let workshop = rows[1].session().unwrap();
    assert_eq!(workshop.title, "Workshop 42: Rural access, policy");
    assert_eq!(workshop.starts_at, time("2026-06-23T09:00:00Z"));
    assert_eq!(
        workshop.ends_at,
        time("2026-06-23T10:30:00Z"),
        "90 minutes by default"
    );
    assert_eq!(workshop.languages, ["en", "fr"]);
    assert_eq!(workshop.time_zone.as_deref(), Some("Europe/Oslo"));
    let refused: Vec<_> = found[2..]
        .iter()
        .map(|(line, id, outcome)| (*line, *id, outcome.unwrap_err()))
        .collect();
    assert_eq!(
        refused,
        [
            (4, Some("mars"), "unknown time zone Mars/Olympus_Mons: use an IANA time zone such as Europe/Oslo or UTC"),
            (5, Some("no-zone"), "starts_at: 2026-06-23 11:00 has no offset and the line no time_zone to read it in"),
            (6, Some("bad-time"), "starts_at: 23/06/2026 11:00 is not a time such as 2026-06-23 09:00 or 2026-06-23T09:00:00+02:00"),
            (7, Some("untitled"), "title must be 1 to 200 characters, with no control characters"),
            (8, Some("long"), "title must be 1 to 200 characters, with no control characters"),
            (9, Some("nul"), "title must be 1 to 200 characters, with no control characters"),
            (10, Some("short"), "this line has 2 fields and the header 7"),
            (11, Some("backwards"), "ends_at must not be before starts_at"),
            (12, Some("Bad Id"), "id must be 1 to 64 characters of a-z, 0-9 and '-', not starting with '-'"),
        ]
    );
    for (bad, problem) in [
        ("id,title,colour\n", "unknown column \"colour\""),
        ("id,title\n", "the header has no starts_at column"),
        ("id,title,starts_at,id\n", "the column id appears twice"),
    ] {
        let error = read_rows(ScheduleFormat::Csv, bad, Millis(0)).unwrap_err();
        assert!(error.contains(problem), "{bad:?}: {error}");
    }
}

#[test]
fn the_preview_digest_changes_with_the_file_or_with_which_rows_are_good() {
    let text = "id,title,starts_at\na,A,2026-06-23T09:00:00Z\nb,B,2026-06-23T09:00:00Z\n";
    let preview = |exists: &dyn Fn(&str) -> bool, text: &str| {
        let mut rows = read_rows(ScheduleFormat::Csv, text, Millis(0)).unwrap();
        refuse_duplicates(&mut rows, exists);
        preview_digest(ScheduleFormat::Csv, text, &rows)
    };
    let first = preview(&|_| false, text);
    assert_eq!(
        first,
        preview(&|_| false, text),
        "the same file and sessions"
    );
    assert_ne!(
        first,
        preview(&|id| id == "b", text),
        "b was made meanwhile"
    );
    assert_ne!(
        first,
        preview(&|_| false, &text.replace("B,", "Bee,")),
        "another file"
    );
}

#[test]
fn formats_are_named_by_their_content_type() {
    for (content_type, format) in [
        ("application/json", Some(ScheduleFormat::Json)),
        ("text/calendar; charset=utf-8", Some(ScheduleFormat::Ics)),
        ("Text/CSV", Some(ScheduleFormat::Csv)),
        ("text/plain", None),
        ("", None),
    ] {
        assert_eq!(
            ScheduleFormat::from_content_type(content_type),
            format,
            "{content_type}"
        );
    }
}
