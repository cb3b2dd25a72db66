"""C16: info answers agree with the data: set and namespace object counts, sindex-list,
statistics."""

import aerospike

from support import NAMESPACE, info_per_node, info_values, scan_records


def test_set_object_counts_add_up_to_records_times_replication_factor(env):
    set_name = env.set_name("c16s")
    for i in range(120):
        env.client.put(("test", set_name, i), {"n": i})
    answers = info_per_node(env.client, f"sets/{NAMESPACE}/{set_name}")
    assert len(answers) == env.nodes
    objects = [int(info_values(a)["objects"]) for a in answers.values()]
    assert sum(objects) == 120 * env.rf
    if env.nodes > 1:
        # Every node holds a share, none holds everything.
        assert all(0 < n < 120 for n in objects)


def test_namespace_info_reports_cluster_shape_and_objects(env):
    env.client.put(("test", env.set_name("c16n"), "one"), {"n": 1})
    answers = {n: info_values(a) for n, a in info_per_node(env.client, "namespace/test").items()}
    total = len(scan_records(env.client, None))
    for values in answers.values():
        assert int(values["ns_cluster_size"]) == env.nodes
        assert int(values["replication-factor"]) == env.rf
        assert int(values["effective_replication_factor"]) == env.rf
    masters = sum(int(v["master_objects"]) for v in answers.values())
    objects = sum(int(v["objects"]) for v in answers.values())
    assert masters == total
    assert objects == total * env.rf
    nope = info_per_node(env.client, "namespace/nope")
    assert set(nope.values()) == {"type=unknown"}


def test_sindex_list_shows_an_index_on_every_node(env):
    set_name = env.set_name("c16i")
    name = f"{set_name}_ix"
    env.client.put(("test", set_name, 1), {"n": 1})
    env.client.index_single_value_create("test", set_name, "n", aerospike.INDEX_NUMERIC, name)
    try:
        for answer in info_per_node(env.client, "sindex-list:ns=test").values():
            entries = [info_values(e) for e in answer.split(";") if e]
            mine = [e for e in entries if e.get("indexname") == name]
            assert len(mine) == 1
            assert mine[0]["ns"] == "test" and mine[0]["set"] == set_name
            assert mine[0]["bin"] == "n" and mine[0]["type"] == "numeric"
            assert mine[0]["state"] == "RW"
    finally:
        env.client.index_remove("test", name)


def test_statistics_reports_the_cluster_size(env):
    for answer in info_per_node(env.client, "statistics").values():
        assert int(info_values(answer)["cluster_size"]) == env.nodes
