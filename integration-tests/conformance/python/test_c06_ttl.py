"""C06: record TTLs (never, n seconds, don't-update, namespace default) and expiry."""

import time

import aerospike
import pytest

from support import DEFAULT_TTL, NEVER_EXPIRES, error_code, scan_records, user_keys


def ttl_of(env, key):
    return env.client.exists(key)[1]["ttl"]


def test_ttl_never_expire(env):
    key = env.key("c06", "never")
    env.client.put(key, {"a": 1}, policy={"ttl": aerospike.TTL_NEVER_EXPIRE})
    assert ttl_of(env, key) == NEVER_EXPIRES


def test_ttl_in_seconds(env):
    key = env.key("c06", "seconds")
    env.client.put(key, {"a": 1}, policy={"ttl": 1234})
    assert 1229 <= ttl_of(env, key) <= 1234


def test_ttl_dont_update_keeps_the_expiry(env):
    key = env.key("c06", "dont-update")
    env.client.put(key, {"a": 1}, policy={"ttl": 1000})
    env.client.put(key, {"a": 2}, policy={"ttl": aerospike.TTL_DONT_UPDATE})
    _, meta, bins = env.client.get(key)
    assert bins == {"a": 2} and meta["gen"] == 2
    assert 995 <= meta["ttl"] <= 1000


def test_ttl_zero_is_the_namespace_default(env):
    key = env.key("c06", "ns-default")
    env.client.put(key, {"a": 1}, policy={"ttl": aerospike.TTL_NAMESPACE_DEFAULT})
    assert DEFAULT_TTL - 5 <= ttl_of(env, key) <= DEFAULT_TTL


def test_expired_record_is_gone_from_gets_and_scans(env):
    set_name = env.set_name("c06x")
    short = ("test", set_name, "short")
    keep = ("test", set_name, "keep")
    policy = {"key": aerospike.POLICY_KEY_SEND}
    env.client.put(short, {"a": 1}, policy=dict(policy, ttl=1))
    env.client.put(keep, {"a": 2}, policy=policy)
    assert sorted(user_keys(scan_records(env.client, set_name))) == ["keep", "short"]
    time.sleep(2.5)
    with pytest.raises(aerospike.exception.RecordNotFound) as e:
        env.client.get(short)
    assert error_code(e) == 2
    assert env.client.exists(short)[1] is None
    assert user_keys(scan_records(env.client, set_name)) == ["keep"]
