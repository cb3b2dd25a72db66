package io.aerohadoop.examples;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.Host;
import com.aerospike.client.policy.ClientPolicy;
import io.aerohadoop.testing.Aerolite;
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
    private static final long DISCOVERY_TIMEOUT_MS = 10_000;
    private static SharedCluster instance;

    final Aerolite aerolite;
    final AerospikeClient client;

    private SharedCluster(Aerolite aerolite, AerospikeClient client) {
        this.aerolite = aerolite;
        this.client = client;
    }

    static synchronized SharedCluster get() {
        if (instance == null) {
            try {
                instance = start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            SharedCluster started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "aerolite-shutdown"));
        }
        return instance;
    }

    private static SharedCluster start() throws IOException {
        Aerolite aerolite = Aerolite.builder().nodes(NODES).replicationFactor(2).start();
        try {
            ClientPolicy policy = new ClientPolicy();
            policy.timeout = 5_000;
            AerospikeClient client = new AerospikeClient(policy, Host.parseHosts(aerolite.seeds(), 3000));
            long deadline = System.currentTimeMillis() + DISCOVERY_TIMEOUT_MS;
            while (client.getNodes().length != NODES) {
                if (System.currentTimeMillis() > deadline) {
                    client.close();
                    throw new IOException("the Java client saw " + client.getNodes().length + " of " + NODES
                            + " nodes at " + aerolite.seeds());
                }
                Thread.sleep(20);
            }
            return new SharedCluster(aerolite, client);
        } catch (InterruptedException e) {
            aerolite.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the client discovered the cluster", e);
        } catch (IOException | RuntimeException e) {
            aerolite.close();
            throw e;
        }
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

    private void close() {
        try {
            client.close();
        } finally {
            aerolite.close();
        }
    }
}
