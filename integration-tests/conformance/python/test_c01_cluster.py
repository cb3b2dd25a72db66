"""C01: the client sees every node of the cluster, each under its own name."""

from support import connect, info_per_node, node_names


def test_client_sees_every_node_with_a_distinct_name(env):
    names = node_names(env.client)
    assert len(names) == env.nodes
    assert len(set(names)) == env.nodes
    # Each node answers `node` with the name the client tracks it under.
    answers = info_per_node(env.client, "node")
    assert sorted(answers) == names
    assert all(answers[n] == n for n in names)


def test_one_seed_is_enough_to_discover_every_node(env):
    client = connect(env.process.hosts[:1], env.nodes)
    try:
        assert node_names(client) == node_names(env.client)
        seen_ports = sorted(n["port"] for n in client.get_node_names())
        assert seen_ports == sorted(port for _, port in env.process.hosts)
    finally:
        client.close()
