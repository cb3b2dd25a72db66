package io.aerohadoop.conformance;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.Key;
import io.aerohadoop.testing.Aerolite;

/** A running aerolite cluster and a client connected to it. Each case writes to sets of its own. */
final class ClusterEnv implements AutoCloseable {
    static final String NAMESPACE = "test";

    final String name;
    final int nodes;
    final int rf;
    final Aerolite aerolite;
    final AerospikeClient client;

    ClusterEnv(String name, int nodes, int rf, Aerolite aerolite, AerospikeClient client) {
        this.name = name;
        this.nodes = nodes;
        this.rf = rf;
        this.aerolite = aerolite;
        this.client = client;
    }

    /** The set a case uses on this cluster, e.g. {@code c02_three_nodes}. */
    String set(String caseName) {
        return caseName + "_" + name;
    }

    Key key(String caseName, String userKey) {
        return new Key(NAMESPACE, set(caseName), userKey);
    }

    Key key(String caseName, long userKey) {
        return new Key(NAMESPACE, set(caseName), userKey);
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            aerolite.close();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
