"""Captions end to end, with clients and parsers nobody wrote for this project.

Starts the real `hybridhub` binary with `--demo` on a free loopback port and
reads the ready-made links it prints. Then:
1. posts captions the way Zoom caption software does (urllib): the caption URL
   pasted as printed, `&seq=N` appended, `Content-Type: text/plain` without a
   charset, a retry of one seq, and a read of `<path>/seq`;
2. a captioner joins over WebSocket (Python `websockets`) with the printed
   captioner link's token and pushes partial and final lines on a second track,
   while two viewers each follow one track;
3. the floor changes hands while the captioner writes (the chair between
   turns, Ana's turn, a voice from the floor the captioner corrects);
4. downloads the WebVTT and SubRip transcripts and checks them with
   `webvtt-py` and `srt` (see transcript_check.py), speakers included: a voice
   span on every WebVTT cue, the name where the speaker changes in SRT, and
   the plain text's `>> Name (affiliation):` lines.
Usage: python3 captions_acceptance.py PATH/TO/hybridhub
"""
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

import websockets

from acceptance import free_port, receive_until, join_frame, stop_server
from transcript_check import check_srt, check_vtt


def start_and_read_links(binary, data_dir, port):
    process = subprocess.Popen(
        [binary, "serve", "--demo", "--no-demo-scene", "--listen", f"127.0.0.1:{port}", "--data-dir", data_dir],
        env={**os.environ, "HYBRIDHUB_ADMIN_TOKEN": "acceptance-admin-token-long-enough"},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    links = {}
    deadline = time.time() + 20
    while time.time() < deadline and "caption URL (Zoom-style API)" not in links:
        line = process.stdout.readline()
        if not line:
            break
        if ": " in line and line.split(": ", 1)[1].startswith("http"):
            what, link = line.rstrip("\n").split(": ", 1)
            links[what] = link
    if "caption URL (Zoom-style API)" not in links:
        process.kill()
        raise SystemExit(f"--demo did not print the caption links; got {links}")
    return process, links


def post(url, body, content_type="text/plain"):
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers.get("Content-Type"), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type"), error.read().decode()


def with_path_suffix(url, suffix):
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=parts.path + suffix))


ENGLISH_LINES = ["Good morning and welcome to the main session.", "Our first speaker joins us from Nairobi."]
FRENCH_LINES = ["Bonjour à toutes et à tous.", "Merci, Madame la Présidente."]


def zoom_style_posts(caption_url):
    assert "token=" in caption_url and "lang=en" in caption_url, caption_url
    # The caption software splits text however it likes; `\n` ends a line.
    chunks = ["Good morning and ", "welcome to the main session.\nOur first", " speaker joins us from Nairobi.\n"]
    for seq, chunk in enumerate(chunks, start=1):
        status, reason = post(f"{caption_url}&seq={seq}", chunk.encode())
        assert status == 200, (seq, status, reason)
    status, reason = post(f"{caption_url}&seq=3", chunks[2].encode())
    assert status == 200, ("a retry is acknowledged", status, reason)
    status, _, body = get(with_path_suffix(caption_url, "/seq"))
    assert (status, body.strip()) == (200, "3"), (status, body)
    status, reason = post(caption_url, b"no seq")
    assert status == 403, (status, reason)
    status, reason = post(f"{caption_url}&seq=4", b"\xff\xfe")
    assert status == 400 and "UTF-8" in reason, (status, reason)


