package io.aerohadoop.it;

import com.aerospike.client.AerospikeClient;
import io.aerohadoop.testing.Aerolite;
import io.aerohadoop.testing.ClusterWithClient;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;

/**
 * An aerolite cluster plus an Aerospike Java client that has discovered every node: the client loads
 * and checks data independently of the connector under test.
 */
final class ClusterFixture implements AutoCloseable {
    static final String NAMESPACE = "test";

    private final ClusterWithClient cluster;
    final Aerolite aerolite;
    final AerospikeClient client;

    private ClusterFixture(ClusterWithClient cluster) {
        this.cluster = cluster;
        this.aerolite = cluster.aerolite;
        this.client = cluster.client;
    }

    static ClusterFixture start(int nodes, int replicationFactor) throws IOException {
        return new ClusterFixture(ClusterWithClient.start(nodes, replicationFactor));
    }
    /**
     * The predecessor's connection keys, as a user sets them: one seed ({@code host}, {@code port})
     * from which the connector discovers the other nodes.
     */
    void setInput(Configuration conf, String set) {
        conf.set("aerospike.input.host", "127.0.0.1");
        conf.setInt("aerospike.input.port", aerolite.port(0));
        conf.set("aerospike.input.namespace", NAMESPACE);
        conf.set("aerospike.input.setname", set);
    }

    /** The predecessor's output keys, as a user sets them: one seed, the namespace, the set. */
    void setOutput(Configuration conf, String set) {
        conf.set("aerospike.output.host", "127.0.0.1");
        conf.setInt("aerospike.output.port", aerolite.port(0));
        conf.set("aerospike.output.namespace", NAMESPACE);
        conf.set("aerospike.output.setname", set);
    }

    @Override
    public void close() {
        cluster.close();
    }
}
