//! Plain text output: a few header lines, then one line per cue.

use super::cues::layout;
use super::{
    collapse_to_one_line, header_field, hours_minutes_seconds, TranscriptHeader, TranscriptLine,
    DISCLAIMER,
};

/// Writes a track's caption lines as plain text.
///
/// The header lines give the title, session id, language, time zero and the
/// [`DISCLAIMER`]; after a blank line comes one line per cue,
/// `[hh:mm:ss] text`, with the cue's start rounded down to the second. Where
/// the speaker changes, a blank line and the speaker's line come first, as
/// in the IGF's raw transcripts: `>> Ana Silva (Civil society, online):`.
pub fn to_txt(header: &TranscriptHeader<'_>, lines: &[TranscriptLine]) -> String {
    let mut output = format!(
        "{}\nSession: {}\nLanguage: {}\nTime zero: {}\n{DISCLAIMER}\n\n",
        header_field(header.title),
        header_field(header.session_id),
        header_field(header.lang),
        header_field(&header.origin.to_rfc3339()),
    );
    let cues = layout(lines, header.origin, 0);
    for (index, cue) in cues.iter().enumerate() {
        let previous = index.checked_sub(1).map(|before| &cues[before]);
        let new_speaker = cue.new_speaker(previous).and_then(|speaker| {
            let name = collapse_to_one_line(&speaker.name);
            (!name.is_empty()).then_some((name, speaker))
        });
        if let Some((name, speaker)) = new_speaker {
            // A blank line sets each speaker apart; the header already
            // ends with one.
            if previous.is_some() {
                output.push('\n');
            }
            match &speaker.affiliation {
                Some(affiliation) => output.push_str(&format!(">> {name} ({affiliation}):\n")),
                None => output.push_str(&format!(">> {name}:\n")),
            }
        }
        let (hours, minutes, seconds) = hours_minutes_seconds(cue.start_ms);
        output.push_str(&format!(
            "[{hours:02}:{minutes:02}:{seconds:02}] {}\n",
            cue.text
        ));
    }
    output
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Millis;

    const ORIGIN: Millis = Millis(1_764_061_200_000);

    fn line(start_offset_ms: i64, end_offset_ms: i64, text: &str) -> TranscriptLine {
        TranscriptLine {
            start: Millis(ORIGIN.0 + start_offset_ms),
            end: Millis(ORIGIN.0 + end_offset_ms),
            text: text.to_owned(),
            speaker: None,
        }
    }

    #[test]
    fn golden_output() {
        let header = TranscriptHeader {
            session_id: "ws-42",
            title: "Opening\nplenary",
            lang: "en",
            origin: ORIGIN,
        };
        let lines = [
            line(
                3_723_999,
                3_725_000,
                "Later, <kept> as typed & --> unescaped.",
            ),
            line(-3_000, 500, "Before the origin."),
            line(12_999, 14_000, "Welcome,\n  everyone."),
            line(13_000, 13_000, ""),
        ];
        let expected = "\
Opening plenary
Session: ws-42
Language: en
Time zero: 2025-11-25T09:00:00.000Z
Raw real-time transcript (live captions), not an authoritative record of the session.

[00:00:00] Before the origin.
[00:00:12] Welcome, everyone.
[01:02:03] Later, <kept> as typed & --> unescaped.
";
        assert_eq!(to_txt(&header, &lines), expected);
    }
}
