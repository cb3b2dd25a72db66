package io.aerohadoop.it;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.Host;
import com.aerospike.client.policy.ClientPolicy;
import io.aerohadoop.testing.Aerolite;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;

/**
 * An aerolite cluster plus an Aerospike Java client that has discovered every node: the client loads
 * and checks data independently of the connector under test.
 */
final class ClusterFixture implements AutoCloseable {
    static final String NAMESPACE = "test";
    private static final long DISCOVERY_TIMEOUT_MS = 10_000;

    final Aerolite aerolite;
    final AerospikeClient client;

    private ClusterFixture(Aerolite aerolite, AerospikeClient client) {
        this.aerolite = aerolite;
        this.client = client;
    }

    static ClusterFixture start(int nodes, int replicationFactor) throws IOException {
        Aerolite aerolite = Aerolite.builder().nodes(nodes).replicationFactor(replicationFactor).start();
        try {
            ClientPolicy policy = new ClientPolicy();
            policy.timeout = 5_000;
            AerospikeClient client = new AerospikeClient(policy, Host.parseHosts(aerolite.seeds(), 3000));
            long deadline = System.currentTimeMillis() + DISCOVERY_TIMEOUT_MS;
            while (client.getNodes().length != nodes) {
                if (System.currentTimeMillis() > deadline) {
                    client.close();
                    throw new IOException("the Aerospike client saw " + client.getNodes().length + " of " + nodes
                            + " nodes at " + aerolite.seeds());
                }
                sleep(20);
            }
            return new ClusterFixture(aerolite, client);
        } catch (IOException | RuntimeException e) {
            aerolite.close();
            throw e;
        }
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
        try {
            client.close();
        } finally {
            aerolite.close();
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
