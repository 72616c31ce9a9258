//! The `--schedule FILE` format is documented where a user looks for it,
//! and the documented examples are valid schedules.

use hybridhub::core::{Millis, SessionState};
use hybridhub::schedule::{parse_schedule, read_rows, ScheduleFormat, CSV_COLUMNS};

#[test]
fn serve_help_describes_the_schedule_file_with_an_example_that_parses() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_hybridhub"))
        .args(["serve", "--help"])
        .output()
        .expect("the binary runs");
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    let start = help
        .find("--schedule <FILE>")
        .expect("--schedule is listed");
    let section = &help[start..];
    for field in [
        "\"id\"",
        "\"title\"",
        "\"starts_at\"",
        "\"time_zone\"",
        "\"links\"",
    ] {
        assert!(section.contains(field), "serve --help names {field}");
    }
    let example_start = section.find("Example:").expect("an example")
        + section[section.find("Example:").unwrap()..]
            .find("{\"sessions\"")
            .unwrap();
    let example_end = section[example_start..]
        .find("]}]}")
        .expect("the example ends")
        + example_start
        + 4;
    let example = section[example_start..example_end].replace('\n', " ");
    let sessions = parse_schedule(&example, Millis(0)).expect("the example is a valid schedule");
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].state, SessionState::Scheduled);
}

#[test]
fn protocol_md_has_a_schedule_files_section_whose_example_parses() {
    let protocol =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/PROTOCOL.md")).unwrap();
    let start = protocol
        .find("**Schedule files.**")
        .expect("PROTOCOL.md documents schedule files");
    let section = &protocol[start..];
    let code_start = section.find("```json\n").expect("an example") + "```json\n".len();
    let code_end = section[code_start..].find("```").unwrap() + code_start;
    let sessions =
        parse_schedule(&section[code_start..code_end], Millis(0)).expect("the example is valid");
    assert_eq!(
        sessions
            .iter()
            .map(|info| info.id.as_str())
            .collect::<Vec<_>>(),
        ["opening", "ws-42"]
    );
    assert_eq!(sessions[0].time_zone.as_deref(), Some("Europe/Oslo"));
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains("PROTOCOL.md#schedule-files"),
        "README points to the schedule format"
    );
}

#[test]
fn protocol_md_documents_the_csv_header_and_import_examples_that_read_cleanly() {
    let protocol =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/PROTOCOL.md")).unwrap();
    let start = protocol
        .find("## Importing a schedule")
        .expect("PROTOCOL.md documents importing a schedule");
    let section = &protocol[start..protocol[start..].find("## WebSocket").unwrap() + start];
    let header = CSV_COLUMNS.join(",");
    assert!(
        section.contains(&format!("`{header}`")),
        "the CSV header {header}"
    );
    // The code blocks with a bare fence: the JSON answer's is marked `json`.
    let mut examples: Vec<String> = Vec::new();
    let mut open: Option<(String, String)> = None;
    for line in section.lines() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(fence)) => open = Some((fence.to_owned(), String::new())),
            (Some((fence, text)), Some(_)) => {
                if fence.is_empty() {
                    examples.push(std::mem::take(text));
                }
                open = None;
            }
            (Some((_, text)), None) => {
                text.push_str(line);
                text.push_str("\r\n");
            }
            (None, None) => {}
        }
    }
    assert_eq!(examples.len(), 2, "an iCalendar and a CSV example");
    for (format, example, ids) in [
        (ScheduleFormat::Ics, &examples[0], vec!["opening"]),
        (ScheduleFormat::Csv, &examples[1], vec!["opening", "ws-42"]),
    ] {
        let rows = read_rows(format, example, Millis(0)).expect("the example reads");
        let good: Vec<&str> = rows
            .iter()
            .map(|row| {
                row.session()
                    .map(|info| info.id.as_str())
                    .unwrap_or("refused")
            })
            .collect();
        assert_eq!(good, ids, "{format:?}");
    }
}
