# Shared helpers for the project's scripts. Sourced, not run.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Runs a command as root (CI machines run as root; developers may have sudo).
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# A Python virtualenv at .venv with the project's Python requirements (the official client).
ensure_venv() {
  local req="$ROOT/integration-tests/conformance/python/requirements.txt"
  if [ ! -x "$VENV/bin/python" ]; then
    log "creating $VENV"
    python3 -m venv "$VENV"
  fi
  if [ ! -f "$VENV/.installed" ] || [ "$req" -nt "$VENV/.installed" ]; then
    "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$req"
    touch "$VENV/.installed"
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
