//! Transcripts: the finished caption lines of one language track, written out
//! as WebVTT, SubRip (SRT) or plain text.
//!
//! This module is pure. It does no IO, reads no clock and keeps no state: the
//! caller hands it a [`TranscriptHeader`] and the track's [`TranscriptLine`]s
//! and gets back the whole file as a `String`. Every format uses `\n` line
//! endings, SRT included, and every file ends with a line ending.
//!
//! # Timing
//!
//! All formats share one timing layout, [`cues::layout`], so that the three
//! files of a track always agree.
//!
//! - Times are relative to the header's `origin`, the transcript's time zero.
//!   A time before the origin is clamped to zero, and a format may ask for a
//!   later earliest start (SRT does, to leave room for its disclaimer cue);
//!   lines that start before it are shown from it on, one after the other in
//!   the order of their starts.
//! - Lines arrive in the order they were finished (their `seq` order), but
//!   their starts may be out of order or overlap, for instance when two
//!   captioners share a track during a handover. Cues are therefore sorted by
//!   start with a stable sort, so lines that start together keep their input
//!   order.
//! - Every cue ends after it starts. A cue shorter than
//!   [`cues::COMFORTABLE_DISPLAY_MS`] (two seconds), such as a line finished
//!   with its end equal to its start, is extended to that length unless that
//!   would reach past the next cue's start, in which case it ends where the
//!   next cue starts. A cue is always shown for at least one millisecond.
//! - No cue overlaps the next one: a cue that runs past the next cue's start
//!   is cut short there, and a cue that would start before the previous cue
//!   ends (which only happens when several lines start at the same moment,
//!   or before the earliest start) is moved to the previous cue's end.
//! - No line is ever dropped, except lines whose text is empty or only
//!   whitespace, which are skipped.
//!
//! # Text
//!
//! A line's text becomes one line of cue text: line breaks and other control
//! characters become spaces, runs of whitespace collapse into one space, and
//! leading and trailing whitespace is removed. Cue text therefore never holds
//! a blank line. Each format then makes the text safe for its own syntax, so
//! that no cue text contains the cue timing arrow `-->`:
//!
//! - WebVTT escapes `&`, `<` and `>` as `&amp;`, `&lt;` and `&gt;`, which
//!   also removes every `-->`.
//! - SRT replaces `-->` with `->` until none is left.
//! - Plain text needs no escaping.
//!
//! The title, session id and language in the headers are made into one line
//! the same way, and `-->` in them is replaced with `->`.
//!
//! # Formats
//!
//! - WebVTT ([`to_vtt`]): the first line is `WEBVTT - <title>` (or just
//!   `WEBVTT` when the title is empty), then a blank line, then a `NOTE` block
//!   holding the [`DISCLAIMER`], the session id, the language and the time
//!   zero, then a blank line. Each cue follows as its timing line
//!   `hh:mm:ss.ttt --> hh:mm:ss.ttt`, its text and a blank line. Hours have
//!   at least two digits.
//! - SRT ([`to_srt`]): cues are numbered from 1, each written as its number,
//!   its timing line `HH:MM:SS,mmm --> HH:MM:SS,mmm`, its text and a blank
//!   line. SRT has no comments, so cue 1 holds the [`DISCLAIMER`] (and a line
//!   naming the session, language and time zero) from `00:00:00,000` to
//!   `00:00:01,000`, and every caption cue starts at one second or later.
//! - Plain text ([`to_txt`]): header lines with the title, session id,
//!   language, time zero and the [`DISCLAIMER`], a blank line, then one line
//!   per cue, `[hh:mm:ss] text`, where the time is the cue's start rounded
//!   down to the second.

pub mod cues;
#[cfg(test)]
mod speaker_tests;
mod srt;
mod txt;
mod vtt;

pub use cues::{layout, Cue};
pub use srt::{to_srt, SRT_DISCLAIMER_END_MS};
pub use txt::to_txt;
pub use vtt::to_vtt;

use crate::core::{CaptionSpeaker, Event, EventBody, Millis, Mode, Stakeholder};
use std::collections::HashMap;

/// The warning every transcript carries: live captions are typed in real
/// time and are not minutes.
pub const DISCLAIMER: &str =
    "Raw real-time transcript (live captions), not an authoritative record of the session.";

/// One finished caption line of a language track.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TranscriptLine {
    /// When the line started being spoken.
    pub start: Millis,
    /// When the line was finished; it may equal `start`.
    pub end: Millis,
    /// The caption text as the captioner typed it.
    pub text: String,
    /// Who said it, when known.
    pub speaker: Option<TranscriptSpeaker>,
}

