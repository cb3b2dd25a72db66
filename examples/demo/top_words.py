"""Reads the word counts a WordCount job wrote to Aerospike (one record per word: the word as its
user key, the count in bin `count`), prints the top words, and checks every count against a count
made directly from the text with WordCount's own tokenizer (java.util.StringTokenizer)."""
import argparse
import collections
import re
import sys

import aerospike

# StringTokenizer's default delimiters, which WordCount uses.
TOKEN_DELIMITERS = re.compile(r"[ \t\n\r\f]+")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", required=True, help="host:port,host:port,...")
    ap.add_argument("--text", required=True)
    ap.add_argument("--namespace", default="test")
    ap.add_argument("--set", default="wordcounts")
    ap.add_argument("--top", type=int, default=10)
    args = ap.parse_args()

    hosts = [(h, int(p)) for h, p in (s.rsplit(":", 1) for s in args.seeds.split(","))]
    client = aerospike.client({"hosts": hosts}).connect()
    try:
        counts = {key[2]: bins["count"] for key, _, bins in client.scan(args.namespace, args.set).results()}
    finally:
        client.close()
    with open(args.text, encoding="utf-8") as f:
        expected = collections.Counter(w for line in f for w in TOKEN_DELIMITERS.split(line) if w)
    if not counts:
        print(f"no counts in {args.namespace}.{args.set}", file=sys.stderr)
        return 1
    print(f"read back from {args.namespace}.{args.set}: {len(counts)} words, {sum(counts.values())} in all; top words:")
    for word, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[: args.top]:
        print(f"  {n:4d}  {word}")
    if counts != dict(expected):
        print("MISMATCH: the counts in Aerospike differ from the file's", file=sys.stderr)
        return 1
    print("every count equals a count made directly from the file")
    return 0


if __name__ == "__main__":
    sys.exit(main())
