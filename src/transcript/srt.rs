//! SubRip (SRT) output: a disclaimer cue, then one numbered cue per caption
//! line.

use super::cues::layout;
use super::{
    clock_with_millis, collapse_to_one_line, header_field, replace_timing_arrows, TranscriptHeader,
    TranscriptLine, DISCLAIMER,
};

/// When the disclaimer cue ends and the earliest moment a caption cue may
/// start, in milliseconds after the origin. SRT has no comments, so the
/// disclaimer is shown as cue 1 during the first second.
pub const SRT_DISCLAIMER_END_MS: u64 = 1_000;

/// Writes a track's caption lines as an SRT file with `\n` line endings.
///
/// Cue 1 shows the [`DISCLAIMER`] and a line naming the session, language and
/// time zero from `00:00:00,000` to `00:00:01,000`; the caption cues follow,
/// numbered from 2 and starting at one second or later. A cue whose speaker
/// differs from the cue before it starts with the name, `Ana Silva: `.
/// `-->` in cue text is replaced with `->`.
pub fn to_srt(header: &TranscriptHeader<'_>, lines: &[TranscriptLine]) -> String {
    let mut output = format!(
        "1\n{} --> {}\n{DISCLAIMER}\nSession {}, language {}, time zero {}\n\n",
        clock_with_millis(0, ','),
        clock_with_millis(SRT_DISCLAIMER_END_MS, ','),
        header_field(header.session_id),
        header_field(header.lang),
        header_field(&header.origin.to_rfc3339()),
    );
    let cues = layout(lines, header.origin, SRT_DISCLAIMER_END_MS);
    for (index, cue) in cues.iter().enumerate() {
        let previous = index.checked_sub(1).map(|before| &cues[before]);
        let text = match cue.new_speaker(previous) {
            Some(speaker) => speaker_prefixed(&speaker.name, &cue.text),
            None => cue.text.clone(),
        };
        output.push_str(&format!(
            "{}\n{} --> {}\n{}\n\n",
            index + 2,
            clock_with_millis(cue.start_ms, ','),
            clock_with_millis(cue.end_ms, ','),
            replace_timing_arrows(&text)
        ));
    }
    output
}

/// `Name: text`, the way subtitles name a new speaker; the name is made
/// one line so that it cannot end the cue.
fn speaker_prefixed(name: &str, text: &str) -> String {
    let name = collapse_to_one_line(name);
    if name.is_empty() {
        text.to_owned()
    } else {
        format!("{name}: {text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Millis;

    const ORIGIN: Millis = Millis(1_764_061_200_000);

    fn header() -> TranscriptHeader<'static> {
        TranscriptHeader {
            session_id: "ws-42",
            title: "Opening plenary",
            lang: "fr",
            origin: ORIGIN,
        }
    }

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
        let lines = [
            line(200, 900, "Too early for the disclaimer."),
            line(12_000, 14_500, "Bonjour à tous."),
            line(3_723_004, 3_723_004, "a ---> b <i>"),
        ];
        let expected = "\
1
00:00:00,000 --> 00:00:01,000
Raw real-time transcript (live captions), not an authoritative record of the session.
Session ws-42, language fr, time zero 2025-11-25T09:00:00.000Z

2
00:00:01,000 --> 00:00:03,000
Too early for the disclaimer.

3
00:00:12,000 --> 00:00:14,500
Bonjour à tous.

4
01:02:03,004 --> 01:02:05,004
a -> b <i>

";
        assert_eq!(to_srt(&header(), &lines), expected);
    }

    #[test]
    fn empty_transcript_has_only_the_disclaimer() {
        let output = to_srt(&header(), &[line(0, 1_000, " \n ")]);
        assert!(
            output.starts_with("1\n00:00:00,000 --> 00:00:01,000\n"),
            "{output}"
        );
        assert_eq!(output.matches(" --> ").count(), 1, "{output}");
        assert!(output.ends_with("Z\n\n"), "{output}");
    }

    #[test]
    fn escaping() {
        let output = to_srt(&header(), &[line(5_000, 8_000, "x --> y\n\nz -->> w")]);
        let caption_block = output.split("\n\n").nth(1).unwrap();
        assert_eq!(
            caption_block,
            "2\n00:00:05,000 --> 00:00:08,000\nx -> y z ->> w"
        );
    }
}
