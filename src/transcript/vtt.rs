//! WebVTT output: a header with the title, a `NOTE` block with the
//! disclaimer, then one cue per caption line with escaped text.

use super::cues::layout;
use super::{
    clock_with_millis, collapse_to_one_line, header_field, TranscriptHeader, TranscriptLine,
    DISCLAIMER,
};

/// Writes a track's caption lines as a WebVTT file.
///
/// The first line is `WEBVTT - <title>` (just `WEBVTT` when the title is
/// empty), then a `NOTE` block with the [`DISCLAIMER`], the session id, the
/// language and the time zero, then the cues. Cue text escapes `&`, `<` and
/// `>`, so it never holds `-->` or markup; a cue whose speaker is known
/// opens with a voice span, `<v Ana Silva>`.
pub fn to_vtt(header: &TranscriptHeader<'_>, lines: &[TranscriptLine]) -> String {
    let title = header_field(header.title);
    let mut output = if title.is_empty() {
        "WEBVTT\n\n".to_owned()
    } else {
        format!("WEBVTT - {title}\n\n")
    };
    output.push_str("NOTE\n");
    output.push_str(DISCLAIMER);
    output.push('\n');
    output.push_str(&format!("Session: {}\n", header_field(header.session_id)));
    output.push_str(&format!("Language: {}\n", header_field(header.lang)));
    output.push_str(&format!(
        "Time zero: {}\n\n",
        header_field(&header.origin.to_rfc3339())
    ));
    for cue in layout(lines, header.origin, 0) {
        // Every cue names its speaker: a player shows each cue on its own.
        let voice = match &cue.speaker {
            Some(speaker) => voice_span(&speaker.name),
            None => String::new(),
        };
        output.push_str(&format!(
            "{} --> {}\n{voice}{}\n\n",
            clock_with_millis(cue.start_ms, '.'),
            clock_with_millis(cue.end_ms, '.'),
            escape_cue_text(&cue.text)
        ));
    }
    output
}

/// The voice span `<v Name>` that opens a cue said by `name`. The name is
/// made one line and escaped like cue text, so no name can close the tag
/// early, start another, or hold a blank line or a timing arrow; a name
/// that is nothing but blanks names nobody.
fn voice_span(name: &str) -> String {
    let name = escape_cue_text(&collapse_to_one_line(name));
    if name.is_empty() {
        String::new()
    } else {
        format!("<v {name}>")
    }
}

/// Escapes the three characters that WebVTT cue text gives a meaning to.
/// Escaping `>` also removes every `-->`.
fn escape_cue_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Millis;

    const ORIGIN: Millis = Millis(1_764_061_200_000);

    fn header(title: &str) -> TranscriptHeader<'_> {
        TranscriptHeader {
            session_id: "ws-42",
            title,
            lang: "en",
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
            line(12_000, 14_500, "Welcome, everyone."),
            line(3_723_004, 3_723_004, "Tom & Jerry <said> a --> b"),
            line(15_000, 15_000, "   "),
        ];
        let expected = "\
WEBVTT - Opening plenary

NOTE
Raw real-time transcript (live captions), not an authoritative record of the session.
Session: ws-42
Language: en
Time zero: 2025-11-25T09:00:00.000Z

00:00:12.000 --> 00:00:14.500
Welcome, everyone.

01:02:03.004 --> 01:02:05.004
Tom &amp; Jerry &lt;said&gt; a --&gt; b

";
        assert_eq!(to_vtt(&header("Opening plenary"), &lines), expected);
    }

    #[test]
    fn empty_transcript_has_only_the_header() {
        let expected = "\
WEBVTT

NOTE
Raw real-time transcript (live captions), not an authoritative record of the session.
Session: ws-42
Language: en
Time zero: 2025-11-25T09:00:00.000Z

";
        assert_eq!(to_vtt(&header(" \n "), &[]), expected);
    }

    #[test]
    fn title_is_one_line_without_arrows() {
        let output = to_vtt(&header("Day 1\n\nOpening ---> plenary"), &[]);
        assert!(
            output.starts_with("WEBVTT - Day 1 Opening -> plenary\n\nNOTE\n"),
            "{output}"
        );
    }

    #[test]
    fn header_fields_cannot_break_the_note_block() {
        let hostile = TranscriptHeader {
            session_id: "a\n\nb --> c",
            title: "t",
            lang: "en\n-->",
            origin: ORIGIN,
        };
        let output = to_vtt(&hostile, &[line(0, 1_000, "x")]);
        assert!(
            output.contains("Session: a b -> c\nLanguage: en ->\n"),
            "{output}"
        );
        let note_block = output.split("\n\n").nth(1).unwrap();
        assert!(
            note_block.starts_with("NOTE\n") && !note_block.contains("-->"),
            "{note_block}"
        );
    }

    #[test]
    fn escaping() {
        let cases = [
            ("a & b", "a &amp; b"),
            ("<b>bold</b>", "&lt;b&gt;bold&lt;/b&gt;"),
            ("x --> y", "x --&gt; y"),
            ("&amp;", "&amp;amp;"),
            ("plain", "plain"),
        ];
        for (input, expected) in cases {
            assert_eq!(escape_cue_text(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn cue_text_never_holds_a_blank_line_or_an_arrow() {
        let lines = [line(0, 1_000, "one\n\ntwo --> three\r\n\r\nfour")];
        let output = to_vtt(&header("t"), &lines);
        let cue_block = output.split("\n\n").nth(2).unwrap();
        assert_eq!(
            cue_block,
            "00:00:00.000 --> 00:00:02.000\none two --&gt; three four"
        );
    }
}
