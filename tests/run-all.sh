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
# Installs Debian packages with apt-get (after one `apt-get update`), for
# the checks that need them; a no-op when `present` already succeeds.
updated=""
apt_install() {
    local present="$1"
    shift
    if eval "$present" >/dev/null 2>&1; then
        return
    fi
    local sudo=""
    if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
    if [ -z "$updated" ]; then
        $sudo apt-get update
        updated=1
    fi
    $sudo apt-get install -y --no-install-recommends "$@"
}
# The Python checks' packages go into a virtualenv of their own under
# target/, not into whatever python3 comes first on the PATH: Debian's own
# (/usr/bin/python3) is externally managed (PEP 668) and its pip refuses.
# Made once and reused; made again if it is broken (no pip in it).
venv=target/py-tests
if ! "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
    # Debian's python3 makes virtualenvs only with python3-venv (ensurepip).
    apt_install "python3 -c 'import ensurepip, venv'" python3-venv
    rm -rf "$venv"
    python3 -m venv "$venv"
fi
python="$venv/bin/python"
"$python" -m pip install --quiet --disable-pip-version-check -r tests/python/requirements.txt
apt_install "test -x /usr/bin/chromium" chromium
# Fonts for the client in Arabic and Chinese (its screenshots are looked
# at): the smallest Debian set that has both scripts, Noto's Arabic UI fonts
# and WenQuanYi Micro Hei (about 3 MB, against 68 for Noto's core and CJK).
apt_install "dpkg -s fonts-noto-ui-core fonts-wqy-microhei" fonts-noto-ui-core fonts-wqy-microhei
# nats-server (Debian's 2.9.10 has JetStream) for cluster mode's command log
# tests (tests/cluster_log.rs). Debian puts it in /usr/sbin.
apt_install "command -v nats-server || test -x /usr/sbin/nats-server" nats-server
# openssl makes the certificates of the NATS TLS test (tests/cluster_nats_options.rs).
apt_install "command -v openssl" openssl
# nginx with nchan, and the Node.js peers (uWebSockets.js among them), for
# the load tool's smoke tests against the benchmark peers.
apt_install "test -e /usr/lib/nginx/modules/ngx_nchan_module.so" nginx libnginx-mod-nchan
(cd loadtest/peers && npm ci --no-audit --no-fund)
(cd tests/browser && npm ci --no-audit --no-fund)

echo "== formatting"
cargo fmt --all -- --check

echo "== cargo test (workspace)"
cargo build --workspace --all-targets
# The load tool's peer smoke tests fail, rather than skip, when a peer is missing.
LOADTEST_REQUIRE_PEERS=1 cargo test --workspace

echo "== transcript samples (overlaps, ties, escaping) through webvtt-py and srt"
TRANSCRIPT_SAMPLE_DIR=target/transcript-samples \
    cargo test --lib transcript::tests::write_samples_for_python_check -- --ignored --quiet
"$python" tests/python/transcript_check.py --samples target/transcript-samples

echo "== acceptance: Python websockets clients against the real server"
"$python" tests/python/acceptance.py target/debug/hybridhub
"$python" tests/python/captions_acceptance.py target/debug/hybridhub

echo "== operations: /metrics parsed by Prometheus' own client library, /readyz while draining"
"$python" tests/python/metrics_check.py target/debug/hybridhub

echo "== browser: the web client in Chromium (playwright-core), screenshots in target/browser-artifacts"
(cd tests/browser && npm test)
