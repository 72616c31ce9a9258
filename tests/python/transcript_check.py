"""Checks hybridhub's transcript files with parsers nobody wrote for this project.

WebVTT files are parsed with `webvtt-py` and SubRip files with `srt`. For each
file the check asserts that every cue parses, that the number of cues and
their texts match the expected texts in order, that every cue ends after it
starts, and that no cue starts before the previous one ends. A WebVTT cue that
names its speaker opens with a voice span (`<v Ana Silva>`); its expected text
is `voice<TAB>text`, and the voice must be the one webvtt-py itself parsed. SRT files open
with a disclaimer cue (cue 1), which is checked on its own and is not one of
the expected texts. In WebVTT cue text the transcript escapes `&`, `<` and
`>`, so the parsed text is unescaped before it is compared.

Use it from Python:

    check_vtt(text, expected_texts)
    check_srt(text, expected_texts)

or by hand:

    python3 transcript_check.py FILE.vtt|FILE.srt [EXPECTED_TEXT ...]
    python3 transcript_check.py FILE.srt --expected-file EXPECTED.txt
    python3 transcript_check.py --samples DIR

An expected file holds one cue text per line. `--samples DIR` checks every
`.vtt` and `.srt` file in DIR against the `.expected` file beside it (as
written by the Rust test `transcript::tests::write_samples_for_python_check`).
"""
import argparse
import datetime
import html
import io
import pathlib
import re
import sys

import srt
import webvtt

DISCLAIMER_MARK = "not an authoritative record"
ONE_MILLISECOND = datetime.timedelta(milliseconds=1)

_VTT_TIMESTAMP = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2})\.(\d{1,3})$")


def _vtt_timestamp_ms(value):
    """Turns a WebVTT timestamp such as `01:02:03.004` into milliseconds."""
    match = _VTT_TIMESTAMP.match(value.strip())
    assert match, f"unreadable WebVTT timestamp {value!r}"
    hours, minutes, seconds, millis = match.groups()
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(millis.ljust(3, "0"))


def _parse_vtt(text):
    """Parses WebVTT text with whichever entry point this webvtt-py version has."""
    if hasattr(webvtt, "from_string"):
        try:
            # Strict mode (webvtt-py 0.6 and later) raises on a malformed cue
            # block instead of skipping it.
            return webvtt.from_string(text, strict=True)
        except TypeError:
            return webvtt.from_string(text)
    return webvtt.read_buffer(io.StringIO(text))


def _check_timings(timings, format_name):
    """Asserts that every cue ends after it starts and that none overlaps the next."""
    for index, (start_ms, end_ms) in enumerate(timings, start=1):
        assert start_ms < end_ms, f"{format_name} cue {index} does not end after it starts: {start_ms} >= {end_ms}"
    for index in range(1, len(timings)):
        previous_end_ms = timings[index - 1][1]
        start_ms = timings[index][0]
        assert start_ms >= previous_end_ms, (
            f"{format_name} cue {index + 1} starts at {start_ms} ms, before cue {index} ends at {previous_end_ms} ms"
        )


def _check_texts(texts, expected_texts, format_name):
    """Asserts that the parsed cue texts are the expected ones, in order."""
    expected_texts = list(expected_texts)
    assert len(texts) == len(expected_texts), (
        f"{format_name}: {len(texts)} cues parsed, {len(expected_texts)} expected"
    )
    for index, (text, expected) in enumerate(zip(texts, expected_texts), start=1):
        assert text == expected, f"{format_name} cue {index}: {text!r} != {expected!r}"


def _voiced_text(caption):
    """A parsed WebVTT cue as `voice<TAB>text`, or just its text when no
    voice opens it, both unescaped."""
    raw = getattr(caption, "raw_text", caption.text)
    voice = getattr(caption, "voice", None)
    if raw.startswith("<v "):
        # The voice span must have been read by the parser, whole: it ends at
        # the first `>`, so an escaped name cannot end it early.
        span_end = raw.index(">")
        assert voice is not None and voice == raw[3:span_end], (
            f"webvtt-py read the voice as {voice!r}, the file has {raw[:span_end + 1]!r}"
        )
        return f"{html.unescape(voice)}\t{html.unescape(raw[span_end + 1:])}"
    assert not voice, f"webvtt-py found a voice {voice!r} in a cue without one: {raw!r}"
    return html.unescape(raw)


