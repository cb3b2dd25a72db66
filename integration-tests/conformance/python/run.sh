#!/usr/bin/env bash
# Runs the Python-client conformance suite against aerolite.
# Creates (or reuses) a venv next to this script, installs the pinned requirements, and runs
# pytest; extra arguments go to pytest. Needs the aerolite release binary
# (`cargo build --release -p aerolite`) or AEROLITE_BIN pointing at one.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/.venv"
python="${PYTHON:-python3}"

if [[ ! -x "$venv/bin/python" ]]; then
    "$python" -m venv "$venv"
fi
# Reinstall only when requirements.txt changed since the last successful install.
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
    echo "$want" > "$stamp"
fi
cd "$here"
exec "$venv/bin/python" -m pytest "$@"
