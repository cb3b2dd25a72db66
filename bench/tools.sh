#!/usr/bin/env bash
# Issue 10's tools benchmark: records/s of the export tool (one map task, each format) against the
# connector's bare RecordReader loop over the same split, alone and writing each record to a plain
# file (its Writable bytes), and of the import tool (one file, each
# format) against the bare RecordWriter writing the same records, 1M records of 3 bins on a 1-node
# aerolite, whole jobs under LocalJobRunner. Release builds; prints Markdown tables (figures and
# results: bench/RESULTS.md, section "Tools").
#   bench/tools.sh [ToolsBench options]   e.g. --records 1000000 --rounds 5 --warmup 3
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet -p aerolite -p aerohadoop-core
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
gradle --no-daemon --quiet :bench-tools:benchTools -PbenchArgs="$*" 2> >(grep -v '^WARNING' >&2)
echo
echo "Command: \`bench/tools.sh $*\`"
