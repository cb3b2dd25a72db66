"""Fixtures of the Spark suite: a 3-node aerolite (RF 2), the official Python client on it, the
connector jar, and one local-mode SparkContext that has the jar (spark.jars) for every test.

Offline: Spark binds and talks to 127.0.0.1 only; the jar is a local file.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import time
from pathlib import Path

import aerospike
import pytest

ROOT = Path(__file__).resolve().parents[2]
READY = "aerolite ready "


def connector_jar() -> Path:
    """java-shim's jar (`gradle --no-daemon :java-shim:jar`), or $AEROHADOOP_JAR."""
    override = os.environ.get("AEROHADOOP_JAR")
    if override:
        return Path(override)
    jars = sorted((ROOT / "java-shim" / "build" / "libs").glob("aerohadoop-*.jar"))
    jars = [j for j in jars if not j.name.endswith(("-sources.jar", "-javadoc.jar"))]
    if not jars:
        raise FileNotFoundError("no connector jar; run `gradle --no-daemon :java-shim:jar` first")
    return jars[-1]


@pytest.fixture(scope="session")
def seeds(tmp_path_factory):
    """Starts aerolite on free ports; yields its seed list `127.0.0.1:P,127.0.0.1:P+10,...`."""
    binary = Path(os.environ.get("AEROLITE_BIN", ROOT / "target" / "release" / "aerolite"))
    log = open(tmp_path_factory.mktemp("aerolite") / "aerolite.log", "wb")
    proc = subprocess.Popen(
        [str(binary), "--nodes", "3", "--port", "0", "--replication-factor", "2"],
        stdout=subprocess.PIPE, stderr=log)
    try:
        deadline = time.monotonic() + 30
        line = b""
        while not line.startswith(READY.encode()):
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("aerolite did not start; see " + log.name)
            ready, _, _ = select.select([proc.stdout], [], [], 0.5)
            if ready:
                line = proc.stdout.readline()
        yield line.decode().strip()[len(READY):]
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="session")
def client(seeds):
    hosts = [(h, int(p)) for h, p in (s.rsplit(":", 1) for s in seeds.split(","))]
    c = aerospike.client({"hosts": hosts, "policies": {"timeout": 5000}}).connect()
    yield c
    c.close()


@pytest.fixture(scope="session")
def sc(seeds):
    """One local SparkContext with the connector jar; examples from docs/spark.md reuse it
    (SparkContext.getOrCreate)."""
    from pyspark import SparkConf, SparkContext

    conf = (SparkConf().setMaster("local[2]").setAppName("aerohadoop-spark-it")
            .set("spark.jars", str(connector_jar()))
            .set("spark.ui.enabled", "false")
            .set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1"))
    context = SparkContext.getOrCreate(conf)
    yield context
    context.stop()
