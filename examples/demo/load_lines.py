"""Loads a text file into an Aerospike set, one record per line (bin `line`, the line number as
its user key), with the official Python client."""
import argparse
import sys

import aerospike


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", required=True, help="host:port,host:port,...")
    ap.add_argument("--text", required=True)
    ap.add_argument("--namespace", default="test")
    ap.add_argument("--set", default="lines")
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
    finally:
        client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
