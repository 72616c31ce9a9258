"""End-to-end acceptance with clients nobody wrote for this project.

Starts the real `hybridhub` binary with `--demo` on a loopback port it picks
itself (`--listen 127.0.0.1:0`, read back from the address it prints) and a
fresh data directory, then, with Python's `websockets`:
1. two clients join the demo session, see each other in presence, exchange chat;
2. bad input gets documented errors;
3. the server is stopped (SIGTERM) and restarted on the same data directory:
   the chat history and `seq` are still there.
Usage: python3 acceptance.py PATH/TO/hybridhub
"""
import asyncio
import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import websockets


def free_port():
    """A loopback port that was free a moment ago (another process may take
    it before it is used: prefer `--listen 127.0.0.1:0` and the printed
    address, as start_server does). Still imported by captions_acceptance.py."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


LISTENING = "hybridhub listening on http://"


def read_listening_address(process, seconds):
    """The host:port of the server's line "hybridhub listening on
    http://HOST:PORT/ ..." (its logs may come first, on the same output),
    within `seconds`; None if it does not come."""
    deadline = time.time() + seconds
    line = b""
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while True:
            left = deadline - time.time()
            if left <= 0 or not selector.select(left):
                return None
            byte = os.read(process.stdout.fileno(), 1)
            if not byte:
                return None
            line += byte
            if byte == b"\n":
                text = line.decode(errors="replace")
                if LISTENING in text:
                    return text.split(LISTENING, 1)[1].split("/", 1)[0]
                line = b""


def drain(stream):
    """Reads and drops the rest of the server's output, so it never blocks
    on a full pipe."""
    while os.read(stream.fileno(), 4096):
        pass


def start_server(binary, data_dir):
    """Starts the server on a port of its own choosing; returns the process
    and its address (host:port) once it answers /healthz."""
    process = subprocess.Popen(
        [binary, "serve", "--demo", "--no-demo-scene", "--listen", "127.0.0.1:0", "--data-dir", data_dir, "--presence-interval-ms", "100"],
        env={**os.environ, "HYBRIDHUB_ADMIN_TOKEN": "acceptance-admin-token-long-enough"},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 20
    address = read_listening_address(process, 20)
    if address is None:
        process.kill()
        raise SystemExit("server did not print the address it listens on")
    threading.Thread(target=drain, args=(process.stdout,), daemon=True).start()
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://{address}/healthz", timeout=1) as response:
                if response.status == 200:
                    return process, address
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("server did not become healthy")


def stop_server(process):
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        raise SystemExit("server did not stop within 10 s of SIGTERM")


async def receive_until(socket, predicate, seconds=5.0):
    async def loop():
        while True:
            frame = json.loads(await socket.recv())
            if predicate(frame):
                return frame
    return await asyncio.wait_for(loop(), seconds)


def join_frame(name, mode, stakeholder, region, **extra):
    return json.dumps({"type": "join", "name": name, "mode": mode, "stakeholder": stakeholder, "region": region, **extra})


async def first_run(url):
    async with websockets.connect(url) as ana, websockets.connect(url) as ben:
        await ana.send(join_frame("Ana", "remote", "civil_society", "african"))
        await receive_until(ana, lambda f: f["type"] == "welcome")
        await ben.send(join_frame("Nairobi hub", "remote", "academia", "african", hub={"name": "Nairobi remote hub", "headcount": 25}))
        hub_welcome = await receive_until(ben, lambda f: f["type"] == "welcome")
        presence = await receive_until(ana, lambda f: f["type"] == "presence" and f["participants"] == 2)
        assert presence["attendees"] == 2, ("a hub counts as one until confirmed", presence)
        # The organiser confirms the hub's 25 people.
        base, session = url.replace("ws://", "http://").split("/ws/sessions/")
        confirm = urllib.request.Request(
            f"{base}/api/sessions/{session}/hubs/{hub_welcome['participant']['id']}/confirm",
            data=json.dumps({"headcount": 25}).encode(), method="POST",
            headers={"Authorization": "Bearer acceptance-admin-token-long-enough", "Content-Type": "application/json"})
        with urllib.request.urlopen(confirm, timeout=5) as answer:
            assert answer.status == 204, answer.status
        presence = await receive_until(ana, lambda f: f["type"] == "presence" and f["attendees"] != 2)
        assert presence["attendees"] == 26, presence
        assert presence["by_mode"]["remote"] == 26, presence
        await ana.send(json.dumps({"type": "chat.send", "id": "a1", "text": "Hello from Ana <b>not bold</b>"}))
        message = await receive_until(ben, lambda f: f["type"] == "chat.message")
        assert message["text"] == "Hello from Ana <b>not bold</b>" and message["from"]["name"] == "Ana", message
        ack = await receive_until(ana, lambda f: f["type"] == "ack")
        assert ack["id"] == "a1" and ack["seq"] == message["seq"], ack
        await ben.send(json.dumps({"type": "chat.send", "id": "b1", "text": "Greetings from Nairobi"}))
        reply = await receive_until(ana, lambda f: f["type"] == "chat.message")
        assert reply["seq"] == message["seq"] + 1, reply

        for bad, code in [("{not json", "bad_json"), ('{"type":"dance","id":"x"}', "unknown_type"),
                          ('{"type":"chat.send","id":"y"}', "invalid_field"),
                          (json.dumps({"type": "chat.send", "text": "x" * 2001}), "too_large")]:
            await ben.send(bad)
            error = await receive_until(ben, lambda f: f["type"] == "error")
            assert error["code"] == code, (bad, error)
        await ben.send('{"type":"ping","id":9}')
        pong = await receive_until(ben, lambda f: f["type"] == "pong")
        assert pong["id"] == 9, pong
        return reply["seq"]


async def second_run(url, last_seq):
    async with websockets.connect(url) as cleo:
        await cleo.send(join_frame("Cleo", "onsite", "government", "western_european_others", resume_from=0))
        welcome = await receive_until(cleo, lambda f: f["type"] == "welcome")
        assert welcome["seq"] == last_seq, (welcome["seq"], last_seq)
        texts = [m["text"] for m in welcome["snapshot"]["chat"]]
        assert "Greetings from Nairobi" in texts, texts
        replayed = [await receive_until(cleo, lambda f: "seq" in f) for _ in range(last_seq)]
        assert [f["seq"] for f in replayed] == list(range(1, last_seq + 1)), replayed
        await cleo.send(json.dumps({"type": "chat.send", "id": "c1", "text": "After the restart"}))
        ack = await receive_until(cleo, lambda f: f["type"] == "ack")
        assert ack["seq"] == last_seq + 1, ack


def main(binary):
    with tempfile.TemporaryDirectory() as data_dir:
        server, address = start_server(binary, data_dir)
        try:
            last_seq = asyncio.run(first_run(f"ws://{address}/ws/sessions/main-session"))
        finally:
            stop_server(server)
        # Restarted on the same data directory (on whatever port it gets).
        server, address = start_server(binary, data_dir)
        try:
            asyncio.run(second_run(f"ws://{address}/ws/sessions/main-session", last_seq))
        finally:
            stop_server(server)
    print(f"acceptance: 1 passed, 0 failed (two websockets clients, bad input, restart kept seq {last_seq})")


if __name__ == "__main__":
    main(sys.argv[1])
