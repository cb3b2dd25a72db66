"""Prints the top words a WordCount job wrote, and checks every count against a count made
directly from the text with WordCount's own tokenizer (java.util.StringTokenizer: whitespace)."""
import argparse
import collections
import glob
import os
import re
import sys

# StringTokenizer's default delimiters, which WordCount uses.
TOKEN_DELIMITERS = re.compile(r"[ \t\n\r\f]+")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--output", required=True, help="the job's output directory")
    ap.add_argument("--text", required=True)
    ap.add_argument("--top", type=int, default=10)
    args = ap.parse_args()

    counts = {}
    for part in sorted(glob.glob(os.path.join(args.output, "part-r-*"))):
        with open(part, encoding="utf-8") as f:
            for line in f:
                word, n = line.rstrip("\n").rsplit("\t", 1)
                counts[word] = int(n)
    with open(args.text, encoding="utf-8") as f:
        expected = collections.Counter(w for line in f for w in TOKEN_DELIMITERS.split(line) if w)
    if not counts:
        print("the job wrote no counts", file=sys.stderr)
        return 1
    print(f"{sum(counts.values())} words, {len(counts)} distinct; top words:")
    for word, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[: args.top]:
        print(f"  {n:4d}  {word}")
    if counts != dict(expected):
        print("MISMATCH: the job's counts differ from the file's", file=sys.stderr)
        return 1
    print("every count equals a count made directly from the file")
    return 0


if __name__ == "__main__":
    sys.exit(main())
