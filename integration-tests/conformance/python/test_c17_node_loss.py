"""C17: a node of a 3-node RF-2 cluster stops in the middle of a throttled scan. The scan
still returns every record exactly once, the client drops the node, and takes it back after a
restart. Runs on a cluster of its own so the shared ones never lose a node.

The Python client scans the nodes one after another, starting with the master of partition 0
(it groups partitions by node in partition order). That node is the victim, so that it goes
down in the middle of its own stream, as in the golden n_nodeloss_python capture."""

import threading
import time
from collections import Counter

import aerospike
import pytest
from aerospike_helpers.batch import records as br
from aerospike_helpers.operations import operations as op

from aerolite_process import AeroliteProcess
from support import connect, node_names, partition_masters, partition_of, user_keys, wait_until

N = 3000
SET = "c17"
# ~1000 master records per node at 1000/s: each node's stream lasts about a second, and the
# Python client scans the nodes one after another, so the whole scan takes about 3 s.
SCAN_POLICY = {"records_per_second": 1000}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    log = tmp_path_factory.mktemp("aerolite-c17") / "aerolite.log"
    proc = AeroliteProcess(3, 2, log).start()
    client = connect(proc.hosts, 3)
    records = br.BatchRecords([
        br.Write(("test", SET, i), ops=[op.write("n", i)],
                 policy={"key": aerospike.POLICY_KEY_SEND})
        for i in range(N)])
    assert all(r.result == 0 for r in client.batch_write(records).batch_records)
    yield proc, client
    client.close()
    proc.stop()


class Victim:
    """The node the scan streams first, and a surviving node to send control commands to."""

    def __init__(self, proc, client):
        masters = partition_masters(client)
        ports = {n["node_name"]: n["port"] for n in client.get_node_names()}
        self.name = masters[0]
        self.index = [port for _, port in proc.hosts].index(ports[self.name])
        self.pids = {pid for pid, node in masters.items() if node == self.name}
        self.controller = next(n for n in ports if n != self.name)


def control(client, node_name, command):
    answer = client.info_single_node(f"aerolite-control:{command}", node_name)
    assert answer.strip().endswith("ok"), answer


def scan_while(client, actions):
    """Runs a throttled scan of the set while `actions` ([(delay_s, fn)]) fire on timers.
    Returns the records with their arrival times, and when the first action fired."""
    fired = []

    def timed(fn):
        def run():
            fired.append(time.monotonic())
            fn()
        return run

    timers = [threading.Timer(delay, timed(fn)) for delay, fn in actions]
    arrivals = []
    for t in timers:
        t.start()
    try:
        client.scan("test", SET).foreach(lambda rec: arrivals.append((time.monotonic(), rec)),
                                         SCAN_POLICY)
    finally:
        for t in timers:
            t.join()
    return arrivals, min(fired)


def assert_cut_midway(arrivals, cut_at, victim):
    """The victim had sent some, but not all, of its records when it went down."""
    times = [t for t, rec in arrivals if partition_of(rec[0]) in victim.pids]
    early = sum(1 for t in times if t < cut_at)
    assert 0 < early < len(times), f"{early} of {len(times)} records came before the cut"


def assert_every_record_once(recs):
    counts = Counter(user_keys(recs))
    assert sorted(counts) == list(range(N)), f"{N - len(counts)} records missing"
    duplicates = {k: c for k, c in counts.items() if c > 1}
    assert not duplicates, f"{len(duplicates)} records returned more than once"
    assert sum(r[2]["n"] for r in recs) == N * (N - 1) // 2


def assert_dropped_then_rejoins(client, victim):
    wait_until(lambda: len(client.get_node_names()) == 2, 10, "client to drop the victim")
    assert victim.name not in node_names(client)
    control(client, victim.controller, f"restart={victim.index}")
    wait_until(lambda: len(client.get_node_names()) == 3, 10, "client to see the victim again")
    assert victim.name in node_names(client)
    assert_every_record_once(client.scan("test", SET).results())


def test_stop_mid_scan_loses_nothing_and_the_client_drops_the_node(cluster):
    proc, client = cluster
    victim = Victim(proc, client)
    arrivals, cut_at = scan_while(client, [
        (0.5, lambda: control(client, victim.controller, f"stop={victim.index}")),
    ])
    assert_cut_midway(arrivals, cut_at, victim)
    assert_every_record_once([rec for _, rec in arrivals])
    assert_dropped_then_rejoins(client, victim)


def test_kill_then_recluster_mid_scan_loses_nothing(cluster):
    # kill: the survivors keep the old view (peers, partition map) until `recluster`, 2 s
    # later, as a real cluster does while its heartbeats time out.
    proc, client = cluster
    victim = Victim(proc, client)
    arrivals, cut_at = scan_while(client, [
        (0.5, lambda: control(client, victim.controller, f"kill={victim.index}")),
        (2.5, lambda: control(client, victim.controller, "recluster")),
    ])
    assert_cut_midway(arrivals, cut_at, victim)
    assert_every_record_once([rec for _, rec in arrivals])
    assert_dropped_then_rejoins(client, victim)
