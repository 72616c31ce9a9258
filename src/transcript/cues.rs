//! The timing layout that every transcript format shares: from caption lines
//! in the order they were finished to cues that are sorted, never overlap and
//! always last at least one millisecond.
//!
//! The rules are described in full in the [parent module](super).

use super::{collapse_to_one_line, TranscriptLine, TranscriptSpeaker};
use crate::core::Millis;

/// How long a short cue is shown if the next cue leaves room: a line
/// finished with its end equal to its start would otherwise flash by unseen.
pub const COMFORTABLE_DISPLAY_MS: u64 = 2_000;

/// The latest relative time a cue may start or end at. Clamping to it (about
/// 292 million years) leaves far more headroom than any number of lines can
/// use, so the additions in [`layout`] never overflow.
const LATEST_RELATIVE_MS: u64 = i64::MAX as u64;

/// One cue of a transcript, with times in milliseconds after the
/// transcript's origin and its text collapsed to one line (not yet escaped
/// for any format).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cue {
    /// When the cue appears, in milliseconds after the origin.
    pub start_ms: u64,
    /// When the cue disappears, in milliseconds after the origin; always
    /// greater than `start_ms`.
    pub end_ms: u64,
    /// The cue text on one line, never empty.
    pub text: String,
    /// Who said it, when known (the name not yet made one line or escaped).
    pub speaker: Option<TranscriptSpeaker>,
}

impl Cue {
    /// The speaker a format names before this cue: the cue's own, when it
    /// differs from the cue before it. A line whose speaker is unknown
    /// names nobody and does not count as a change.
    pub fn new_speaker<'a>(&'a self, previous: Option<&Cue>) -> Option<&'a TranscriptSpeaker> {
        let speaker = self.speaker.as_ref()?;
        let previous_speaker = previous.and_then(|cue| cue.speaker.as_ref());
        (previous_speaker != Some(speaker)).then_some(speaker)
    }
}

/// Lays out caption lines as cues.
///
/// Times become milliseconds after `origin`, and no cue starts before
/// `min_start_ms`. Lines whose text is empty or only whitespace are skipped;
/// every other line becomes exactly one cue. The cues come back sorted by
/// start (lines that start together keep their input order), each ends after
/// it starts, and each starts at or after the end of the one before.
pub fn layout(lines: &[TranscriptLine], origin: Millis, min_start_ms: u64) -> Vec<Cue> {
    let min_start_ms = min_start_ms.min(LATEST_RELATIVE_MS);
    let mut requested: Vec<Cue> = lines
        .iter()
        .filter_map(|line| {
            let text = collapse_to_one_line(&line.text);
            if text.is_empty() {
                return None;
            }
            Some(Cue {
                start_ms: milliseconds_after(origin, line.start),
                end_ms: milliseconds_after(origin, line.end),
                text,
                speaker: line.speaker.clone(),
            })
        })
        .collect();
    // `sort_by_key` is stable, so lines that start together keep the order
    // in which they were finished. Sorting comes before `min_start_ms` is
    // applied, so lines that all move to the minimum start keep their
    // chronological order, and every format lists the cues in the same order.
    requested.sort_by_key(|cue| cue.start_ms);

    let next_requested_starts: Vec<Option<u64>> = requested
        .iter()
        .skip(1)
        .map(|cue| Some(cue.start_ms))
        .chain(std::iter::once(None))
        .collect();

    let mut previous_end_ms = min_start_ms;
    let mut cues = Vec::with_capacity(requested.len());
    for (cue, next_requested_start) in requested.into_iter().zip(next_requested_starts) {
        // A cue only starts later than requested when it asked to start
        // before `min_start_ms`, or when an earlier cue started at the same
        // moment and already holds the screen.
        let start_ms = cue.start_ms.max(previous_end_ms);
        let comfortable_end_ms = cue.end_ms.max(start_ms + COMFORTABLE_DISPLAY_MS);
        // The next cue starts no earlier than it asked to, so ending here by
        // then keeps the two apart.
        let end_before_next_ms = match next_requested_start {
            Some(next_start_ms) => comfortable_end_ms.min(next_start_ms),
            None => comfortable_end_ms,
        };
        let end_ms = end_before_next_ms.max(start_ms + 1);
        previous_end_ms = end_ms;
        cues.push(Cue {
            start_ms,
            end_ms,
            text: cue.text,
            speaker: cue.speaker,
        });
    }
    cues
}

