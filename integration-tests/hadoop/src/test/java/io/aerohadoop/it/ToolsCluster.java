package io.aerohadoop.it;

import com.aerospike.client.AerospikeClient;
import io.aerohadoop.testing.Aerolite;
import io.aerohadoop.testing.ClusterWithClient;
import java.io.IOException;

/**
 * A 3-node, RF 2 aerolite serving {@code test} and one namespace per export format to restore
 * into ({@code restore_json}, ...), with a Java client that has discovered every node. A record
 * stored without its user key is known by its digest only, and a digest is unique within a
 * namespace: such a record cannot be written to another set of a namespace that already holds it
 * (the server refuses with code 4), so each round trip restores into a namespace of its own.
 */
final class ToolsCluster implements AutoCloseable {
    static final String SOURCE_NAMESPACE = "test";
    static final String[] FORMATS = {"json", "avro", "seq"};
    /** The formats, and Avro files with deflate blocks (export --avro-codec deflate; snappy is the default). */
    static final String[] RESTORE_TARGETS = {"json", "avro", "seq", "avro_deflate"};

    private final ClusterWithClient cluster;
    final Aerolite aerolite;
    final AerospikeClient client;

    private ToolsCluster(ClusterWithClient cluster) {
        this.cluster = cluster;
        this.aerolite = cluster.aerolite;
        this.client = cluster.client;
    }

    static ToolsCluster start() throws IOException {
        Aerolite.Builder builder = Aerolite.builder().nodes(3).replicationFactor(2).namespace(SOURCE_NAMESPACE);
        for (String target : RESTORE_TARGETS) {
            builder.namespace(restoreNamespace(target));
        }
        return new ToolsCluster(ClusterWithClient.connect(builder.start()));
    }

    static String restoreNamespace(String format) {
        return "restore_" + format;
    }

    String seed() {
        return "127.0.0.1:" + aerolite.port(0);
    }

    @Override
    public void close() {
        cluster.close();
    }
}
