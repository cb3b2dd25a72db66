# Shared helpers for the project's scripts. Sourced, not run.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# One venv for the demo and the Python conformance suite (same requirements).
VENV="$ROOT/integration-tests/conformance/python/.venv"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Runs a command as root (CI machines run as root; developers may have sudo).
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# The Python virtualenv with the project's Python requirements (the official client, pytest);
# reinstalls only when requirements.txt changed since the last successful install.
# With arguments, another venv and its requirements (`ensure_venv DIR REQUIREMENTS`): the Spark
# suite keeps pyspark in a venv of its own (integration-tests/spark/.venv).
ensure_venv() {
  local venv="${1:-$VENV}"
  local req="${2:-$ROOT/integration-tests/conformance/python/requirements.txt}"
  local stamp="$venv/.requirements.sha256" want
  if [ ! -x "$venv/bin/python" ]; then
    log "creating $venv"
    "${PYTHON:-python3}" -m venv "$venv"
  fi
  want="$(sha256sum "$req" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
    echo "$want" > "$stamp"
  fi
}

# Starts aerolite in the background; sets AEROLITE_PID and AEROLITE_SEEDS.
start_aerolite() {
  local out; out="$(mktemp)"
  "$ROOT/target/release/aerolite" "$@" >"$out" 2>"$out.err" &
  AEROLITE_PID=$!
  for _ in $(seq 1 100); do
    if grep -q '^aerolite ready ' "$out"; then
      AEROLITE_SEEDS="$(sed -n 's/^aerolite ready //p' "$out")"
      return 0
    fi
    if ! kill -0 "$AEROLITE_PID" 2>/dev/null; then break; fi
    sleep 0.1
  done
  cat "$out.err" >&2
  echo "aerolite did not start" >&2
  return 1
}
