"""C04: the record-exists actions of a write (create-only, update-only, replace, ...)."""

import aerospike
import pytest

from support import error_code


def policy(exists):
    return {"exists": exists}


def test_create_only_on_an_existing_record_is_record_exists(env):
    key = env.key("c04", "create-only")
    env.client.put(key, {"a": 1}, policy=policy(aerospike.POLICY_EXISTS_CREATE))
    with pytest.raises(aerospike.exception.RecordExistsError) as e:
        env.client.put(key, {"a": 2}, policy=policy(aerospike.POLICY_EXISTS_CREATE))
    assert error_code(e) == 5
    assert env.client.get(key)[2] == {"a": 1}


def test_update_only_on_a_missing_record_is_not_found(env):
    key = env.key("c04", "update-only-missing")
    with pytest.raises(aerospike.exception.RecordNotFound) as e:
        env.client.put(key, {"a": 1}, policy=policy(aerospike.POLICY_EXISTS_UPDATE))
    assert error_code(e) == 2
    assert env.client.exists(key)[1] is None


def test_update_only_and_default_writes_merge_bins(env):
    key = env.key("c04", "merge")
    env.client.put(key, {"a": 1, "b": 2})
    env.client.put(key, {"b": 20, "c": 30}, policy=policy(aerospike.POLICY_EXISTS_UPDATE))
    env.client.put(key, {"d": 40})
    _, meta, bins = env.client.get(key)
    assert bins == {"a": 1, "b": 20, "c": 30, "d": 40}
    assert meta["gen"] == 3


def test_replace_drops_the_other_bins(env):
    key = env.key("c04", "replace")
    env.client.put(key, {"a": 1, "b": 2})
    env.client.put(key, {"c": 3}, policy=policy(aerospike.POLICY_EXISTS_CREATE_OR_REPLACE))
    _, meta, bins = env.client.get(key)
    assert bins == {"c": 3}
    assert meta["gen"] == 2
    env.client.put(key, {"d": 4}, policy=policy(aerospike.POLICY_EXISTS_REPLACE))
    assert env.client.get(key)[2] == {"d": 4}


def test_replace_only_on_a_missing_record_is_not_found(env):
    key = env.key("c04", "replace-only-missing")
    with pytest.raises(aerospike.exception.RecordNotFound) as e:
        env.client.put(key, {"a": 1}, policy=policy(aerospike.POLICY_EXISTS_REPLACE))
    assert error_code(e) == 2
    assert env.client.exists(key)[1] is None


def test_create_or_replace_creates_a_missing_record(env):
    key = env.key("c04", "create-or-replace")
    env.client.put(key, {"a": 1}, policy=policy(aerospike.POLICY_EXISTS_CREATE_OR_REPLACE))
    assert env.client.get(key)[2] == {"a": 1}
