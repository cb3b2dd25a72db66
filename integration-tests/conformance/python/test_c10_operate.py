"""C10: operate with several ops on one record in one round trip."""

import aerospike
import pytest
from aerospike_helpers.operations import operations as op

from support import error_code


def test_increment_and_read_returns_the_new_value(env):
    key = env.key("c10", "incr")
    env.client.put(key, {"n": 10, "f": 1.25})
    _, meta, bins = env.client.operate(
        key, [op.increment("n", 5), op.increment("f", 0.5), op.read("n"), op.read("f")])
    assert bins == {"n": 15, "f": 1.75}
    assert meta["gen"] == 2
    # Incrementing a missing bin starts from zero.
    _, _, bins = env.client.operate(key, [op.increment("m", -3), op.read("m")])
    assert bins == {"m": -3}


def test_append_and_prepend(env):
    key = env.key("c10", "append")
    env.client.put(key, {"s": "middle", "b": bytearray(b"\x02")})
    env.client.operate(key, [op.append("s", ">"), op.prepend("s", "<"),
                             op.append("b", bytearray(b"\x03")),
                             op.prepend("b", bytearray(b"\x01"))])
    assert env.client.get(key)[2] == {"s": "<middle>", "b": b"\x01\x02\x03"}


def test_touch_op_resets_ttl_and_bumps_generation(env):
    key = env.key("c10", "touch")
    env.client.put(key, {"a": 1}, policy={"ttl": 100})
    env.client.operate(key, [op.touch()], policy={"ttl": 3000})
    _, meta, bins = env.client.get(key)
    assert bins == {"a": 1} and meta["gen"] == 2
    assert 2995 <= meta["ttl"] <= 3000


def test_delete_op_removes_the_record(env):
    key = env.key("c10", "delete")
    env.client.put(key, {"a": 1})
    env.client.operate(key, [op.delete()])
    with pytest.raises(aerospike.exception.RecordNotFound) as e:
        env.client.get(key)
    assert error_code(e) == 2


def test_delete_op_then_write_leaves_only_the_new_bins(env):
    key = env.key("c10", "delete-write")
    env.client.put(key, {"a": 1, "b": 2})
    env.client.operate(key, [op.delete(), op.write("c", 3)])
    _, meta, bins = env.client.get(key)
    assert bins == {"c": 3}
    # Delete-all clears the bins inside the same write: the record's generation keeps counting.
    assert meta["gen"] == 2


def test_write_and_read_in_one_operate(env):
    key = env.key("c10", "write-read")
    env.client.put(key, {"a": 1})
    _, meta, bins = env.client.operate(
        key, [op.write("w", "new"), op.increment("a", 1), op.read("w"), op.read("a")])
    assert bins == {"w": "new", "a": 2}
    assert meta["gen"] == 2
    assert env.client.get(key)[2] == {"a": 2, "w": "new"}
