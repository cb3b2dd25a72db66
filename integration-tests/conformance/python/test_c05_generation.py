"""C05: generation checks on writes (expect-equal and expect-greater)."""

import aerospike
import pytest

from support import error_code

GEN_EQ = {"gen": aerospike.POLICY_GEN_EQ}
GEN_GT = {"gen": aerospike.POLICY_GEN_GT}


def test_expect_equal_mismatch_is_a_generation_error(env):
    key = env.key("c05", "eq-mismatch")
    env.client.put(key, {"a": 1})
    with pytest.raises(aerospike.exception.RecordGenerationError) as e:
        env.client.put(key, {"a": 2}, meta={"gen": 7}, policy=GEN_EQ)
    assert error_code(e) == 3
    _, meta, bins = env.client.get(key)
    assert bins == {"a": 1} and meta["gen"] == 1


def test_expect_equal_match_writes_and_bumps_the_generation(env):
    key = env.key("c05", "eq-match")
    env.client.put(key, {"a": 1})
    env.client.put(key, {"a": 2})
    env.client.put(key, {"a": 3}, meta={"gen": 2}, policy=GEN_EQ)
    _, meta, bins = env.client.get(key)
    assert bins == {"a": 3} and meta["gen"] == 3


def test_expect_greater_accepts_only_a_higher_generation(env):
    key = env.key("c05", "gt")
    env.client.put(key, {"a": 1})
    env.client.put(key, {"a": 2})  # generation 2
    with pytest.raises(aerospike.exception.RecordGenerationError) as e:
        env.client.put(key, {"a": 3}, meta={"gen": 2}, policy=GEN_GT)
    assert error_code(e) == 3
    env.client.put(key, {"a": 4}, meta={"gen": 3}, policy=GEN_GT)
    _, meta, bins = env.client.get(key)
    assert bins == {"a": 4} and meta["gen"] == 3
