"""C19: error results: an unknown namespace, and an increment of a string bin (12)."""

import aerospike
import pytest
from aerospike_helpers.operations import operations as op

from support import error_code


def test_unknown_namespace_is_namespace_not_found(env):
    # The C client under the Python one looks the namespace up in its partition map and fails
    # with 20 ("Invalid namespace") before anything is sent.
    for call in (lambda: env.client.put(("nope", "s", "k"), {"a": 1}),
                 lambda: env.client.get(("nope", "s", "k"))):
        with pytest.raises(aerospike.exception.NamespaceNotFound) as e:
            call()
        assert error_code(e) == 20
        assert "nope" in e.value.msg


def test_increment_of_a_string_bin_is_bin_incompatible_type(env):
    key = env.key("c19", "incr-str")
    env.client.put(key, {"s": "text"})
    with pytest.raises(aerospike.exception.BinIncompatibleType) as e:
        env.client.operate(key, [op.increment("s", 1)])
    assert error_code(e) == 12
    _, meta, bins = env.client.get(key)
    assert bins == {"s": "text"} and meta["gen"] == 1
