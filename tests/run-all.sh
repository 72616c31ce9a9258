#!/usr/bin/env bash
# Runs every test of hybridhub on a fresh machine: installs what the tests
# need, then the Rust unit and integration tests of the whole workspace (the
# server and the load tool, and cluster mode's log against a real
# nats-server), then the acceptance check with third-party
# WebSocket clients against the real binary, then the web client's
# end-to-end tests in Debian's Chromium, driven by playwright-core.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== installing test dependencies"
# The Python checks' packages go into a virtualenv of their own under
# target/, not into whatever python3 comes first on the PATH: Debian's own
# (/usr/bin/python3) is externally managed (PEP 668) and its pip refuses.
# Made once and reused; made again if it is broken (no pip in it).
venv=target/py-tests
if ! "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
    # Debian's python3 makes virtualenvs only with python3-venv (ensurepip).
    if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
        sudo=""
        if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
        $sudo apt-get update
        $sudo apt-get install -y --no-install-recommends python3-venv
    fi
    rm -rf "$venv"
    python3 -m venv "$venv"
fi
python="$venv/bin/python"
"$python" -m pip install --quiet --disable-pip-version-check -r tests/python/requirements.txt
if [ ! -x /usr/bin/chromium ]; then
    sudo=""
    if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
    $sudo apt-get update
    $sudo apt-get install -y --no-install-recommends chromium
fi
# nats-server (Debian's 2.9.10 has JetStream) for cluster mode's command log
# tests (tests/cluster_log.rs). Debian puts it in /usr/sbin.
if ! command -v nats-server >/dev/null && [ ! -x /usr/sbin/nats-server ]; then
    sudo=""
    if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
    $sudo apt-get update
    $sudo apt-get install -y --no-install-recommends nats-server
fi
# openssl makes the certificates of the NATS TLS test (tests/cluster_nats_options.rs).
if ! command -v openssl >/dev/null; then
    sudo=""
    if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
    $sudo apt-get update
    $sudo apt-get install -y --no-install-recommends openssl
fi
(cd tests/browser && npm ci --no-audit --no-fund)

echo "== formatting"
cargo fmt --all -- --check

echo "== cargo test (workspace)"
cargo build --workspace --all-targets
cargo test --workspace

echo "== transcript samples (overlaps, ties, escaping) through webvtt-py and srt"
TRANSCRIPT_SAMPLE_DIR=target/transcript-samples \
    cargo test --lib transcript::tests::write_samples_for_python_check -- --ignored --quiet
"$python" tests/python/transcript_check.py --samples target/transcript-samples

echo "== acceptance: Python websockets clients against the real server"
"$python" tests/python/acceptance.py target/debug/hybridhub
"$python" tests/python/captions_acceptance.py target/debug/hybridhub

echo "== browser: the web client in Chromium (playwright-core), screenshots in target/browser-artifacts"
(cd tests/browser && npm test)
