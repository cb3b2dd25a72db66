package io.aerohadoop.conformance;

import com.aerospike.client.AerospikeClient;
import io.aerohadoop.testing.Aerolite;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The 1-node and the 3-node (RF 2) aerolite every parameterized case runs against, started on
 * first use and shared by all test classes of the JVM; a shutdown hook stops them.
 */
final class SharedClusters {
    static final String ONE_NODE = "one_node";
    static final String THREE_NODES = "three_nodes";

    private static final Map<String, ClusterEnv> STARTED = new HashMap<>();

    private SharedClusters() {}

    static synchronized ClusterEnv get(String name) throws IOException {
        ClusterEnv env = STARTED.get(name);
        if (env == null) {
            env = start(name);
            STARTED.put(name, env);
            ClusterEnv started = env;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-" + name));
        }
        return env;
    }

    private static ClusterEnv start(String name) throws IOException {
        int nodes = THREE_NODES.equals(name) ? 3 : 1;
        int rf = THREE_NODES.equals(name) ? 2 : 1;
        Aerolite aerolite = Aerolite.builder().nodes(nodes).replicationFactor(rf).start();
        try {
            AerospikeClient client = Clients.connect(aerolite.seeds(), nodes, Clients.policy());
            return new ClusterEnv(name, nodes, rf, aerolite, client);
        } catch (RuntimeException e) {
            aerolite.close();
            throw e;
        }
    }
}
