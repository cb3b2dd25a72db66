"""C08: deleting records, missing records and durable deletes."""

import aerospike
import pytest

from support import error_code


def test_delete_existing_record(env):
    key = env.key("c08", "existing")
    env.client.put(key, {"a": 1})
    env.client.remove(key)
    with pytest.raises(aerospike.exception.RecordNotFound):
        env.client.get(key)
    # The key can be written again from scratch: generation starts over.
    env.client.put(key, {"b": 2})
    _, meta, bins = env.client.get(key)
    assert bins == {"b": 2} and meta["gen"] == 1


def test_delete_missing_record_is_not_found(env):
    with pytest.raises(aerospike.exception.RecordNotFound) as e:
        env.client.remove(env.key("c08", "missing"))
    assert error_code(e) == 2


def test_durable_delete_is_enterprise_only_and_keeps_the_record(env):
    # Community Edition 8.1 refuses durable deletes (`validate_delete_durability`): 25.
    key = env.key("c08", "durable")
    env.client.put(key, {"a": 1})
    with pytest.raises(aerospike.exception.AerospikeError) as e:
        env.client.remove(key, policy={"durable_delete": True})
    assert error_code(e) == 25
    assert env.client.get(key)[2] == {"a": 1}
