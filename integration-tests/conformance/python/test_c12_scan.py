"""C12: scans return exactly the written records, by partition range, projected, paged and
throttled."""

import time
from collections import Counter

import aerospike
import pytest

from support import scan_records, user_keys

N = 300


@pytest.fixture
def scan_set(env):
    """A set holding records 0..N-1 with bins n = i and s = "r<i>", user keys stored."""
    set_name = env.set_name("c12")
    policy = {"key": aerospike.POLICY_KEY_SEND}
    if env.client.exists(("test", set_name, 0))[1] is None:
        for i in range(N):
            env.client.put(("test", set_name, i), {"n": i, "s": f"r{i}"}, policy=policy)
    return set_name


def test_scan_of_a_set_returns_exactly_the_written_records(env, scan_set):
    recs = scan_records(env.client, scan_set)
    assert len(recs) == N
    assert sorted(user_keys(recs)) == list(range(N))
    assert sum(r[2]["n"] for r in recs) == N * (N - 1) // 2
    assert all(r[2] == {"n": r[0][2], "s": f"r{r[0][2]}"} for r in recs)
    assert all(r[1]["gen"] == 1 for r in recs)


def test_partition_halves_are_disjoint_and_complete(env, scan_set):
    low = user_keys(scan_records(env.client, scan_set,
                                 {"partition_filter": {"begin": 0, "count": 2048}}))
    high = user_keys(scan_records(env.client, scan_set,
                                  {"partition_filter": {"begin": 2048, "count": 2048}}))
    assert low and high
    assert set(low).isdisjoint(high)
    assert sorted(low + high) == list(range(N))
    # Each half holds exactly the keys whose digest falls in its partitions.
    for k in low:
        digest = aerospike.calc_digest("test", scan_set, k)
        assert ((digest[0] | digest[1] << 8) & 4095) < 2048


def test_bin_projection_returns_only_the_selected_bin(env, scan_set):
    recs = scan_records(env.client, scan_set, bins=["n"])
    assert len(recs) == N
    assert all(r[2] == {"n": r[0][2]} for r in recs)


def test_max_records_paging_until_done_covers_everything_once(env, scan_set):
    scan = env.client.scan("test", scan_set)
    scan.paginate()
    pages = []
    while not scan.is_done():
        page = scan.results({"max_records": 70})
        assert len(page) <= 70
        pages.append(user_keys(page))
        assert len(pages) < 20, "paging does not finish"
    seen = Counter(k for page in pages for k in page)
    assert sorted(seen) == list(range(N))
    assert max(seen.values()) == 1
    assert len(pages) >= N // 70


def test_records_per_second_is_accepted_and_throttles(env, scan_set):
    started = time.monotonic()
    recs = scan_records(env.client, scan_set, {"records_per_second": 400})
    elapsed = time.monotonic() - started
    assert sorted(user_keys(recs)) == list(range(N))
    # 300 records at 400/s per node: the node(s) cannot send them all in under ~0.25 s.
    assert elapsed >= 0.25, f"a throttled scan took only {elapsed:.3f}s"
