package io.aerohadoop.testing;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.Host;
import com.aerospike.client.policy.ClientPolicy;
import java.io.IOException;

/**
 * An aerolite cluster and an Aerospike Java client that has discovered every one of its nodes. The
 * suites load data and check what the connector wrote with this client, independently of the
 * connector under test; waiting for discovery first means a test never loads through a client
 * that still routes every partition to the seed node.
 */
public final class ClusterWithClient implements AutoCloseable {
    private static final long DISCOVERY_TIMEOUT_MS = 10_000;
    private static final int CLIENT_TIMEOUT_MS = 5_000;

    public final Aerolite aerolite;
    public final AerospikeClient client;

    private ClusterWithClient(Aerolite aerolite, AerospikeClient client) {
        this.aerolite = aerolite;
        this.client = client;
    }

    /** Starts {@code nodes} aerolite nodes with the replication factor, then the client. */
    public static ClusterWithClient start(int nodes, int replicationFactor) throws IOException {
        return connect(Aerolite.builder().nodes(nodes).replicationFactor(replicationFactor).start());
    }

    /**
     * A client for a cluster already started; the cluster is closed if the client does not see
     * every node in time, so a failed fixture leaves no server behind.
     */
    public static ClusterWithClient connect(Aerolite aerolite) throws IOException {
        int nodes = aerolite.nodeCount();
        try {
            ClientPolicy policy = new ClientPolicy();
            policy.timeout = CLIENT_TIMEOUT_MS;
            AerospikeClient client = new AerospikeClient(policy, Host.parseHosts(aerolite.seeds(), 3000));
            long deadline = System.currentTimeMillis() + DISCOVERY_TIMEOUT_MS;
            while (client.getNodes().length != nodes) {
                if (System.currentTimeMillis() > deadline) {
                    int seen = client.getNodes().length;
                    client.close();
                    throw new IOException("the Aerospike Java client saw " + seen + " of " + nodes
                            + " nodes at " + aerolite.seeds());
                }
                Thread.sleep(20);
            }
            return new ClusterWithClient(aerolite, client);
        } catch (InterruptedException e) {
            aerolite.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the Java client discovered " + aerolite.seeds(), e);
        } catch (IOException | RuntimeException e) {
            aerolite.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            aerolite.close();
        }
    }
}
