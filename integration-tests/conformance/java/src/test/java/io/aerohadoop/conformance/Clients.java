package io.aerohadoop.conformance;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.Host;
import com.aerospike.client.policy.ClientPolicy;

/** Client construction and waiting for cluster discovery. */
final class Clients {
    private Clients() {}

    static ClientPolicy policy() {
        ClientPolicy policy = new ClientPolicy();
        policy.timeout = 5_000;
        return policy;
    }

    /** A client seeded with {@code seeds} that has discovered all {@code nodes} nodes. */
    static AerospikeClient connect(String seeds, int nodes, ClientPolicy policy) {
        AerospikeClient client = new AerospikeClient(policy, Host.parseHosts(seeds, 3000));
        try {
            Waits.until(() -> client.getNodes().length == nodes, 10_000, "client to see " + nodes + " nodes");
        } catch (AssertionError | RuntimeException e) {
            client.close();
            throw e;
        }
        return client;
    }
}
