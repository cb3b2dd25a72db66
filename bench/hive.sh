#!/usr/bin/env bash
# Issue 7's Hive benchmark: SELECT count(*) FROM bench WHERE m = 7 (1 record in 1,000) over 1M
# records on a 1-node aerolite, in one Hive 4.1.0 session with local MapReduce, with the storage
# handler's pushdown and without (hive.optimize.ppd.storage=false); wall time, table records/s and
# the records the server sent, then the ratios.
#   bench/hive.sh [HiveBench options]   e.g. --records 1000000 --rounds 3
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet -p aerolite -p aerohadoop-core
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
gradle --no-daemon --quiet :bench-hive:benchHive -PbenchArgs="$*" 2> >(grep -v '^WARNING' >&2)
echo
echo "Command: \`bench/hive.sh $*\`"
