package io.aerohadoop.it;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.Host;
import com.aerospike.client.policy.ClientPolicy;
import io.aerohadoop.testing.Aerolite;
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
    private static final long DISCOVERY_TIMEOUT_MS = 10_000;

    final Aerolite aerolite;
    final AerospikeClient client;

    private ToolsCluster(Aerolite aerolite, AerospikeClient client) {
        this.aerolite = aerolite;
        this.client = client;
    }

    static ToolsCluster start() throws IOException, InterruptedException {
        Aerolite aerolite = Aerolite.builder().nodes(3).replicationFactor(2).namespace(SOURCE_NAMESPACE)
                .namespace(restoreNamespace(FORMATS[0])).namespace(restoreNamespace(FORMATS[1]))
                .namespace(restoreNamespace(FORMATS[2])).start();
        try {
            ClientPolicy policy = new ClientPolicy();
            policy.timeout = 5_000;
            AerospikeClient client = new AerospikeClient(policy, Host.parseHosts(aerolite.seeds(), 3000));
            long deadline = System.currentTimeMillis() + DISCOVERY_TIMEOUT_MS;
            while (client.getNodes().length != 3) {
                if (System.currentTimeMillis() > deadline) {
                    client.close();
                    throw new IOException("the Aerospike client saw " + client.getNodes().length + " of 3 nodes");
                }
                Thread.sleep(20);
            }
            return new ToolsCluster(aerolite, client);
        } catch (IOException | RuntimeException | InterruptedException e) {
            aerolite.close();
            throw e;
        }
    }

    static String restoreNamespace(String format) {
        return "restore_" + format;
    }

    String seed() {
        return "127.0.0.1:" + aerolite.port(0);
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
