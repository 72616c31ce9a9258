//! Speakers in transcripts: who said each line, folded from the stored
//! events with the captioners' corrections, and named at each change in
//! every format with names that cannot break the format's syntax.

use super::*;
use crate::core::{CaptionSpeaker, Event, EventBody, Millis, Mode, Seq, Stakeholder};

const ORIGIN: Millis = Millis(1_764_061_200_000);

fn header() -> TranscriptHeader<'static> {
    TranscriptHeader {
        session_id: "ws-42",
        title: "Opening plenary",
        lang: "en",
        origin: ORIGIN,
    }
}

fn said(name: &str, affiliation: Option<&str>) -> Option<TranscriptSpeaker> {
    Some(TranscriptSpeaker {
        name: name.to_owned(),
        affiliation: affiliation.map(str::to_owned),
    })
}

fn line(start_seconds: i64, text: &str, speaker: Option<TranscriptSpeaker>) -> TranscriptLine {
    TranscriptLine {
        start: Millis(ORIGIN.0 + start_seconds * 1_000),
        end: Millis(ORIGIN.0 + start_seconds * 1_000 + 2_000),
        text: text.to_owned(),
        speaker,
    }
}

/// The chair opens, Ana speaks twice, a line nobody is known to have said,
/// Ana again, then a hostile name.
fn conversation() -> Vec<TranscriptLine> {
    let chair = || said("Amina Diallo", Some("Chair"));
    let ana = || said("Ana Silva", Some("Civil society, online"));
    vec![
        line(10, "Welcome.", chair()),
        line(20, "Thank you, chair.", ana()),
        line(30, "Two points.", ana()),
        line(40, "[inaudible]", None),
        line(50, "Second point.", ana()),
        line(60, "Hello.", said("Eve <b>&amp;</b> -->\n\nNOTE", None)),
    ]
}

#[test]
fn plain_text_names_each_change_of_speaker_as_igf_transcripts_do() {
    let expected = "\
Opening plenary
Session: ws-42
Language: en
Time zero: 2025-11-25T09:00:00.000Z
Raw real-time transcript (live captions), not an authoritative record of the session.

>> Amina Diallo (Chair):
[00:00:10] Welcome.

>> Ana Silva (Civil society, online):
[00:00:20] Thank you, chair.
[00:00:30] Two points.
[00:00:40] [inaudible]

>> Ana Silva (Civil society, online):
[00:00:50] Second point.

>> Eve <b>&amp;</b> --> NOTE:
[00:01:00] Hello.
";
    assert_eq!(to_txt(&header(), &conversation()), expected);
}

#[test]
fn webvtt_opens_every_cue_with_its_escaped_voice() {
    let output = to_vtt(&header(), &conversation());
    let cues: Vec<&str> = output
        .split("\n\n")
        .skip(2)
        .filter(|block| !block.is_empty())
        .collect();
    let texts: Vec<&str> = cues
        .iter()
        .map(|cue| cue.split_once('\n').unwrap().1)
        .collect();
    assert_eq!(
        texts,
        [
            "<v Amina Diallo>Welcome.",
            "<v Ana Silva>Thank you, chair.",
            "<v Ana Silva>Two points.",
            "[inaudible]",
            "<v Ana Silva>Second point.",
            "<v Eve &lt;b&gt;&amp;amp;&lt;/b&gt; --&gt; NOTE>Hello.",
        ]
    );
}

#[test]
fn subrip_starts_the_cue_where_the_speaker_changes_with_the_name() {
    let output = to_srt(&header(), &conversation());
    let texts: Vec<&str> = output
        .split("\n\n")
        .skip(1)
        .filter(|block| !block.is_empty())
        .map(|cue| cue.splitn(3, '\n').nth(2).unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "Amina Diallo: Welcome.",
            "Ana Silva: Thank you, chair.",
            "Two points.",
            "[inaudible]",
            "Ana Silva: Second point.",
            "Eve <b>&amp;</b> -> NOTE: Hello.",
        ]
    );
}

