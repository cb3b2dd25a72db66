"""C11: batch reads, writes, deletes and operates, with a result per key."""

import aerospike
from aerospike_helpers.batch import records as br
from aerospike_helpers.operations import operations as op

from support import partition_masters, partition_of

OK, NOT_FOUND = 0, 2


def put_all(env, set_name, n):
    keys = [("test", set_name, i) for i in range(n)]
    for i, key in enumerate(keys):
        env.client.put(key, {"n": i, "s": f"v{i}"})
    return keys


def test_batch_read_reports_missing_keys_per_key(env):
    set_name = env.set_name("c11r")
    put_all(env, set_name, 3)
    keys = [("test", set_name, k) for k in (0, "missing-1", 1, "missing-2", 2)]
    res = env.client.batch_read(keys)
    assert [r.result for r in res.batch_records] == [OK, NOT_FOUND, OK, NOT_FOUND, OK]
    got = [r.record[2] if r.result == OK else None for r in res.batch_records]
    assert got == [{"n": 0, "s": "v0"}, None, {"n": 1, "s": "v1"}, None, {"n": 2, "s": "v2"}]
    assert [r.key[2] for r in res.batch_records] == [k[2] for k in keys]


def test_batch_read_of_some_bins(env):
    set_name = env.set_name("c11b")
    keys = put_all(env, set_name, 4)
    res = env.client.batch_read(keys, ["s"])
    assert [r.result for r in res.batch_records] == [OK] * 4
    assert [r.record[2] for r in res.batch_records] == [{"s": f"v{i}"} for i in range(4)]


def test_batch_write_remove_and_read_give_per_key_results_and_change_the_data(env):
    set_name = env.set_name("c11w")
    keys = put_all(env, set_name, 2)
    new_key = ("test", set_name, "new")
    batch = br.BatchRecords([
        br.Write(new_key, ops=[op.write("n", 100), op.write("s", "created")]),
        br.Write(keys[0], ops=[op.increment("n", 10), op.read("n")]),
        br.Remove(keys[1]),
        br.Remove(("test", set_name, "never-written")),
        br.Read(keys[0], ops=None, read_all_bins=True),
    ])
    res = env.client.batch_write(batch)
    results = [r.result for r in res.batch_records]
    assert results == [OK, OK, OK, NOT_FOUND, OK]
    assert res.batch_records[1].record[2] == {"n": 10}
    assert res.batch_records[4].record[2] == {"n": 10, "s": "v0"}
    assert env.client.get(new_key)[2] == {"n": 100, "s": "created"}
    assert env.client.exists(keys[1])[1] is None
    _, meta, bins = env.client.get(keys[0])
    assert bins == {"n": 10, "s": "v0"} and meta["gen"] == 2


def test_batch_operate_applies_the_ops_to_every_key(env):
    set_name = env.set_name("c11o")
    keys = put_all(env, set_name, 5)
    missing = ("test", set_name, "absent")
    res = env.client.batch_operate(keys + [missing], [op.increment("n", 1000), op.read("n")])
    assert [r.result for r in res.batch_records[:5]] == [OK] * 5
    assert [r.record[2]["n"] for r in res.batch_records[:5]] == [1000 + i for i in range(5)]
    # An increment creates a missing record, as a single operate would.
    assert res.batch_records[5].result == OK
    assert env.client.get(missing)[2] == {"n": 1000}
    assert [env.client.get(k)[2]["n"] for k in keys] == [1000 + i for i in range(5)]


def test_batch_remove_deletes_every_key(env):
    set_name = env.set_name("c11d")
    keys = put_all(env, set_name, 4)
    res = env.client.batch_remove(keys[:3])
    assert [r.result for r in res.batch_records] == [OK] * 3
    after = env.client.batch_read(keys)
    assert [r.result for r in after.batch_records] == [NOT_FOUND] * 3 + [OK]


def test_large_batch_spans_every_node(env):
    set_name = env.set_name("c11l")
    n = 400
    keys = [("test", set_name, i) for i in range(n)]
    res = env.client.batch_write(br.BatchRecords(
        [br.Write(k, ops=[op.write("n", i), op.write("sq", i * i)]) for i, k in enumerate(keys)]))
    assert [r.result for r in res.batch_records] == [OK] * n
    masters = partition_masters(env.client)
    assert len(masters) == 4096
    nodes_hit = {masters[partition_of(k)] for k in keys}
    assert nodes_hit == {x["node_name"] for x in env.client.get_node_names()}
    got = env.client.batch_read(keys + [("test", set_name, "x")])
    assert [r.result for r in got.batch_records] == [OK] * n + [NOT_FOUND]
    assert [r.record[2] for r in got.batch_records[:n]] == [{"n": i, "sq": i * i} for i in range(n)]
    assert sum(r.record[2]["sq"] for r in got.batch_records[:n]) == sum(i * i for i in range(n))
