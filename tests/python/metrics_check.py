"""The operator's view, read by Prometheus' own client library.

Starts the real `hybridhub` binary with `--demo`, `--metrics-listen` and a
drain period, scrapes `/metrics` and parses it with
`prometheus_client.parser.text_string_to_metric_families` (so the text is
valid Prometheus exposition format, as a Prometheus server would read it),
checks that every documented metric is there with its type, drives real
traffic (a WebSocket join and chat with `websockets`, an upgrade from a
foreign Origin, two transcript downloads) and checks that the figures moved
as they should; then stops the server with SIGTERM and checks that
`/readyz` answers 503 while it drains, and `/healthz` still 200.
Usage: python3 metrics_check.py PATH/TO/hybridhub
"""
import asyncio
import json
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

import websockets
from prometheus_client.parser import text_string_to_metric_families

from acceptance import drain

LISTENING = "hybridhub listening on http://"
METRICS = "metrics on http://"

# Every metric docs/PROTOCOL.md documents, with its Prometheus type.
DOCUMENTED = {
    "hybridhub_tcp_connections": "gauge",
    "hybridhub_tcp_connections_refused": "counter",
    "hybridhub_accept_errors": "counter",
    "hybridhub_websocket_connections": "gauge",
    "hybridhub_sessions": "gauge",
    "hybridhub_websocket_upgrades_refused": "counter",
    "hybridhub_rate_limit_hits": "counter",
    "hybridhub_unknown_host_requests": "counter",
    "hybridhub_request_timeouts": "counter",
    "hybridhub_transcript_renderings": "counter",
    "hybridhub_transcript_cache_hits": "counter",
    "hybridhub_store_commit_seconds": "histogram",
    "hybridhub_store_commit_batch_requests": "histogram",
    "hybridhub_slow_consumer_disconnects": "counter",
    "hybridhub_write_timeouts": "counter",
    "hybridhub_deliveries": "counter",
    "hybridhub_delivered_bytes": "counter",
    "hybridhub_outbound_queue_drops": "counter",
    "hybridhub_commands": "counter",
    "hybridhub_command_refusals": "counter",
}


def read_addresses(process, seconds):
    """The main and metrics host:port the server prints, within `seconds`."""
    deadline = time.time() + seconds
    found = {}
    line = b""
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while len(found) < 2:
            left = deadline - time.time()
            if left <= 0 or not selector.select(left):
                return None
            byte = os.read(process.stdout.fileno(), 1)
            if not byte:
                return None
            line += byte
            if byte == b"\n":
                text = line.decode(errors="replace")
                for key, marker in (("main", LISTENING), ("metrics", METRICS)):
                    if marker in text:
                        found[key] = text.split(marker, 1)[1].split("/", 1)[0]
                line = b""
    return found


def get(url):
    """(status, body) of a GET, errors included."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def scrape(address):
    """Every sample of /metrics as {(name, sorted labels): value}, and every
    family's type, as Prometheus' parser reads them."""
    status, text = get(f"http://{address}/metrics")
    assert status == 200, (status, text)
    samples, types = {}, {}
    for family in text_string_to_metric_families(text):
        types[family.name] = family.type
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples, types


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))))


async def traffic(main, metrics):
    """Joins and chats, is refused from a foreign Origin, downloads a
    transcript twice; returns the scrape made while still joined."""
    url = f"ws://{main}/ws/sessions/main-session"
    async with websockets.connect(url) as socket:
        await socket.send(json.dumps({"type": "join", "name": "Metrics", "mode": "remote",
                                      "stakeholder": "academia", "region": "african"}))
        while json.loads(await asyncio.wait_for(socket.recv(), 5))["type"] != "welcome":
            pass
        await socket.send(json.dumps({"type": "chat.send", "id": "m1", "text": "counted"}))
        while json.loads(await asyncio.wait_for(socket.recv(), 5)).get("type") != "ack":
            pass
        try:
            await websockets.connect(url, origin="http://evil.example")
            raise SystemExit("a foreign Origin opened a WebSocket")
        except websockets.exceptions.InvalidStatus as refused:
            assert refused.response.status_code == 403, refused
        for _ in range(2):
            status, _ = get(f"http://{main}/api/sessions/main-session/transcript.vtt")
            assert status == 200, status
        return scrape(metrics)[0]


def main(binary):
    data_dir = tempfile.mkdtemp(prefix="hybridhub-metrics-")
    process = subprocess.Popen(
        [binary, "serve", "--demo", "--no-demo-scene", "--listen", "127.0.0.1:0",
         "--metrics-listen", "127.0.0.1:0", "--shutdown-drain-secs", "2", "--data-dir", data_dir],
        env={**os.environ, "HYBRIDHUB_ADMIN_TOKEN": "metrics-check-admin-token-long-enough", "RUST_LOG": "warn"},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        addresses = read_addresses(process, 20)
        if addresses is None:
            raise SystemExit("the server did not print its addresses")
        threading.Thread(target=drain, args=(process.stdout,), daemon=True).start()
        main_address, metrics_address = addresses["main"], addresses["metrics"]

        before, types = scrape(metrics_address)
        for name, kind in DOCUMENTED.items():
            assert types.get(name) == kind, f"{name}: {types.get(name)} (expected {kind})"
        assert value(before, "hybridhub_websocket_connections") == 0
        commits_before = value(before, "hybridhub_store_commit_seconds_count")

        after = asyncio.run(traffic(main_address, metrics_address))
        assert value(after, "hybridhub_websocket_connections") == 1, after
        assert value(after, "hybridhub_sessions", state="live") >= 1
        assert value(after, "hybridhub_websocket_upgrades_refused_total", reason="origin") == 1
        assert value(after, "hybridhub_transcript_renderings_total") == 1
        assert value(after, "hybridhub_transcript_cache_hits_total") == 1
        assert value(after, "hybridhub_store_commit_seconds_count") > commits_before
        assert value(after, "hybridhub_tcp_connections") >= 2, "the WebSocket and the scrape"
        # The WebSocket closed: the gauge comes back down.
        deadline = time.time() + 5
        while value(scrape(metrics_address)[0], "hybridhub_websocket_connections") != 0:
            assert time.time() < deadline, "hybridhub_websocket_connections stayed up"
            time.sleep(0.02)

        # SIGTERM: /readyz says 503 while the server drains; it is alive.
        process.send_signal(signal.SIGTERM)
        deadline = time.time() + 1.5
        while True:
            status, body = get(f"http://{main_address}/readyz")
            if status != 200 or time.time() > deadline:
                break
            time.sleep(0.02)
        assert (status, body) == (503, "draining"), (status, body)
        assert get(f"http://{main_address}/healthz")[0] == 200
        process.wait(timeout=15)
        print("metrics check: ok")
    finally:
        if process.poll() is None:
            process.kill()


if __name__ == "__main__":
    main(sys.argv[1])