#[test]
fn a_blank_name_names_nobody() {
    let lines = [line(1, "Words.", said(" \n\t", None))];
    assert!(to_vtt(&header(), &lines).contains("\nWords.\n"));
    assert!(to_srt(&header(), &lines).contains("\nWords.\n"));
    assert!(!to_txt(&header(), &lines).contains(">>"));
}

fn stored(seq: Seq, body: EventBody) -> Event {
    Event {
        seq,
        ts: ORIGIN,
        body,
    }
}

fn final_line(
    seq: Seq,
    lang: &str,
    line: u64,
    text: &str,
    speaker: Option<CaptionSpeaker>,
) -> Event {
    stored(
        seq,
        EventBody::CaptionFinal {
            lang: lang.into(),
            line,
            text: text.into(),
            started_at: ORIGIN,
            ended_at: ORIGIN,
            speaker,
        },
    )
}

fn speaker(
    name: &str,
    stakeholder: Option<Stakeholder>,
    mode: Option<Mode>,
    chair: bool,
) -> CaptionSpeaker {
    CaptionSpeaker {
        participant: None,
        name: name.into(),
        stakeholder,
        mode,
        chair,
    }
}

#[test]
fn track_lines_fold_corrections_into_their_own_track_only() {
    let ana = speaker(
        "Ana",
        Some(Stakeholder::CivilSociety),
        Some(Mode::Remote),
        false,
    );
    let events = [
        final_line(1, "en", 1, "One.", Some(ana.clone())),
        final_line(2, "fr", 2, "Un.", Some(ana.clone())),
        final_line(3, "en", 3, "Two.", None),
        stored(
            4,
            EventBody::CaptionSpeakerCorrected {
                lang: "en".into(),
                line: 3,
                speaker: speaker("Voice from the floor", None, Some(Mode::Onsite), false),
            },
        ),
        // A correction of the French line leaves the English track alone.
        stored(
            5,
            EventBody::CaptionSpeakerCorrected {
                lang: "fr".into(),
                line: 2,
                speaker: speaker("Chair", None, None, true),
            },
        ),
        // A correction of a line the track does not have changes nothing.
        stored(
            6,
            EventBody::CaptionSpeakerCorrected {
                lang: "en".into(),
                line: 99,
                speaker: speaker("Nobody", None, None, false),
            },
        ),
    ];
    let english = track_lines(&events, "en");
    let named: Vec<(&str, Option<TranscriptSpeaker>)> = english
        .iter()
        .map(|line| (line.text.as_str(), line.speaker.clone()))
        .collect();
    assert_eq!(
        named,
        [
            ("One.", said("Ana", Some("Civil society, online"))),
            ("Two.", said("Voice from the floor", Some("in the room"))),
        ]
    );
    let french = track_lines(&events, "fr");
    assert_eq!(french[0].speaker, said("Chair", Some("Chair")));
}

#[test]
fn affiliations_leave_out_what_is_not_known() {
    let cases = [
        (
            speaker(
                "A",
                Some(Stakeholder::Government),
                Some(Mode::Onsite),
                false,
            ),
            Some("Government, in the room"),
        ),
        (
            speaker(
                "A",
                Some(Stakeholder::Unspecified),
                Some(Mode::Remote),
                false,
            ),
            Some("online"),
        ),
        (
            speaker("A", Some(Stakeholder::Academia), None, false),
            Some("Academia"),
        ),
        (speaker("A", None, None, false), None),
        (
            speaker("A", Some(Stakeholder::Government), None, true),
            Some("Chair"),
        ),
    ];
    for (speaker, expected) in cases {
        assert_eq!(
            TranscriptSpeaker::of(&speaker).affiliation.as_deref(),
            expected,
            "{speaker:?}"
        );
    }
}
