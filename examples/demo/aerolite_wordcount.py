"""Loads a text into an Aerospike set line by line, then counts its words by scanning the set.

The aerolite half of the demo: the official Python client against an aerolite cluster. The
count is checked against a count made directly from the file.
"""
import argparse
import collections
import re
import sys

import aerospike

WORD = re.compile(r"[a-z']+")


def words(text):
    return WORD.findall(text.lower())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", required=True, help="host:port,host:port,...")
    ap.add_argument("--text", required=True)
    ap.add_argument("--namespace", default="test")
    ap.add_argument("--set", default="lines")
    ap.add_argument("--top", type=int, default=10)
    args = ap.parse_args()

    hosts = [(h, int(p)) for h, p in (s.rsplit(":", 1) for s in args.seeds.split(","))]
    client = aerospike.client({"hosts": hosts}).connect()
    try:
        nodes = client.get_node_names()
        print(f"cluster: {len(nodes)} nodes: " + ", ".join(f"{n['node_name']}@{n['port']}" for n in nodes))
        with open(args.text, encoding="utf-8") as f:
            lines = [line.rstrip("\n") for line in f]
        for i, line in enumerate(lines):
            client.put((args.namespace, args.set, i), {"line": line}, policy={"key": aerospike.POLICY_KEY_SEND})
        print(f"loaded {len(lines)} lines into {args.namespace}.{args.set}")

        counts = collections.Counter()
        scanned = 0
        for _, _, bins in client.scan(args.namespace, args.set).results():
            counts.update(words(bins["line"]))
            scanned += 1
        expected = collections.Counter(w for line in lines for w in words(line))
        print(f"scanned {scanned} records, {sum(counts.values())} words, {len(counts)} distinct")
        print("top words:")
        for w, n in counts.most_common(args.top):
            print(f"  {n:4d}  {w}")
        if scanned != len(lines) or counts != expected:
            print("MISMATCH: the scan's counts differ from the file's", file=sys.stderr)
            return 1
        print("the counts equal a count made directly from the file")
        return 0
    finally:
        client.close()


if __name__ == "__main__":
    sys.exit(main())
