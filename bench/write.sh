#!/usr/bin/env bash
# Issue 6's write benchmark: records/s of (a) aerohadoop's RecordWriter (new API, through the
# connector jar as a reduce task writes), (b) predecessor-style synchronous puts, one per record,
# (c) the Java client's batch writes of the same batch size from one thread, each into its own set
# of a 1-node aerolite, 1M records of 3 bins by default. Release builds; prints Markdown tables
# (figures and results: bench/RESULTS.md).
#   bench/write.sh [WriteBench options]   e.g. --records 1000000 --rounds 5 --warmup 1
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet -p aerolite -p aerohadoop-core
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
gradle --no-daemon --quiet :bench-write:benchWrite -PbenchArgs="$*" 2> >(grep -v '^WARNING' >&2)
echo
echo "Command: \`bench/write.sh $*\`"
