#!/usr/bin/env bash
# Builds rust-core's fuzz targets and runs each for a bounded time; fails on any crash.
#   rust-core/fuzz/run.sh [SECONDS per target]      (default 30)
#
# scan_answer: a node's scan answer through the reader's wire parser and frame re-encoder.
# frames:      the read- and write-frame codecs over arbitrary bytes.
# connection_config: the seed list / credentials / timeout parser; accepted configurations re-parse
#             from their own seed list to themselves.
# key_list:    the key-list and key-split decoders; accepted inputs re-encode to themselves.
# A crash (panic, hang over 10 s, more than 2 GiB) saves its input under artifacts/<target>/;
# replay it with `cargo +nightly fuzz run -s none -a <target> <file>`. The committed seeds
# (corpus/<target>/) are only read; what a run discovers goes to a temporary directory.
set -euo pipefail
seconds="${1:-30}"
cd "$(dirname "$0")"
flags=(-s none -a)
for target in scan_answer frames connection_config key_list; do
  cargo +nightly fuzz build "${flags[@]}" "$target"
done
for target in scan_answer frames connection_config key_list; do
  work="$(mktemp -d)"
  mkdir -p "corpus/$target"
  # libFuzzer prints a line per new input (thousands): kept in a file, shown whole only on a crash.
  if ! cargo +nightly fuzz run "${flags[@]}" "$target" "$work" "corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 >"$work.log" 2>&1; then
    tail -n 80 "$work.log"
    rm -rf "$work" "$work.log"
    exit 1
  fi
  echo "$target:"
  grep -E '^(Done|stat::)' "$work.log"
  rm -rf "$work" "$work.log"
done
