package io.aerohadoop.bench.write;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.policy.BatchPolicy;
import io.aerohadoop.bench.ClientBatchWrites;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Writers (c) and (d): the Java client's batch writes ({@code operate(BatchPolicy, List<BatchRecord>)}
 * with the client's default batch write policy) in chunks of the connector's batch size. With one
 * thread (c) the chunks go one after the other from the calling thread; with more (d) that many
 * chunks are in flight at once, one per pool thread.
 */
final class ClientBatches extends SetWriter {
    private final AerospikeClient client;
    private final String letter;
    private final int batchSize;
    private final int threads;
    private final ExecutorService pool;

    ClientBatches(String letter, AerospikeClient client, Workload workload, WrittenSet target, int batchSize,
            int threads) {
        super(workload, target);
        this.letter = letter;
        this.client = client;
        this.batchSize = batchSize;
        this.threads = threads;
        pool = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
    }

    @Override
    public String label() {
        return String.format("(%s) Java client batch writes (operate, %,d per batch, %s)", letter, batchSize,
                threads == 1 ? "one after another" : threads + " in flight");
    }

    @Override
    public long run() throws Exception {
        BatchPolicy policy = client.getBatchParentPolicyWriteDefault();
        int n = workload.size();
        long started = System.nanoTime();
        ClientBatchWrites.write(client, policy, workload.namespace, target.set, 0, n, batchSize, pool, workload::text);
        return System.nanoTime() - started;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
