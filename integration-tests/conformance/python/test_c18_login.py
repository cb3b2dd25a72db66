"""C18: an aerolite started with --user/--password lets the right password in and refuses a
wrong one with 65 (INVALID_CREDENTIAL)."""

import aerospike
import pytest

from aerolite_process import AeroliteProcess
from support import connect, error_code

USER, PASSWORD = "conformance", "s3cret-pw"


@pytest.fixture(scope="module")
def secured(tmp_path_factory):
    log = tmp_path_factory.mktemp("aerolite-login") / "aerolite.log"
    proc = AeroliteProcess(1, 1, log, ("--user", USER, "--password", PASSWORD)).start()
    yield proc
    proc.stop()


def test_right_password_logs_in_and_can_read_and_write(secured):
    client = connect(secured.hosts, 1, user=USER, password=PASSWORD)
    try:
        key = ("test", "c18", "k")
        client.put(key, {"who": USER})
        assert client.get(key)[2] == {"who": USER}
    finally:
        client.close()


def test_wrong_password_is_refused_with_65(secured):
    # aerospike 19 connects in the constructor.
    with pytest.raises(aerospike.exception.InvalidCredential) as e:
        aerospike.client({"hosts": secured.hosts, "user": USER, "password": "wrong"}).connect()
    assert error_code(e) == 65


def test_unknown_user_is_refused_with_65(secured):
    with pytest.raises(aerospike.exception.InvalidCredential) as e:
        aerospike.client({"hosts": secured.hosts, "user": "mallory", "password": PASSWORD})
    assert error_code(e) == 65