async def websocket_captions(ws_url, captioner_link):
    token = urllib.parse.parse_qs(urllib.parse.urlsplit(captioner_link).query)["token"][0]
    async with websockets.connect(ws_url) as writer, websockets.connect(ws_url) as english, \
            websockets.connect(ws_url) as french:
        await writer.send(join_frame("Interprète", "onsite", "intergovernmental", "western_european_others", token=token))
        welcome = await receive_until(writer, lambda f: f["type"] == "welcome")
        assert welcome["participant"]["role"] == "captioner", welcome["participant"]
        await english.send(join_frame("Ana", "remote", "civil_society", "african", captions=["en"]))
        welcome = await receive_until(english, lambda f: f["type"] == "welcome")
        recent = [line["text"] for line in welcome["snapshot"]["captions"]["recent"]]
        assert recent == ENGLISH_LINES, recent
        await french.send(join_frame("Jean", "remote", "government", "african", captions=["fr"]))
        await receive_until(french, lambda f: f["type"] == "welcome")

        for line in FRENCH_LINES:
            for cut in (len(line) // 2, len(line)):
                await writer.send(json.dumps({"type": "caption.push", "lang": "fr", "text": line[:cut], "final": False}))
                partial = await receive_until(french, lambda f: f["type"] == "caption.partial")
                assert partial["text"] == line[:cut] and "seq" not in partial, partial
            await writer.send(json.dumps({"type": "caption.push", "lang": "fr", "text": line, "final": True}))
            final = await receive_until(french, lambda f: f["type"] == "caption.final")
            assert final["text"] == line and final["lang"] == "fr" and final["seq"] > 0, final
        try:
            leaked = await receive_until(english, lambda f: f["type"].startswith("caption"), seconds=0.5)
            raise AssertionError(f"the English viewer received a French caption: {leaked}")
        except asyncio.TimeoutError:
            pass


CHAIR = "Amina Diallo"
# The English track: the Zoom-style posts (the chair's, before any turn),
# then the lines written in the speakers phase, with who said each.
SPOKEN_LINES = [
    ("Ana Silva", "Thank you, chair, for the floor."),
    ("Ana Silva", "Two points on funding."),
    (CHAIR, "Thank you, Ana."),
    ("Voice from the floor", "Could we hear from the room?"),
]
ENGLISH_CUES = [f"{CHAIR}\t{line}" for line in ENGLISH_LINES] + [f"{who}\t{line}" for who, line in SPOKEN_LINES]


async def command(socket, frame):
    """Sends a command; returns its ack or error, skipping other frames."""
    await socket.send(json.dumps(frame))
    return await receive_until(socket, lambda f: f.get("id") == frame["id"] and f["type"] in ("ack", "error"))


async def speakers(ws_url, captioner_link, moderator_link):
    def token_of(link):
        return urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["token"][0]

    async with websockets.connect(ws_url) as writer, websockets.connect(ws_url) as chair, \
            websockets.connect(ws_url) as ana:
        await writer.send(join_frame("CART writer", "remote", "other", "african", token=token_of(captioner_link)))
        await receive_until(writer, lambda f: f["type"] == "welcome")
        await chair.send(join_frame("Moderator", "onsite", "other", "african", token=token_of(moderator_link)))
        await receive_until(chair, lambda f: f["type"] == "welcome")
        await ana.send(join_frame("Ana Silva", "remote", "civil_society", "african", captions=["en"]))
        await receive_until(ana, lambda f: f["type"] == "welcome")

        async def write(text):
            await writer.send(json.dumps({"type": "caption.push", "lang": "en", "text": text, "final": True}))
            return await receive_until(ana, lambda f: f["type"] == "caption.final" and f["text"] == text)

        answer = await command(ana, {"type": "hand.raise", "id": "h1"})
        assert answer["type"] == "ack", answer
        raised = await receive_until(chair, lambda f: f["type"] == "hand.raised")
        answer = await command(chair, {"type": "floor.grant", "id": "g1", "entry": raised["entry"]["entry"]})
        assert answer["type"] == "ack", answer
        for _, text in SPOKEN_LINES[:2]:
            final = await write(text)
            assert final["speaker"]["name"] == "Ana Silva", final
        answer = await command(chair, {"type": "floor.end", "id": "e1"})
        assert answer["type"] == "ack", answer
        final = await write(SPOKEN_LINES[2][1])
        assert final["speaker"] == {"name": CHAIR, "chair": True}, final
        final = await write(SPOKEN_LINES[3][1])
        answer = await command(writer, {"type": "caption.set_speaker", "id": "s1", "lang": "en", "line": final["line"],
                                        "speaker": {"name": "Voice from the floor", "mode": "onsite"}})
        assert answer["type"] == "ack", answer
        corrected = await receive_until(ana, lambda f: f["type"] == "caption.speaker")
        assert corrected["speaker"]["name"] == "Voice from the floor", corrected


def check_transcripts(base):
    status, content_type, vtt = get(f"{base}/api/sessions/main-session/transcript.vtt?lang=en")
    assert status == 200 and content_type.startswith("text/vtt"), (status, content_type)
    check_vtt(vtt, ENGLISH_CUES)
    status, content_type, vtt = get(f"{base}/api/sessions/main-session/transcript.vtt?lang=fr")
    check_vtt(vtt, [f"{CHAIR}\t{line}" for line in FRENCH_LINES])
    status, content_type, subrip = get(f"{base}/api/sessions/main-session/transcript.srt?lang=fr")
    assert status == 200 and content_type.startswith("application/x-subrip"), (status, content_type)
    check_srt(subrip, [f"{CHAIR}: {FRENCH_LINES[0]}", FRENCH_LINES[1]])
    status, content_type, subrip = get(f"{base}/api/sessions/main-session/transcript.srt")
    check_srt(subrip, [f"{CHAIR}: {ENGLISH_LINES[0]}", ENGLISH_LINES[1],
                       f"Ana Silva: {SPOKEN_LINES[0][1]}", SPOKEN_LINES[1][1],
                       f"{CHAIR}: {SPOKEN_LINES[2][1]}", f"Voice from the floor: {SPOKEN_LINES[3][1]}"])
    status, content_type, text = get(f"{base}/api/sessions/main-session/transcript.txt")
    assert status == 200 and content_type.startswith("text/plain"), (status, content_type)
    speaker_lines = [line for line in text.splitlines() if line.startswith(">> ")]
    assert speaker_lines == [f">> {CHAIR} (Chair):", ">> Ana Silva (Civil society, online):", f">> {CHAIR} (Chair):",
                             ">> Voice from the floor (in the room):"], speaker_lines


def main(binary):
    with tempfile.TemporaryDirectory() as data_dir:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server, links = start_and_read_links(binary, data_dir, port)
        try:
            for needed in ("moderator link", "captioner link"):
                assert needed in links, links
            zoom_style_posts(links["caption URL (Zoom-style API)"])
            ws_url = f"ws://127.0.0.1:{port}/ws/sessions/main-session"
            asyncio.run(websocket_captions(ws_url, links["captioner link"]))
            asyncio.run(speakers(ws_url, links["captioner link"], links["moderator link"]))
            check_transcripts(base)
        finally:
            stop_server(server)
    print("captions acceptance: 1 passed, 0 failed (Zoom-style posts, WebSocket captioner, two tracks, "
          "speakers named as the floor changes hands, transcripts checked by webvtt-py and srt)")


if __name__ == "__main__":
    main(sys.argv[1])
