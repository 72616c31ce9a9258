#!/usr/bin/env bash
# Runs every test of hybridhub on a fresh machine: installs what the tests
# need, then the Rust unit and integration tests of the whole workspace (the
# server and the load tool), then the acceptance check with third-party
# WebSocket clients against the real binary.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== installing test dependencies"
python3 -m pip install --quiet --disable-pip-version-check -r tests/python/requirements.txt

echo "== formatting"
cargo fmt --all -- --check

echo "== cargo test (workspace)"
cargo build --workspace --all-targets
cargo test --workspace

echo "== acceptance: Python websockets clients against the real server"
python3 tests/python/acceptance.py target/debug/hybridhub
