"""pyspark 4.3.0 reads and writes aerolite through the connector's Hadoop formats (docs/spark.md):
newAPIHadoopRDD with value.format=map gives Python dicts of bins, saveAsNewAPIHadoopDataset writes
dicts as records, and the examples in docs/spark.md run as printed."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import aerospike

from conftest import ROOT, connector_jar

NS = "test"
INPUT = "io.aerohadoop.mapreduce.AerospikeInputFormat"
OUTPUT = "io.aerohadoop.mapreduce.AerospikeOutputFormat"


def read_conf(seeds, set_name, **extra):
    conf = {"aerospike.input.hosts": seeds, "aerospike.input.namespace": NS,
            "aerospike.input.setname": set_name, "aerospike.input.value.format": "map"}
    conf.update(extra)
    return conf


def read(sc, seeds, set_name, **extra):
    return sc.newAPIHadoopRDD(INPUT, "io.aerohadoop.io.AerospikeKey", "org.apache.hadoop.io.MapWritable",
                              conf=read_conf(seeds, set_name, **extra))


def test_every_bin_type_reads_as_its_python_type(sc, seeds, client):
    geo = '{"type":"Point","coordinates":[2.35,48.85]}'
    client.put((NS, "typed", "k1"), {
        "i": -7, "d": 2.5, "s": "héllo", "b": bytearray(b"\x00\xff"), "t": True,
        "l": [1, "two", 3.0], "m": {"a": 1, "b": [2]}, "g": aerospike.GeoJSON(geo)},
        policy={"key": aerospike.POLICY_KEY_SEND})
    rows = read(sc, seeds, "typed").collect()
    assert len(rows) == 1
    key, bins = rows[0]
    assert key["namespace"] == NS and key["set"] == "typed" and key["userKey"] == "k1"
    assert bytes(key["digest"]) == aerospike.calc_digest(NS, "typed", "k1")
    assert bins["i"] == -7 and bins["d"] == 2.5 and bins["s"] == "héllo" and bins["t"] is True
    assert bytes(bins["b"]) == b"\x00\xff"
    # Lists arrive as tuples (pyspark pickles Java arrays so), as tuples are what it writes as lists.
    assert bins["l"] == (1, "two", 3.0)
    assert bins["m"] == {"a": 1, "b": (2,)}
    assert json.loads(bins["g"]) == json.loads(geo)


def test_every_record_is_read_once_with_projection_and_counts_match(sc, seeds, client):
    for i in range(500):
        client.put((NS, "people", i), {"name": f"p{i}", "age": i % 90, "city": ["Oslo", "Lima", "Rome"][i % 3]},
                   policy={"key": aerospike.POLICY_KEY_SEND})
    rdd = read(sc, seeds, "people", **{"aerospike.input.binnames": "age,city", "aerospike.input.splits": "4"})
    rows = rdd.map(lambda kv: (kv[0]["userKey"], kv[1])).collect()
    assert sorted(k for k, _ in rows) == list(range(500))
    assert all(set(bins) == {"age", "city"} for _, bins in rows)
    by_city = dict(rdd.map(lambda kv: (kv[1]["city"], 1)).reduceByKey(lambda a, b: a + b).collect())
    assert by_city == {"Oslo": 167, "Lima": 167, "Rome": 166}


def test_dicts_are_written_as_records_under_their_keys(sc, seeds, client):
    data = [(f"w{i}", {"n": i, "sq": i * i * 0.5, "name": f"row {i}", "tags": ("x", str(i)),
                       "blob": bytearray([i]), "ok": i % 2 == 0, "m": {"k": i}}) for i in range(50)]
    conf = {"mapreduce.job.outputformat.class": OUTPUT,
            "mapreduce.job.output.key.class": "org.apache.hadoop.io.Text",
            "mapreduce.job.output.value.class": "org.apache.hadoop.io.MapWritable",
            "aerospike.output.hosts": seeds, "aerospike.output.namespace": NS,
            "aerospike.output.setname": "written"}
    sc.parallelize(data, 3).saveAsNewAPIHadoopDataset(conf=conf)
    for key, bins in data:
        _, meta, stored = client.get((NS, "written", key))
        assert stored == {"n": bins["n"], "sq": bins["sq"], "name": bins["name"], "tags": list(bins["tags"]),
                          "blob": bytes(bins["blob"]), "ok": bins["ok"], "m": bins["m"]}, key


def example(language: str) -> str:
    """The docs/spark.md code block fenced as ```<language> that follows "<!-- tested -->"."""
    text = (ROOT / "docs" / "spark.md").read_text()
    m = re.search(r"<!-- tested -->\s*```" + language + r"\n(.*?)```", text, re.S)
    assert m, f"docs/spark.md has no tested {language} example"
    return m.group(1)


def test_the_python_example_of_docs_spark_md_runs(sc, seeds, client, capsys, monkeypatch):
    for i in range(10):
        client.put((NS, "events", i), {"user": f"u{i % 3}", "clicks": i})
    monkeypatch.setenv("AEROSPIKE_HOSTS", seeds)
    exec(compile(example("python"), "docs/spark.md", "exec"), {})
    out = capsys.readouterr().out
    # u0: 0+3+6+9, u1: 1+4+7, u2: 2+5+8
    assert "u0 18" in out and "u1 12" in out and "u2 15" in out
    _, _, stored = client.get((NS, "clicks_per_user", "u0"))
    assert stored == {"clicks": 18}


def test_the_java_example_of_docs_spark_md_compiles_and_runs_with_spark_submit(seeds, client, tmp_path):
    for i in range(10):
        client.put((NS, "events", i), {"user": f"u{i % 3}", "clicks": i})
    import pyspark
    spark_jars = Path(pyspark.__file__).parent / "jars"
    src = tmp_path / "src" / "ClicksPerUser.java"
    src.parent.mkdir()
    src.write_text(example("java"))
    classes = tmp_path / "classes"
    cp = os.pathsep.join([str(connector_jar()), str(spark_jars / "*")])
    subprocess.run(["javac", "--release", "17", "-cp", cp, "-d", str(classes), str(src)], check=True)
    jar = tmp_path / "clicks.jar"
    subprocess.run(["jar", "cf", str(jar), "-C", str(classes), "."], check=True)
    env = dict(os.environ, AEROSPIKE_HOSTS=seeds, SPARK_LOCAL_IP="127.0.0.1")
    run = subprocess.run(["spark-submit", "--master", "local[2]", "--conf", "spark.ui.enabled=false",
                          "--jars", str(connector_jar()), "--class", "ClicksPerUser", str(jar)],
                         env=env, capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr[-4000:]
    assert "u0 18" in run.stdout and "u1 12" in run.stdout and "u2 15" in run.stdout, run.stdout


def test_value_format_json_gives_a_json_string_per_record(sc, seeds, client):
    client.put((NS, "jsonset", "j1"), {"a": 1, "b": "x", "l": [1, 2]})
    rows = sc.newAPIHadoopRDD(INPUT, "io.aerohadoop.io.AerospikeKey", "org.apache.hadoop.io.Text",
                              conf=read_conf(seeds, "jsonset", **{"aerospike.input.value.format": "json"})).collect()
    assert [json.loads(v) for _, v in rows] == [{"a": 1, "b": "x", "l": [1, 2]}]


def test_a_python_list_value_is_refused_by_pysparks_converter(sc, seeds):
    import pytest
    conf = {"mapreduce.job.outputformat.class": OUTPUT,
            "mapreduce.job.output.key.class": "org.apache.hadoop.io.Text",
            "mapreduce.job.output.value.class": "org.apache.hadoop.io.MapWritable",
            "aerospike.output.hosts": seeds, "aerospike.output.namespace": NS, "aerospike.output.setname": "refused"}
    with pytest.raises(Exception, match="java.util.ArrayList cannot be used"):
        sc.parallelize([("k", {"l": [1, 2]})], 1).saveAsNewAPIHadoopDataset(conf=conf)
