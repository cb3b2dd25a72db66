"""Loads integers into an Aerospike set for the aggregate_int_input example: record i (user key i)
has bin `n` = (i * 7919) % 10007 - 5000 (distinct for i < 10007, negatives included), and a numeric
secondary index on `n` so the example can read a range. Uses the official Python client.

    .venv/bin/python examples/data/load_integers.py --seeds 127.0.0.1:3000 --count 10000
"""
import argparse
import sys

import aerospike


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", required=True, help="host:port,host:port,...")
    ap.add_argument("--namespace", default="test")
    ap.add_argument("--set", default="integers")
    ap.add_argument("--bin", default="n")
    ap.add_argument("--count", type=int, default=10000)
    args = ap.parse_args()

    hosts = [(h, int(p)) for h, p in (s.rsplit(":", 1) for s in args.seeds.split(","))]
    client = aerospike.client({"hosts": hosts}).connect()
    try:
        total = 0
        for i in range(args.count):
            n = (i * 7919) % 10007 - 5000
            total += n
            client.put((args.namespace, args.set, i), {args.bin: n}, policy={"key": aerospike.POLICY_KEY_SEND})
        try:
            client.index_single_value_create(args.namespace, args.set, args.bin, aerospike.INDEX_NUMERIC,
                                            f"{args.set}_{args.bin}")
        except aerospike.exception.IndexFoundError:
            pass
        print(f"loaded {args.count} integers into {args.namespace}.{args.set} (bin {args.bin}, sum {total})")
    finally:
        client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