/// Who said a line, as a transcript names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TranscriptSpeaker {
    /// The speaker's name as given (made one line by each format).
    pub name: String,
    /// What the plain text transcript says after the name, such as
    /// `Civil society, online` or `Chair`; absent when nothing is known.
    pub affiliation: Option<String>,
}

impl TranscriptSpeaker {
    /// The transcript's words for a line's recorded speaker. Transcripts
    /// are written in English, whatever the track's language, as the IGF's
    /// published raw transcripts are.
    pub fn of(speaker: &CaptionSpeaker) -> TranscriptSpeaker {
        let affiliation = if speaker.chair {
            Some("Chair".to_owned())
        } else {
            let words: Vec<&str> = [
                speaker.stakeholder.and_then(stakeholder_words),
                speaker.mode.map(mode_words),
            ]
            .into_iter()
            .flatten()
            .collect();
            (!words.is_empty()).then(|| words.join(", "))
        };
        TranscriptSpeaker {
            name: speaker.name.clone(),
            affiliation,
        }
    }
}

/// A stakeholder group as a transcript names it; nothing for `unspecified`.
fn stakeholder_words(stakeholder: Stakeholder) -> Option<&'static str> {
    Some(match stakeholder {
        Stakeholder::Government => "Government",
        Stakeholder::PrivateSector => "Private sector",
        Stakeholder::CivilSociety => "Civil society",
        Stakeholder::TechnicalCommunity => "Technical community",
        Stakeholder::Intergovernmental => "Intergovernmental organisation",
        Stakeholder::Academia => "Academia",
        Stakeholder::Other => "Other",
        Stakeholder::Unspecified => return None,
    })
}

fn mode_words(mode: Mode) -> &'static str {
    match mode {
        Mode::Onsite => "in the room",
        Mode::Remote => "online",
    }
}

/// The stored events a transcript is made of: the lines, and the speakers
/// captioners corrected. A transcript is current while its session stores
/// none of these.
pub const TRANSCRIPT_EVENT_KINDS: &[&str] = &["caption.final", "caption.speaker"];

/// One track's lines from a session's stored caption events, in the order
/// they were stored: each `caption.final` of the track is a line, and each
/// later `caption.speaker` of the track replaces its line's speaker.
pub fn track_lines<'a>(
    events: impl IntoIterator<Item = &'a Event>,
    lang: &str,
) -> Vec<TranscriptLine> {
    let mut lines: Vec<TranscriptLine> = Vec::new();
    let mut index_of_line: HashMap<u64, usize> = HashMap::new();
    for event in events {
        match &event.body {
            EventBody::CaptionFinal {
                lang: line_lang,
                line,
                text,
                started_at,
                ended_at,
                speaker,
            } if line_lang == lang => {
                index_of_line.insert(*line, lines.len());
                lines.push(TranscriptLine {
                    start: *started_at,
                    end: *ended_at,
                    text: text.clone(),
                    speaker: speaker.as_ref().map(TranscriptSpeaker::of),
                });
            }
            EventBody::CaptionSpeakerCorrected {
                lang: line_lang,
                line,
                speaker,
            } if line_lang == lang => {
                if let Some(&index) = index_of_line.get(line) {
                    lines[index].speaker = Some(TranscriptSpeaker::of(speaker));
                }
            }
            _ => {}
        }
    }
    lines
}

/// What a transcript says about itself in its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TranscriptHeader<'a> {
    /// The session the captions belong to.
    pub session_id: &'a str,
    /// The session's title.
    pub title: &'a str,
    /// The language of the caption track, as a BCP 47 tag.
    pub lang: &'a str,
    /// time zero of the transcript
    pub origin: Millis,
}

/// Turns text into one line: line breaks and other control characters
/// become spaces, runs of whitespace collapse into one space, and leading and
/// trailing whitespace is removed.
pub(crate) fn collapse_to_one_line(text: &str) -> String {
    let mut one_line = String::with_capacity(text.len());
    let words = text
        .split(|character: char| character.is_whitespace() || character.is_control())
        .filter(|word| !word.is_empty());
    for word in words {
        if !one_line.is_empty() {
            one_line.push(' ');
        }
        one_line.push_str(word);
    }
    one_line
}

/// Replaces every `-->` with `->`, repeating until none is left, because one
/// pass can make a new arrow (`--->` becomes `-->`).
pub(crate) fn replace_timing_arrows(text: &str) -> String {
    let mut result = text.to_owned();
    while result.contains("-->") {
        result = result.replace("-->", "->");
    }
    result
}

