"""C09: touch bumps the generation and resets the TTL; touching a missing record fails."""

import aerospike
import pytest

from support import error_code


def test_touch_bumps_generation_and_resets_ttl(env):
    key = env.key("c09", "touch")
    env.client.put(key, {"a": 1}, policy={"ttl": 100})
    env.client.touch(key, 5000)
    _, meta, bins = env.client.get(key)
    assert bins == {"a": 1}
    assert meta["gen"] == 2
    assert 4995 <= meta["ttl"] <= 5000


def test_touch_missing_record_is_not_found(env):
    key = env.key("c09", "missing")
    with pytest.raises(aerospike.exception.RecordNotFound) as e:
        env.client.touch(key, 100)
    assert error_code(e) == 2
    assert env.client.exists(key)[1] is None
