"""C07: a key sent with the write is stored and comes back from scans; otherwise none."""

import aerospike

from support import scan_records


def test_scan_returns_stored_user_keys_only_for_send_key_writes(env):
    set_name = env.set_name("c07")
    send = {"key": aerospike.POLICY_KEY_SEND}
    env.client.put(("test", set_name, "str-key"), {"k": "sent"}, policy=send)
    env.client.put(("test", set_name, 12345), {"k": "sent-int"}, policy=send)
    env.client.put(("test", set_name, "digest-only"), {"k": "not-sent"})
    by_bin = {rec[2]["k"]: rec[0] for rec in scan_records(env.client, set_name)}
    assert set(by_bin) == {"sent", "sent-int", "not-sent"}
    assert by_bin["sent"][2] == "str-key"
    assert by_bin["sent-int"][2] == 12345
    assert by_bin["not-sent"][2] is None
    # The digest is always there and matches the key the record was written under.
    assert by_bin["not-sent"][3] == aerospike.calc_digest("test", set_name, "digest-only")
