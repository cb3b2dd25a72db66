#!/usr/bin/env bash
# Builds aerolite's fuzz target and runs it for a bounded time; fails on any crash.
#   aerolite/fuzz/run.sh [SECONDS]      (default 60)
#
# A crash is a panic, an input that runs longer than 10 s (a hang), a malformed answer, or more
# than 2 GiB of memory. libFuzzer saves the input under aerolite/fuzz/artifacts/connection/;
# replay it with `cargo +nightly fuzz run -s none -a connection <file>`.
#
# The committed seeds (corpus/connection/) are only read: what the run discovers goes to a
# temporary directory, so the repository stays clean.
set -euo pipefail
seconds="${1:-60}"
cd "$(dirname "$0")"

# No sanitizer (aerolite is safe Rust, and a plain build runs several times more inputs per
# second); debug assertions on, so integer overflows panic.
flags=(-s none -a)
cargo +nightly fuzz build "${flags[@]}" connection

work="$(mktemp -d)"
trap 'rm -rf "$work" "$work.log"' EXIT
# libFuzzer prints a line per new input (thousands): kept in a file, shown whole only on a crash.
if ! cargo +nightly fuzz run "${flags[@]}" connection "$work" corpus/connection -- \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
  -print_final_stats=1 >"$work.log" 2>&1; then
  tail -n 80 "$work.log"
  exit 1
fi
grep -E '^(Done|stat::)' "$work.log"
