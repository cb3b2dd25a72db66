#!/usr/bin/env bash
# Runs the Python-client conformance suite against aerolite, in the project's venv (created or
# refreshed by scripts/lib.sh's ensure_venv); extra arguments go to pytest. Needs the aerolite
# release binary (`cargo build --release -p aerolite`) or AEROLITE_BIN pointing at one.
set -euo pipefail
source "$(dirname "$0")/../../../scripts/lib.sh"
ensure_venv
cd "$ROOT/integration-tests/conformance/python"
exec "$VENV/bin/python" -m pytest "$@"
