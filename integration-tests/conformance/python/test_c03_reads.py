"""C03: reading some bins, header-only reads and existence checks."""

import aerospike
import pytest

from support import error_code


def test_select_returns_only_the_named_bins(env):
    key = env.key("c03", "select")
    env.client.put(key, {"a": 1, "b": "x", "c": 2.5})
    _, meta, bins = env.client.select(key, ["a", "c"])
    assert bins == {"a": 1, "c": 2.5}
    assert meta["gen"] == 1
    # A bin the record does not have is simply absent.
    _, _, bins = env.client.select(key, ["b", "nope"])
    assert bins == {"b": "x"}


def test_exists_is_a_header_only_read_with_generation_and_ttl(env):
    key = env.key("c03", "header")
    env.client.put(key, {"a": 1})
    env.client.put(key, {"a": 2}, policy={"ttl": 1000})
    _, meta = env.client.exists(key)
    assert meta["gen"] == 2
    assert 995 <= meta["ttl"] <= 1000


def test_exists_false_for_a_missing_record(env):
    _, meta = env.client.exists(env.key("c03", "missing"))
    assert meta is None


def test_get_of_a_missing_record_is_not_found(env):
    with pytest.raises(aerospike.exception.RecordNotFound) as e:
        env.client.get(env.key("c03", "missing"))
    assert error_code(e) == 2

