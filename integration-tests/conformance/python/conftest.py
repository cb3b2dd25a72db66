"""Session fixtures: a 1-node and a 3-node (RF 2) aerolite, each with a connected client.

Tests take the `env` fixture to run once against each cluster. Every test writes to sets of
its own (`Env.set_name`), so the shared clusters need no cleanup between tests.
"""

from __future__ import annotations

import pytest

from aerolite_process import AeroliteProcess
from support import DEFAULT_TTL, Env, connect

SHAPES = {
    "n1": dict(nodes=1, rf=1),
    "n3": dict(nodes=3, rf=2),
}


def start_env(name: str, tmp_path_factory, extra_args=(), **client_config) -> Env:
    shape = SHAPES[name]
    log = tmp_path_factory.mktemp(f"aerolite-{name}") / "aerolite.log"
    proc = AeroliteProcess(shape["nodes"], shape["rf"], log,
                           ("--default-ttl", str(DEFAULT_TTL), *extra_args)).start()
    try:
        client = connect(proc.hosts, shape["nodes"], **client_config)
    except Exception:
        proc.stop()
        raise
    return Env(name, shape["nodes"], shape["rf"], proc, client)


def stop_env(env: Env) -> None:
    try:
        env.client.close()
    finally:
        env.process.stop()


@pytest.fixture(scope="session")
def one_node(tmp_path_factory):
    env = start_env("n1", tmp_path_factory)
    yield env
    stop_env(env)


@pytest.fixture(scope="session")
def three_nodes(tmp_path_factory):
    env = start_env("n3", tmp_path_factory)
    yield env
    stop_env(env)


@pytest.fixture(params=["one_node", "three_nodes"])
def env(request) -> Env:
    return request.getfixturevalue(request.param)