/// Makes header text (a title, a session id, a language) safe for any of the
/// formats: one line, with no `-->`.
pub(crate) fn header_field(text: &str) -> String {
    replace_timing_arrows(&collapse_to_one_line(text))
}

/// Formats a time in milliseconds as `hh:mm:ss` followed by the separator and
/// three digits of milliseconds. Hours have at least two digits and grow as
/// needed.
pub(crate) fn clock_with_millis(total_ms: u64, separator: char) -> String {
    let (hours, minutes, seconds) = hours_minutes_seconds(total_ms);
    let millis = total_ms % 1_000;
    format!("{hours:02}:{minutes:02}:{seconds:02}{separator}{millis:03}")
}

/// Splits a time in milliseconds into whole hours, minutes and seconds,
/// rounding down.
pub(crate) fn hours_minutes_seconds(total_ms: u64) -> (u64, u64, u64) {
    let total_seconds = total_ms / 1_000;
    (
        total_seconds / 3_600,
        total_seconds / 60 % 60,
        total_seconds % 60,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_collapses_to_one_line() {
        let cases = [
            ("plain", "plain"),
            ("  padded  ", "padded"),
            ("two\nlines", "two lines"),
            ("blank\n\nline", "blank line"),
            ("crlf\r\nline", "crlf line"),
            ("tabs\t\tand  spaces", "tabs and spaces"),
            (
                "unicode\u{2028}separator\u{2029}too",
                "unicode separator too",
            ),
            ("nul\u{0}and\u{7}bell", "nul and bell"),
            (" \n\t ", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(collapse_to_one_line(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn timing_arrows_are_replaced_until_none_is_left() {
        let cases = [
            ("a --> b", "a -> b"),
            ("--->", "->"),
            ("------>", "->"),
            ("-->-->", "->->"),
            ("no arrow -> here", "no arrow -> here"),
        ];
        for (input, expected) in cases {
            assert_eq!(replace_timing_arrows(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn clocks_pad_hours_to_two_digits_and_grow() {
        assert_eq!(clock_with_millis(0, '.'), "00:00:00.000");
        assert_eq!(clock_with_millis(3_723_004, ','), "01:02:03,004");
        assert_eq!(
            clock_with_millis(100 * 3_600_000 + 59_999, '.'),
            "100:00:59.999"
        );
    }

    /// Writes sample files for `tests/python/transcript_check.py` into the
    /// directory named by `TRANSCRIPT_SAMPLE_DIR` (or the temporary
    /// directory). Each sample comes with a `.expected` file that holds the
    /// expected cue texts, one per line. Run it with
    /// `cargo test --lib transcript -- --ignored`.
    #[test]
    #[ignore = "writes files for the Python parser check"]
    fn write_samples_for_python_check() {
        let directory = std::env::var_os("TRANSCRIPT_SAMPLE_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| std::env::temp_dir().join("hybridhub-transcript-samples"));
        std::fs::create_dir_all(&directory).unwrap();
        let origin = Millis(1_764_061_200_000);
        let at = |offset_ms: i64| Millis(origin.0 + offset_ms);
        let line = |start: i64, end: i64, text: &str| TranscriptLine {
            start: at(start),
            end: at(end),
            text: text.to_owned(),
            speaker: None,
        };
        let samples: Vec<(&str, Vec<TranscriptLine>)> = vec![
            (
                "tricky",
                vec![
                    line(-5_000, -4_000, "Before the origin."),
                    line(0, 0, "Zero length at zero."),
                    line(
                        10_000,
                        15_000,
                        "Captioner A runs long --> into the handover.",
                    ),
                    line(12_000, 14_000, "Captioner B <takes over> & continues."),
                    line(11_000, 11_000, "Finished late, started early."),
                    line(20_000, 25_000, "Same start, first."),
                    line(20_000, 21_000, "Same start, second."),
                    line(20_000, 20_000, "Same start, third."),
                    line(30_000, 29_000, "End before start."),
                    line(40_000, 41_000, "   \n\t  "),
                    line(50_000, 52_000, "Multi\nline\n\ntext with  spaces"),
                    line(60_000, 61_000, "Arrows ---> and -->> and NOTE"),
                    line(
                        3_600_000 * 101,
                        3_600_000 * 101 + 500,
                        "Past a hundred hours.",
                    ),
                ],
            ),
            ("empty", Vec::new()),
            ("stress", stress_lines(origin)),
            ("speakers", speaker_lines(origin)),
        ];
        let header = TranscriptHeader {
            session_id: "igf-2026-ws-42",
            title: "Opening --> plenary\nday 1",
            lang: "en",
            origin,
        };
        for (name, lines) in samples {
            // A WebVTT cue with a voice is expected as `voice<TAB>text`:
            // neither holds a tab once made one line.
            let cue_texts: Vec<String> = layout(&lines, origin, 0)
                .into_iter()
                .map(|cue| match &cue.speaker {
                    Some(speaker) if !collapse_to_one_line(&speaker.name).is_empty() => {
                        format!("{}\t{}", collapse_to_one_line(&speaker.name), cue.text)
                    }
                    _ => cue.text,
                })
                .collect();
            let srt_cues = layout(&lines, origin, SRT_DISCLAIMER_END_MS);
            let srt_texts: Vec<String> = srt_cues
                .iter()
                .enumerate()
                .map(|(index, cue)| {
                    let previous = index.checked_sub(1).map(|before| &srt_cues[before]);
                    let name = cue
                        .new_speaker(previous)
                        .map(|speaker| collapse_to_one_line(&speaker.name))
                        .filter(|name| !name.is_empty());
                    match name {
                        Some(name) => replace_timing_arrows(&format!("{name}: {}", cue.text)),
                        None => replace_timing_arrows(&cue.text),
                    }
                })
                .collect();
            let write_expected = |path: std::path::PathBuf, texts: &[String]| {
                let body: String = texts.iter().map(|text| format!("{text}\n")).collect();
                std::fs::write(path, body).unwrap();
            };
            std::fs::write(
                directory.join(format!("{name}.vtt")),
                to_vtt(&header, &lines),
            )
            .unwrap();
            write_expected(directory.join(format!("{name}.vtt.expected")), &cue_texts);
            std::fs::write(
                directory.join(format!("{name}.srt")),
                to_srt(&header, &lines),
            )
            .unwrap();
            write_expected(directory.join(format!("{name}.srt.expected")), &srt_texts);
            std::fs::write(
                directory.join(format!("{name}.txt")),
                to_txt(&header, &lines),
            )
            .unwrap();
        }
        eprintln!("wrote samples to {}", directory.display());
    }

    /// Lines said by a chair, a participant, nobody known and speakers whose
    /// names try to break each format's syntax.
    fn speaker_lines(origin: Millis) -> Vec<TranscriptLine> {
        let names = [
            Some("Amina Diallo"),
            Some("Ana Silva"),
            Some("Ana Silva"),
            None,
            Some("Eve <b>&amp;</b>"),
            Some("Mallory -->\n\n00:00:01,000 --> 00:00:02,000"),
            Some("Trent>Hello</v>"),
            Some("Ольга 李 محمد"),
            Some(" \t "),
            Some("NOTE"),
        ];
        names
            .iter()
            .enumerate()
            .map(|(index, name)| {
                let start = origin.0 + index as i64 * 5_000;
                TranscriptLine {
                    start: Millis(start),
                    end: Millis(start + 3_000),
                    text: format!("Line {index} <said> & done."),
                    speaker: name.map(|name| TranscriptSpeaker {
                        name: name.to_owned(),
                        affiliation: Some("Civil society, online".to_owned()),
                    }),
                }
            })
            .collect()
    }

    /// Many lines with awkward times and text, drawn from a fixed
    /// pseudo-random sequence so that every run writes the same sample.
    fn stress_lines(origin: Millis) -> Vec<TranscriptLine> {
        const FRAGMENTS: [&str; 16] = [
            "NOTE",
            "WEBVTT",
            "42",
            "-->",
            "--->",
            "00:00:01,000 --> 00:00:02,000",
            "<b>",
            "&amp;",
            "\n\n",
            "\r\n",
            "  ",
            "\t",
            "é à 中文 🙂",
            "Session",
            "&",
            "<v Speaker>",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move |bound: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % bound
        };
        (0..400)
            .map(|_| {
                let start_offset = next(600_000) as i64 - 60_000;
                let end_offset = start_offset + next(8_000) as i64 - 1_000;
                let text: String = (0..next(5)).map(|_| FRAGMENTS[next(16) as usize]).collect();
                TranscriptLine {
                    start: Millis(origin.0 + start_offset),
                    end: Millis(origin.0 + end_offset),
                    text,
                    speaker: None,
                }
            })
            .collect()
    }
}
