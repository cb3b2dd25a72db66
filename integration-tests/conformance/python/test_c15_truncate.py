"""C15: truncating a set empties it and leaves other sets alone."""

import aerospike

from support import scan_records, user_keys, wait_until


def test_truncate_empties_the_set_and_spares_another(env):
    doomed, kept = env.set_name("c15a"), env.set_name("c15b")
    send = {"key": aerospike.POLICY_KEY_SEND}
    for i in range(50):
        env.client.put(("test", doomed, i), {"n": i}, policy=send)
        env.client.put(("test", kept, i), {"n": i}, policy=send)
    assert len(scan_records(env.client, doomed)) == 50
    env.client.truncate("test", doomed, 0)
    wait_until(lambda: not scan_records(env.client, doomed), 5, "truncated set to scan empty")
    assert env.client.exists(("test", doomed, 7))[1] is None
    assert sorted(user_keys(scan_records(env.client, kept))) == list(range(50))
    # The set is usable again after the truncate.
    env.client.put(("test", doomed, "after"), {"n": -1}, policy=send)
    assert user_keys(scan_records(env.client, doomed)) == ["after"]
