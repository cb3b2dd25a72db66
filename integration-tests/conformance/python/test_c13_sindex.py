"""C13: secondary indexes made through the client API serve exact range and equality
queries; a query on a dropped index fails with 201."""

import aerospike
import pytest
from aerospike import predicates as p

from support import error_code, info_per_node, user_keys

COLOURS = ("red", "green", "blue")


@pytest.fixture
def indexed_set(env):
    set_name = env.set_name("c13")
    send = {"key": aerospike.POLICY_KEY_SEND}
    for i in range(60):
        env.client.put(("test", set_name, i), {"n": i, "colour": COLOURS[i % 3]}, policy=send)
    # Records without the bin, or with another type, must never match.
    env.client.put(("test", set_name, "no-n"), {"colour": "red"}, policy=send)
    env.client.put(("test", set_name, "str-n"), {"n": "15", "colour": 7}, policy=send)
    return set_name


def query_keys(client, set_name, predicate):
    q = client.query("test", set_name)
    q.where(predicate)
    return sorted(user_keys(q.results()), key=str)


def test_numeric_range_and_string_equality_queries_return_exactly_the_matches(env, indexed_set):
    num_ix, str_ix = f"{indexed_set}_n", f"{indexed_set}_colour"
    create = env.client.index_single_value_create
    create("test", indexed_set, "n", aerospike.INDEX_NUMERIC, num_ix)
    create("test", indexed_set, "colour", aerospike.INDEX_STRING, str_ix)
    try:
        assert query_keys(env.client, indexed_set, p.between("n", 10, 19)) == sorted(
            range(10, 20), key=str)
        assert query_keys(env.client, indexed_set, p.between("n", -5, 0)) == [0]
        assert query_keys(env.client, indexed_set, p.equals("n", 59)) == [59]
        red = query_keys(env.client, indexed_set, p.equals("colour", "red"))
        assert red == sorted([i for i in range(60) if i % 3 == 0] + ["no-n"], key=str)
        q = env.client.query("test", indexed_set)
        q.select("n")
        q.where(p.between("n", 50, 1000))
        recs = q.results()
        assert sorted(r[2]["n"] for r in recs) == list(range(50, 60))
        assert all(set(r[2]) == {"n"} for r in recs)
    finally:
        env.client.index_remove("test", num_ix)
        env.client.index_remove("test", str_ix)


def test_dropped_index_is_gone_and_queries_on_it_fail_with_201(env, indexed_set):
    name = f"{indexed_set}_drop"
    env.client.index_single_value_create("test", indexed_set, "n", aerospike.INDEX_NUMERIC,
                                        name)
    assert query_keys(env.client, indexed_set, p.between("n", 0, 2)) == [0, 1, 2]
    env.client.index_remove("test", name)
    for answer in info_per_node(env.client, "sindex-list:ns=test").values():
        assert f"indexname={name}:" not in answer
    with pytest.raises(aerospike.exception.AerospikeError) as e:
        query_keys(env.client, indexed_set, p.between("n", 0, 2))
    assert error_code(e) == 201
