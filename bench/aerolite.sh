#!/usr/bin/env bash
# aerolite with the official Rust client (aerospike 3.0.0): single puts with 64 in flight, scans
# with query_foreach and with the stream API, memory per million records. Release builds; prints
# a Markdown table (figures and results: bench/RESULTS.md).
#   bench/aerolite.sh [aerolite-bench options]   e.g. --records 1000000 --scans 3
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet -p aerolite -p aerolite-bench
target_dir="${CARGO_TARGET_DIR:-target}"
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
exec "$target_dir/release/aerolite-bench" --aerolite "$target_dir/release/aerolite" "$@"
