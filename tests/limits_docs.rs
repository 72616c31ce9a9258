//! Every limit's default has one source, `HubConfig::default()` or, for the
//! limits at the edge (connections, request times, downloads),
//! `EdgeLimits::default()` (clap's defaults are read from them);
//! `docs/PROTOCOL.md` must say the same, and this test fails where it does
//! not.

use hybridhub::core::{
    ANNOUNCEMENT_MAX_CHARS, CAPTION_LINE_MAX_CHARS, CHAT_MAX_CHARS, DISMISS_REASON_MAX_CHARS,
    HAND_TOPIC_MAX_CHARS, MAX_TURNS_LIMIT, NAME_MAX_CHARS, POLLS_PER_SESSION, POLL_CHAIR_COUNT_MAX,
    POLL_MAX_OPTIONS, POLL_MIN_OPTIONS, POLL_OPTION_MAX_CHARS, POLL_TITLE_MAX_CHARS,
    QUESTION_MAX_CHARS, WRITTEN_BYTES_PER_PARTICIPANT_MAX, WRITTEN_BYTES_PER_SESSION_MAX,
};
use hybridhub::hub::HubConfig;
use hybridhub::net::EdgeLimits;

/// 1234567 as "1,234,567", as the docs write numbers.
fn thousands(number: u64) -> String {
    let digits = number.to_string();
    let mut written = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            written.push(',');
        }
        written.push(digit);
    }
    written
}

/// A byte count as the docs write it: "64 KiB", "4 MiB".
fn bytes(count: usize) -> String {
    if count % (1024 * 1024) == 0 {
        format!("{} MiB", count / (1024 * 1024))
    } else {
        assert_eq!(count % 1024, 0, "{count} is not a whole number of KiB");
        format!("{} KiB", count / 1024)
    }
}

/// The line of the docs that names `key` (a flag or a limit's name): a row
/// of the limits table, or the sentence's line.
fn documented<'a>(protocol: &'a str, key: &str) -> &'a str {
    let limits = &protocol[protocol.find("### Limits").expect("a limits section")..];
    limits
        .lines()
        .chain(protocol.lines())
        .find(|line| line.contains(key))
        .unwrap_or_else(|| panic!("docs/PROTOCOL.md never mentions {key}"))
}