/// Milliseconds from `origin` to `moment`, zero when `moment` comes first.
fn milliseconds_after(origin: Millis, moment: Millis) -> u64 {
    let difference = i128::from(moment.0) - i128::from(origin.0);
    // The clamp keeps the value within `u64`, so the conversion cannot fail.
    u64::try_from(difference.clamp(0, i128::from(LATEST_RELATIVE_MS))).unwrap_or(LATEST_RELATIVE_MS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ORIGIN: Millis = Millis(1_764_061_200_000);

    fn line(start_offset_ms: i64, end_offset_ms: i64, text: &str) -> TranscriptLine {
        TranscriptLine {
            start: Millis(ORIGIN.0 + start_offset_ms),
            end: Millis(ORIGIN.0 + end_offset_ms),
            text: text.to_owned(),
            speaker: None,
        }
    }

    fn timings(cues: &[Cue]) -> Vec<(u64, u64, &str)> {
        cues.iter()
            .map(|cue| (cue.start_ms, cue.end_ms, cue.text.as_str()))
            .collect()
    }

    #[test]
    fn timing_table() {
        struct Case {
            name: &'static str,
            lines: Vec<TranscriptLine>,
            min_start_ms: u64,
            expected: Vec<(u64, u64, &'static str)>,
        }
        let cases = vec![
            Case {
                name: "ordinary lines keep their times",
                lines: vec![line(1_000, 4_000, "one"), line(5_000, 8_000, "two")],
                min_start_ms: 0,
                expected: vec![(1_000, 4_000, "one"), (5_000, 8_000, "two")],
            },
            Case {
                name: "an overlapping line cuts the one before short",
                lines: vec![line(10_000, 15_000, "a"), line(12_000, 14_000, "b")],
                min_start_ms: 0,
                expected: vec![(10_000, 12_000, "a"), (12_000, 14_000, "b")],
            },
            Case {
                name: "out-of-order lines are sorted by start",
                lines: vec![line(5_000, 7_000, "late"), line(1_000, 3_000, "early")],
                min_start_ms: 0,
                expected: vec![(1_000, 3_000, "early"), (5_000, 7_000, "late")],
            },
            Case {
                name: "a zero-length line is shown for two seconds when there is room",
                lines: vec![line(1_000, 1_000, "blink"), line(10_000, 11_000, "next")],
                min_start_ms: 0,
                expected: vec![(1_000, 3_000, "blink"), (10_000, 12_000, "next")],
            },
            Case {
                name: "a zero-length line is extended only up to the next start",
                lines: vec![line(1_000, 1_000, "blink"), line(1_500, 4_000, "next")],
                min_start_ms: 0,
                expected: vec![(1_000, 1_500, "blink"), (1_500, 4_000, "next")],
            },
            Case {
                name: "a line that ends before it starts gets the comfortable length",
                lines: vec![line(3_000, 2_000, "backwards")],
                min_start_ms: 0,
                expected: vec![(3_000, 5_000, "backwards")],
            },
            Case {
                name: "lines that start together keep input order, one millisecond apart",
                lines: vec![
                    line(2_000, 6_000, "first"),
                    line(2_000, 3_000, "second"),
                    line(2_000, 2_000, "third"),
                ],
                min_start_ms: 0,
                expected: vec![
                    (2_000, 2_001, "first"),
                    (2_001, 2_002, "second"),
                    (2_002, 4_002, "third"),
                ],
            },
            Case {
                name: "times before the origin are clamped to zero",
                lines: vec![
                    line(-5_000, -4_000, "before"),
                    line(-1_000, 500, "straddles"),
                ],
                min_start_ms: 0,
                expected: vec![(0, 1, "before"), (1, 2_001, "straddles")],
            },
            Case {
                name: "the minimum start pushes early lines later",
                lines: vec![line(0, 500, "early"), line(3_000, 4_000, "later")],
                min_start_ms: 1_000,
                expected: vec![(1_000, 3_000, "early"), (3_000, 5_000, "later")],
            },
            Case {
                name: "lines moved to the minimum start keep their chronological order",
                lines: vec![line(600, 700, "second"), line(200, 300, "first")],
                min_start_ms: 1_000,
                expected: vec![(1_000, 1_001, "first"), (1_001, 3_001, "second")],
            },
            Case {
                name: "empty and whitespace-only lines are skipped",
                lines: vec![
                    line(0, 1_000, ""),
                    line(1_000, 5_000, " \n\t "),
                    line(2_000, 5_000, "kept"),
                ],
                min_start_ms: 0,
                expected: vec![(2_000, 5_000, "kept")],
            },
            Case {
                name: "text is collapsed to one line",
                lines: vec![line(0, 3_000, "  two\n\nlines  here ")],
                min_start_ms: 0,
                expected: vec![(0, 3_000, "two lines here")],
            },
            Case {
                name: "a long line is kept whole when nothing follows it",
                lines: vec![line(0, 60_000, "speech")],
                min_start_ms: 0,
                expected: vec![(0, 60_000, "speech")],
            },
        ];
        for case in cases {
            let cues = layout(&case.lines, ORIGIN, case.min_start_ms);
            assert_eq!(timings(&cues), case.expected, "case: {}", case.name);
        }
    }

    #[test]
    fn extreme_times_do_not_overflow() {
        let lines = vec![
            TranscriptLine {
                start: Millis(i64::MAX),
                end: Millis(i64::MAX),
                text: "last".to_owned(),
                speaker: None,
            },
            TranscriptLine {
                start: Millis(i64::MAX),
                end: Millis(i64::MIN),
                text: "again".to_owned(),
                speaker: None,
            },
            TranscriptLine {
                start: Millis(i64::MIN),
                end: Millis(i64::MAX),
                text: "first".to_owned(),
                speaker: None,
            },
        ];
        let cues = layout(&lines, Millis(i64::MIN), u64::MAX);
        assert_eq!(cues.len(), 3);
        assert!(cues.iter().all(|cue| cue.end_ms > cue.start_ms));
        assert!(cues
            .windows(2)
            .all(|pair| pair[1].start_ms >= pair[0].end_ms));
    }

    fn arbitrary_offset() -> impl Strategy<Value = i64> {
        prop_oneof![
            4 => -10_000i64..100_000,
            // Few distinct values, so that ties and zero-length lines are common.
            4 => (0i64..5).prop_map(|step| step * 1_000),
            1 => any::<i64>().prop_map(|offset| offset / 2),
        ]
    }

    fn arbitrary_text() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just(" \n\t".to_owned()),
            "[a-z <>&\\-\n]{0,12}",
            any::<String>(),
        ]
    }

    fn arbitrary_line() -> impl Strategy<Value = TranscriptLine> {
        (arbitrary_offset(), arbitrary_offset(), arbitrary_text()).prop_map(|(start, end, text)| {
            TranscriptLine {
                start: Millis(ORIGIN.0 + start),
                end: Millis(ORIGIN.0 + end),
                text,
                speaker: None,
            }
        })
    }

    proptest! {
        #[test]
        fn cues_are_sorted_positive_and_apart_and_none_is_lost(
            lines in proptest::collection::vec(arbitrary_line(), 0..40),
            min_start_ms in prop_oneof![Just(0u64), Just(1_000u64), 0u64..50_000],
        ) {
            let cues = layout(&lines, ORIGIN, min_start_ms);
            let non_empty_lines = lines.iter().filter(|line| !collapse_to_one_line(&line.text).is_empty()).count();
            prop_assert_eq!(cues.len(), non_empty_lines);
            for cue in &cues {
                prop_assert!(cue.end_ms > cue.start_ms, "cue {:?} is not positive", cue);
                prop_assert!(cue.start_ms >= min_start_ms, "cue {:?} starts too early", cue);
                prop_assert!(!cue.text.is_empty());
                prop_assert!(!cue.text.contains('\n') && !cue.text.contains('\r'));
            }
            let texts_from_zero: Vec<String> = layout(&lines, ORIGIN, 0).into_iter().map(|cue| cue.text).collect();
            let texts: Vec<String> = cues.iter().map(|cue| cue.text.clone()).collect();
            prop_assert_eq!(texts, texts_from_zero, "the minimum start changed the cue order");
            for pair in cues.windows(2) {
                prop_assert!(pair[1].start_ms >= pair[0].end_ms, "cues overlap: {:?}", pair);
                prop_assert!(pair[1].start_ms > pair[0].start_ms, "cues out of order: {:?}", pair);
            }
        }
    }
}
