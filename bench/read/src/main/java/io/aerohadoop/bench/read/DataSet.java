package io.aerohadoop.bench.read;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.policy.BatchPolicy;
import io.aerohadoop.bench.ClientBatchWrites;
import io.aerohadoop.bench.RecordShape;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The records every reader reads: records {@code 0..size()-1} of {@link RecordShape}, loaded with
 * the official Java client's batch writes.
 */
final class DataSet {
    private static final int BATCH = 5_000;
    private static final int LOADERS = 2;

    final String namespace;
    final String set;
    private long loaded;

    DataSet(String namespace, String set) {
        this.namespace = namespace;
        this.set = set;
    }

    long size() {
        return loaded;
    }

    /** For a process that reads a set another one loaded: records {@code 0..n-1} are there. */
    void assumeLoaded(long n) {
        loaded = n;
    }

    /** Loads records {@code size()..n-1}, so the set holds records {@code 0..n-1}. */
    void growTo(AerospikeClient client, long n) throws Exception {
        if (n <= loaded) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(LOADERS);
        try {
            ClientBatchWrites.write(client, new BatchPolicy(), namespace, set, loaded, n, BATCH, pool, RecordShape::text);
        } finally {
            pool.shutdownNow();
        }
        loaded = n;
    }
}
