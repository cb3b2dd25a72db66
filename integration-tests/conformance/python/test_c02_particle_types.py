"""C02: every particle type round-trips exactly; writing null deletes a bin."""

import aerospike
import pytest

from support import error_code

GEO_POINT = {"type": "Point", "coordinates": [-122.5, 37.25]}

VALUES = {
    "int": 42,
    "int_min": -(2**63),
    "int_max": 2**63 - 1,
    "float": 3.141592653589793,
    "float_neg": -1.5e-300,
    "str": "héllo wörld ✓",
    "str_empty": "",
    "blob": bytes(range(256)),
    "bool_t": True,
    "bool_f": False,
    "list": [1, "two", 3.5, [b"\x00\xff", False], {"k": "v"}],
    "map": {"a": 1, "b": [1, 2], "c": {"nested": "yes"}, 7: "int key"},
}


def test_every_particle_type_round_trips(env):
    key = env.key("c02", "all-types")
    bins = dict(VALUES, geo=aerospike.GeoJSON(GEO_POINT))
    env.client.put(key, bins)
    _, meta, got = env.client.get(key)
    assert meta["gen"] == 1
    geo = got.pop("geo")
    assert isinstance(geo, aerospike.GeoJSON)
    assert geo.unwrap() == GEO_POINT
    assert got == VALUES
    # Types, not only values: a bool must not come back as an int, a blob not as a str.
    assert {k: type(v) for k, v in got.items()} == {k: type(v) for k, v in VALUES.items()}


def test_null_write_deletes_the_bin_and_the_last_bin_deletes_the_record(env):
    key = env.key("c02", "nulls")
    env.client.put(key, {"a": 1, "b": "two"})
    env.client.put(key, {"b": aerospike.null()})
    _, meta, got = env.client.get(key)
    assert got == {"a": 1}
    assert meta["gen"] == 2
    env.client.put(key, {"a": aerospike.null()})
    with pytest.raises(aerospike.exception.RecordNotFound) as e:
        env.client.get(key)
    assert error_code(e) == 2
