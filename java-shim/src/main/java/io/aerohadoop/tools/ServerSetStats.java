package io.aerohadoop.tools;

import io.aerohadoop.AerospikeException;
import io.aerohadoop.config.ReadConfig;
import io.aerohadoop.internal.ClusterConnections;
import io.aerohadoop.internal.NativeCluster;
import java.io.IOException;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The server's own record count of a set: the sum over nodes of {@code objects} in
 * {@code sets/<ns>/<set>} (each node counts the master and replica copies it holds) divided by
 * the namespace's effective replication factor ({@code namespace/<ns>}), as Aerospike's own
 * tools compute it.
 */
final class ServerSetStats implements AutoCloseable {
    private final NativeCluster cluster;
    private final String namespace;
    private final long replicationFactor;

    private ServerSetStats(NativeCluster cluster, String namespace, long replicationFactor) {
        this.cluster = cluster;
        this.namespace = namespace;
        this.replicationFactor = replicationFactor;
    }

    static ServerSetStats open(ReadConfig config) throws IOException {
        NativeCluster cluster = ClusterConnections.connect(config);
        try {
            long rf = 0;
            for (String answer : cluster.infoAll("namespace/" + config.namespace()).values()) {
                Map<String, String> fields = ClusterAnswers.fields(answer, ";");
                long v = ClusterAnswers.number(fields.getOrDefault("effective_replication_factor",
                        fields.get("replication-factor")));
                rf = Math.max(rf, v);
            }
            return new ServerSetStats(cluster, config.namespace(), Math.max(1, rf));
        } catch (AerospikeException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Records of {@code set} as the server counts them; empty if no node reports the set. */
    OptionalLong objects(String set) throws AerospikeException {
        long total = 0;
        boolean seen = false;
        for (String answer : cluster.infoAll("sets/" + namespace + "/" + set).values()) {
            Map<String, String> fields = ClusterAnswers.fields(answer, ":");
            String objects = fields.get("objects");
            if (objects != null) {
                seen = true;
                total += ClusterAnswers.number(objects);
            }
        }
        return seen ? OptionalLong.of(total / replicationFactor) : OptionalLong.empty();
    }

    @Override
    public void close() {
        cluster.close();
    }
}