def check_vtt(text, expected_texts):
    """Parses a WebVTT transcript with webvtt-py and checks its cues.

    Returns the number of cues.
    """
    assert text.startswith("WEBVTT"), "a WebVTT file starts with WEBVTT"
    parsed = _parse_vtt(text)
    captions = list(parsed.captions)
    # webvtt-py 0.5 and later keep NOTE blocks; with no cues after it, the
    # NOTE block counts as a footer comment.
    comments = getattr(parsed, "header_comments", None)
    if comments is not None:
        comments = list(comments) + list(getattr(parsed, "footer_comments", []))
        assert any(DISCLAIMER_MARK in comment for comment in comments), (
            f"no NOTE block with the disclaimer: {comments!r}"
        )
    assert DISCLAIMER_MARK in text, "the WebVTT file does not carry the disclaimer"
    texts = [_voiced_text(caption) for caption in captions]
    _check_texts(texts, expected_texts, "WebVTT")
    timings = [(_vtt_timestamp_ms(caption.start), _vtt_timestamp_ms(caption.end)) for caption in captions]
    _check_timings(timings, "WebVTT")
    return len(captions)


def check_srt(text, expected_texts):
    """Parses an SRT transcript with srt and checks its cues.

    Cue 1 must be the disclaimer; the expected texts are those of the cues
    after it. Returns the number of caption cues (the disclaimer not counted).
    """
    subtitles = list(srt.parse(text))
    assert subtitles, "the SRT file has no cues, not even the disclaimer"
    assert [subtitle.index for subtitle in subtitles] == list(range(1, len(subtitles) + 1)), (
        "SRT cues are not numbered 1, 2, 3..."
    )
    disclaimer, captions = subtitles[0], subtitles[1:]
    assert DISCLAIMER_MARK in disclaimer.content, f"cue 1 is not the disclaimer: {disclaimer.content!r}"
    _check_texts([subtitle.content for subtitle in captions], expected_texts, "SRT")
    timings = [
        (subtitle.start // ONE_MILLISECOND, subtitle.end // ONE_MILLISECOND)
        for subtitle in subtitles
    ]
    _check_timings(timings, "SRT")
    return len(captions)


def check_file(path, expected_texts):
    """Checks a `.vtt` or `.srt` file; returns the number of caption cues."""
    path = pathlib.Path(path)
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".vtt":
        return check_vtt(text, expected_texts)
    if path.suffix == ".srt":
        return check_srt(text, expected_texts)
    raise SystemExit(f"{path}: expected a .vtt or .srt file")


def _read_expected_file(path):
    return pathlib.Path(path).read_text(encoding="utf-8").splitlines()


def main(arguments):
    parser = argparse.ArgumentParser(description="Check a hybridhub transcript with third-party parsers.")
    parser.add_argument("path", nargs="?", help="a .vtt or .srt file")
    parser.add_argument("expected", nargs="*", help="the expected cue texts, in order")
    parser.add_argument("--expected-file", help="a file with one expected cue text per line")
    parser.add_argument("--samples", help="a directory of .vtt/.srt files, each with a .expected file beside it")
    options = parser.parse_args(arguments)

    if options.samples:
        checked = 0
        for path in sorted(pathlib.Path(options.samples).iterdir()):
            if path.suffix in (".vtt", ".srt"):
                count = check_file(path, _read_expected_file(f"{path}.expected"))
                print(f"ok {path}: {count} cues")
                checked += 1
        if checked == 0:
            raise SystemExit(f"no .vtt or .srt files in {options.samples}")
        return
    if not options.path:
        parser.error("give a file or --samples DIR")
    expected = _read_expected_file(options.expected_file) if options.expected_file else options.expected
    count = check_file(options.path, expected)
    print(f"ok {options.path}: {count} cues")


if __name__ == "__main__":
    main(sys.argv[1:])
