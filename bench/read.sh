#!/usr/bin/env bash
# Issue 5's read benchmark: records/s of (a) aerohadoop's RecordReader loop (new API, one split),
# (b) the Java client's scanPartitions, (c) a predecessor-style scan → ArrayBlockingQueue reader,
# (d) the Rust client's query_foreach (own process), over 1M records of 3 bins on a 1-node
# aerolite; then rust-core's peak frame memory and the JVM's RSS high-water mark for 1M and 5M
# records. Release builds; prints Markdown tables (figures and results: bench/RESULTS.md).
#   bench/read.sh [ReadBench options]   e.g. --records 1000000 --rounds 3 --memory 1000000,5000000
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet -p aerolite -p aerohadoop-core -p aerolite-bench
target_dir="${CARGO_TARGET_DIR:-target}"
read_scan="$(cd "$target_dir/release" && pwd)/read-scan"
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
gradle --no-daemon --quiet :bench-read:benchRead -PbenchArgs="--read-scan $read_scan $*" 2> >(grep -v '^WARNING' >&2)
echo
echo "Command: \`bench/read.sh $*\`"
