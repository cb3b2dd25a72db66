"""Small helpers shared by the conformance tests: waiting, scanning, cluster introspection."""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass
from typing import Any, Callable

import aerospike

NAMESPACE = "test"
N_PARTITIONS = 4096
# The shared clusters run with this namespace default TTL, so that "TTL 0 = namespace default"
# is observable instead of looking like "never expires".
DEFAULT_TTL = 86400
NEVER_EXPIRES = 4294967295  # how the Python client reports a record without expiry


@dataclass
class Env:
    """A running aerolite cluster and a client connected to it."""

    name: str
    nodes: int
    rf: int
    process: Any
    client: Any

    def set_name(self, case: str) -> str:
        return f"{case}_{self.name}"

    def key(self, case: str, user_key) -> tuple:
        return (NAMESPACE, self.set_name(case), user_key)


def wait_until(predicate: Callable[[], Any], timeout: float, what: str, step: float = 0.1):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(step)


def connect(hosts, nodes: int, **config) -> Any:
    """A client connected to `hosts` that has discovered all `nodes` nodes."""
    client = aerospike.client({"hosts": list(hosts), **config}).connect()
    wait_until(lambda: len(client.get_node_names()) == nodes, 10, f"client to see {nodes} nodes")
    return client


def node_names(client) -> list[str]:
    return sorted(n["node_name"] for n in client.get_node_names())


def scan_records(client, set_name: str, policy: dict | None = None, bins=None) -> list:
    scan = client.scan(NAMESPACE, set_name)
    if bins:
        scan.select(*bins)
    return scan.results(policy or {})


def user_keys(records) -> list:
    return [rec[0][2] for rec in records]


def info_values(answer: str) -> dict[str, str]:
    """`k=v;k=v` (or `k=v:k=v` for sets) into a dict."""
    out = {}
    for part in answer.strip().replace(":", ";").split(";"):
        if "=" in part:
            k, v = part.split("=", 1)
            out[k] = v
    return out


def info_per_node(client, command: str) -> dict[str, str]:
    """The answer of every node to an info command, the `name\\t` echo removed."""
    out = {}
    for node, (err, answer) in client.info_all(command).items():
        assert err is None, f"{node}: {err}"
        value = answer.split("\t", 1)[1] if "\t" in answer else answer
        out[node] = value.strip()
    return out


def partition_masters(client) -> dict[int, str]:
    """Partition id → name of the node that masters it, from every node's `replicas-master`."""
    masters: dict[int, str] = {}
    for node, answer in info_per_node(client, "replicas-master").items():
        for ns_map in answer.split(";"):
            ns, bitmap = ns_map.split(":", 1)
            if ns != NAMESPACE:
                continue
            bits = base64.b64decode(bitmap)
            for pid in range(N_PARTITIONS):
                if bits[pid >> 3] & (0x80 >> (pid & 7)):
                    assert pid not in masters, f"partition {pid} has two masters"
                    masters[pid] = node
    return masters


def partition_of(key: tuple) -> int:
    """Partition id of a (ns, set, key) tuple, or of a record key that carries its digest."""
    digest = key[3] if len(key) > 3 and key[3] is not None else aerospike.calc_digest(*key[:3])
    return (digest[0] | (digest[1] << 8)) & (N_PARTITIONS - 1)


def error_code(excinfo) -> int:
    return excinfo.value.code
