"""C14: filter expressions select exactly the expected records in scans and gate
single-record commands (27 FILTERED_OUT)."""

import time

import aerospike
import pytest
from aerospike_helpers import expressions as exp

from support import error_code, scan_records, user_keys

N = 20


@pytest.fixture
def expr_set(env):
    """Records 0..N-1: n = i, f = i / 2, parity = "even"/"odd", third = (i % 3 == 0).
    0..9 are written first with TTL 1000; 10..19 a moment later with TTL 5000. The fixture
    returns the set and the wall clock (ns) between the two groups."""
    set_name = env.set_name("c14")
    send = {"key": aerospike.POLICY_KEY_SEND}

    def write(i, ttl):
        bins = {"n": i, "f": i / 2, "parity": "even" if i % 2 == 0 else "odd",
                "third": i % 3 == 0}
        env.client.put(("test", set_name, i), bins, policy=dict(send, ttl=ttl))

    for i in range(10):
        write(i, 1000)
    time.sleep(0.05)
    between_ns = time.time_ns()
    time.sleep(0.05)
    for i in range(10, N):
        write(i, 5000)
    return set_name, between_ns


def matching(env, set_name, expression):
    recs = scan_records(env.client, set_name, {"expressions": expression.compile()})
    return sorted(user_keys(recs))


CASES = {
    "int_gt": (exp.GT(exp.IntBin("n"), 14), lambda i: i > 14),
    "float_le": (exp.LE(exp.FloatBin("f"), 2.5), lambda i: i / 2 <= 2.5),
    "string_eq": (exp.Eq(exp.StrBin("parity"), "odd"), lambda i: i % 2 == 1),
    "bool_eq": (exp.Eq(exp.BoolBin("third"), True), lambda i: i % 3 == 0),
    "and": (exp.And(exp.GE(exp.IntBin("n"), 5), exp.Eq(exp.StrBin("parity"), "even"),
                    exp.Not(exp.Eq(exp.BoolBin("third"), True))),
            lambda i: i >= 5 and i % 2 == 0 and i % 3 != 0),
    "or": (exp.Or(exp.LT(exp.IntBin("n"), 2), exp.GT(exp.FloatBin("f"), 8.5)),
           lambda i: i < 2 or i / 2 > 8.5),
    "not": (exp.Not(exp.Eq(exp.StrBin("parity"), "even")), lambda i: i % 2 == 1),
    "ttl": (exp.LT(exp.TTL(), 2000), lambda i: i < 10),
    "missing_bin": (exp.GT(exp.IntBin("nope"), 0), lambda i: False),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_scan_filter_selects_exactly_the_expected_records(env, expr_set, case):
    set_name, _ = expr_set
    expression, want = CASES[case]
    assert matching(env, set_name, expression) == [i for i in range(N) if want(i)]


def test_last_update_filter_splits_the_two_write_groups(env, expr_set):
    set_name, between_ns = expr_set
    newer = exp.GT(exp.LastUpdateTime(), between_ns)
    assert matching(env, set_name, newer) == list(range(10, N))
    assert matching(env, set_name, exp.Not(newer)) == list(range(10))


def test_get_with_a_false_filter_is_filtered_out(env, expr_set):
    set_name, _ = expr_set
    key = ("test", set_name, 3)
    policy = {"expressions": exp.GT(exp.IntBin("n"), 10).compile()}
    with pytest.raises(aerospike.exception.FilteredOut) as e:
        env.client.get(key, policy=policy)
    assert error_code(e) == 27
    assert env.client.get(("test", set_name, 13), policy=policy)[2]["n"] == 13


def test_write_with_a_false_filter_changes_nothing(env, expr_set):
    set_name, _ = expr_set
    key = ("test", set_name, 4)
    gen_before = env.client.exists(key)[1]["gen"]
    policy = {"expressions": exp.Eq(exp.StrBin("parity"), "odd").compile()}
    with pytest.raises(aerospike.exception.FilteredOut) as e:
        env.client.put(key, {"n": -1}, policy=policy)
    assert error_code(e) == 27
    _, meta, bins = env.client.get(key)
    assert bins["n"] == 4 and meta["gen"] == gen_before
