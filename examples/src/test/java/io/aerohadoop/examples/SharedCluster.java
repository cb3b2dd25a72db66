package io.aerohadoop.examples;

import com.aerospike.client.AerospikeClient;
import io.aerohadoop.testing.Aerolite;
import io.aerohadoop.testing.ClusterWithClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;

/**
 * One 3-node aerolite cluster (replication factor 2) for every test class of this project: the
 * classes run in one JVM and use sets of their own. Started by the first test that asks, stopped
 * when the JVM exits. The Aerospike Java client loads input and reads output back independently of
 * the connector.
 */
final class SharedCluster {
    static final String NAMESPACE = "test";
    private static final int NODES = 3;
    private static SharedCluster instance;

    private final ClusterWithClient cluster;
    final Aerolite aerolite;
    final AerospikeClient client;

    private SharedCluster(ClusterWithClient cluster) {
        this.cluster = cluster;
        this.aerolite = cluster.aerolite;
        this.client = cluster.client;
    }

    static synchronized SharedCluster get() {
        if (instance == null) {
            try {
                instance = new SharedCluster(ClusterWithClient.start(NODES, 2));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ClusterWithClient started = instance.cluster;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "aerolite-shutdown"));
        }
        return instance;
    }

    /** The predecessor's input keys, as a user passes them: one seed, the connector finds the rest. */
    void setInput(Configuration conf, String set) {
        conf.set("aerospike.input.host", "127.0.0.1");
        conf.setInt("aerospike.input.port", aerolite.port(0));
        conf.set("aerospike.input.namespace", NAMESPACE);
        conf.set("aerospike.input.setname", set);
    }

    /** The predecessor's output keys. */
    void setOutput(Configuration conf, String set) {
        conf.set("aerospike.output.host", "127.0.0.1");
        conf.setInt("aerospike.output.port", aerolite.port(1));
        conf.set("aerospike.output.namespace", NAMESPACE);
        conf.set("aerospike.output.setname", set);
    }
}
