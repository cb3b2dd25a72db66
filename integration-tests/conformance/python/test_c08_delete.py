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


def test_durable_delete_removes_the_record(env):
    # A real Community Edition 8.1 answers 25 (ENTERPRISE_ONLY) to a durable delete; aerolite
    # serves it as Enterprise Edition does, so that the connector's durable-delete option can be
    # tested (see aerolite/src/command.rs `delete`).
    key = env.key("c08", "durable")
    env.client.put(key, {"a": 1})
    env.client.remove(key, policy={"durable_delete": True})
    assert env.client.exists(key)[1] is None
    with pytest.raises(aerospike.exception.RecordNotFound) as e:
        env.client.remove(key, policy={"durable_delete": True})
    assert error_code(e) == 2