#[test]
fn protocol_md_gives_each_limit_its_one_default() {
    let protocol =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/PROTOCOL.md")).unwrap();
    let defaults = HubConfig::default();
    let edge = EdgeLimits::default();
    let expectations: Vec<(&str, String)> = vec![
        (
            "`--max-connections-per-ip`",
            format!("| {} (", thousands(edge.max_connections_per_ip as u64)),
        ),
        (
            "`--header-read-timeout-secs`",
            format!("| {} s from", edge.header_read_timeout.as_secs()),
        ),
        (
            "`--request-timeout-secs`",
            format!("| {} s (`408`", edge.request_timeout.as_secs()),
        ),
        (
            "`--transcripts-per-ip-per-minute`",
            format!("| {} per minute", edge.transcripts_per_ip_per_minute),
        ),
        ("`--frame-max-bytes`", bytes(defaults.frame_max_bytes)),
        (
            "`--outbound-max-frames`",
            format!("{} frames", thousands(defaults.outbound_max_frames as u64)),
        ),
        ("`--outbound-max-bytes`", bytes(defaults.outbound_max_bytes)),
        (
            "`--commands-per-second`",
            format!("{} per second", defaults.commands_per_second),
        ),
        (
            "`--command-burst`",
            format!("bursts of {}", defaults.command_burst),
        ),
        (
            "`--commands-per-ip-per-second`",
            format!("{} per second", defaults.commands_per_ip_per_second),
        ),
        (
            "`--command-burst-per-ip`",
            format!("bursts of {}", thousands(defaults.command_burst_per_ip as u64)),
        ),
        (
            "`--write-timeout-secs`",
            format!("| {} s (4005", defaults.write_timeout.as_secs()),
        ),
        (
            "| `join`, its `welcome` and the catch-up of missed events |",
            format!("| {} s from the upgrade", defaults.join_timeout.as_secs()),
        ),
        (
            "| chat and question text stored per participant |",
            format!("| {} KiB per session", WRITTEN_BYTES_PER_PARTICIPANT_MAX / 1024),
        ),
        (
            "| chat and question text stored per session |",
            format!("| {} MiB from participants", WRITTEN_BYTES_PER_SESSION_MAX / (1024 * 1024)),
        ),
        (
            "`--upgrades-per-ip-per-minute`",
            format!("{} per minute", defaults.upgrades_per_ip_per_minute),
        ),
        (
            "`--max-connections`",
            format!("{} in all", thousands(defaults.max_connections as u64)),
        ),
        (
            "`--max-connections-per-session`",
            format!(
                "{} per session",
                thousands(defaults.max_connections_per_session as u64)
            ),
        ),
        ("`--max-sessions`", thousands(defaults.max_sessions as u64)),
        (
            "`--presence-interval-ms`",
            format!("default {} s", defaults.presence_interval.as_secs()),
        ),
        (
            "`--ping-interval-secs`",
            format!("every {} s", defaults.ping_interval.as_secs()),
        ),
        (
            "`--idle-timeout-secs`",
            format!(
                "{} s (`--idle-timeout-secs`)",
                defaults.idle_timeout.as_secs()
            ),
        ),
        (
            "events kept in memory for resume",
            format!(
                "{} per session",
                thousands(defaults.replay_buffer_events as u64)
            ),
        ),
        (
            "| chat text |",
            format!("{} characters", thousands(CHAT_MAX_CHARS as u64)),
        ),
        ("| name, hub name |", format!("{NAME_MAX_CHARS} characters")),
        (
            "| caption line |",
            format!("{CAPTION_LINE_MAX_CHARS} characters"),
        ),
        (
            "| question |",
            format!("{} characters", thousands(QUESTION_MAX_CHARS as u64)),
        ),
        (
            "| dismissal reason |",
            format!("{DISMISS_REASON_MAX_CHARS} characters"),
        ),
        (
            "| pinned announcement |",
            format!("{ANNOUNCEMENT_MAX_CHARS} characters"),
        ),
        ("| poll title |", format!("{POLL_TITLE_MAX_CHARS} characters")),
        (
            "| poll option |",
            format!(
                "{POLL_OPTION_MAX_CHARS} characters; {POLL_MIN_OPTIONS} to {POLL_MAX_OPTIONS} options"
            ),
        ),
        ("| polls per session |", format!("| {POLLS_PER_SESSION} |")),
        (
            "| chair's count per option |",
            thousands(u64::from(POLL_CHAIR_COUNT_MAX)),
        ),
        (
            "`--poll-tally-interval-ms`",
            format!("{} ms", defaults.poll_tally_interval.as_millis()),
        ),
        ("| topic note on a hand |", format!("{HAND_TOPIC_MAX_CHARS} characters")),
        ("| turns per person (`max_turns`) |", format!("1 to {MAX_TURNS_LIMIT}")),
        (
            "| schedule file (HTTP) |",
            bytes(hybridhub::schedule::SCHEDULE_UPLOAD_MAX_BYTES),
        ),
    ];
    let mut wrong = Vec::new();
    for (key, expected) in &expectations {
        let line = documented(&protocol, key);
        if !line.contains(expected.as_str()) {
            wrong.push(format!("{key}: expected \"{expected}\" in: {line}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "PROTOCOL.md disagrees with the defaults:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn serve_help_shows_the_same_defaults() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_hybridhub"))
        .args(["serve", "--help"])
        .output()
        .expect("the binary runs");
    let help = String::from_utf8(output.stdout).unwrap();
    let defaults = HubConfig::default();
    let edge = EdgeLimits::default();
    for (flag, value) in [
        (
            "--max-connections-per-ip",
            edge.max_connections_per_ip.to_string(),
        ),
        (
            "--header-read-timeout-secs",
            edge.header_read_timeout.as_secs().to_string(),
        ),
        (
            "--request-timeout-secs",
            edge.request_timeout.as_secs().to_string(),
        ),
        (
            "--transcripts-per-ip-per-minute",
            edge.transcripts_per_ip_per_minute.to_string(),
        ),
        ("--frame-max-bytes", defaults.frame_max_bytes.to_string()),
        (
            "--outbound-max-frames",
            defaults.outbound_max_frames.to_string(),
        ),
        (
            "--commands-per-second",
            defaults.commands_per_second.to_string(),
        ),
        (
            "--commands-per-ip-per-second",
            defaults.commands_per_ip_per_second.to_string(),
        ),
        (
            "--write-timeout-secs",
            defaults.write_timeout.as_secs().to_string(),
        ),
        ("--max-sessions", defaults.max_sessions.to_string()),
        (
            "--presence-interval-ms",
            defaults.presence_interval.as_millis().to_string(),
        ),
    ] {
        let section = &help[help
            .find(flag)
            .unwrap_or_else(|| panic!("{flag} in --help"))..];
        let default = section.find("[default: ").expect("a default");
        let shown = &section[default + "[default: ".len()..];
        let shown = &shown[..shown.find(']').unwrap()];
        assert_eq!(shown, value, "{flag}");
    }
}
