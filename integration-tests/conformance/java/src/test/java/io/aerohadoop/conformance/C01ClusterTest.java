package io.aerohadoop.conformance;

import static org.junit.Assert.assertEquals;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.cluster.Node;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.Test;

/** C01: the client sees every node of the cluster, each under its own name. */
public class C01ClusterTest extends ClusterCase {
    private static Set<String> names(AerospikeClient client) {
        return Arrays.stream(client.getNodes()).map(Node::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    public void clientSeesEveryNodeWithADistinctName() {
        Node[] nodes = env.client.getNodes();
        assertEquals(env.nodes, nodes.length);
        Set<String> names = names(env.client);
        assertEquals(env.nodes, names.size());
        Map<String, String> answers = InfoAnswers.perNode(env.client, "node");
        for (Map.Entry<String, String> e : answers.entrySet()) {
            assertEquals(e.getKey(), e.getValue());
        }
        assertEquals(names, answers.keySet());
    }

    @Test
    public void oneSeedIsEnoughToDiscoverEveryNode() {
        try (AerospikeClient client = Clients.connect(env.aerolite.host(0), env.nodes, Clients.policy())) {
            assertEquals(names(env.client), names(client));
            Set<Integer> ports = Arrays.stream(client.getNodes()).map(n -> n.getHost().port)
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<Integer> expected = Arrays.stream(env.aerolite.ports()).boxed()
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(expected, ports);
        }
    }
}
