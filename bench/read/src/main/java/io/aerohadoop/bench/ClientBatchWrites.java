package io.aerohadoop.bench;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.BatchRecord;
import com.aerospike.client.BatchWrite;
import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.Operation;
import com.aerospike.client.policy.BatchPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.LongFunction;

/**
 * {@link RecordShape} records written with the official Java client's batch writes ({@code operate}
 * on a list of {@link BatchWrite}): how the read benchmark loads its set, and the write benchmark's
 * client baseline.
 */
public final class ClientBatchWrites {
    private ClientBatchWrites() {}

    /**
     * Writes records {@code from..to-1} into {@code namespace.set} in batches of {@code batchSize}
     * records, {@code text} giving each record's string: one batch after another from the calling
     * thread when {@code pool} is null, else one batch per task of {@code pool} (as many in flight
     * as it has threads).
     *
     * @throws IllegalStateException naming the first record the server refused
     */
    public static void write(AerospikeClient client, BatchPolicy policy, String namespace, String set, long from,
            long to, int batchSize, ExecutorService pool, LongFunction<String> text) throws Exception {
        List<Future<?>> batches = new ArrayList<>();
        for (long start = from; start < to; start += batchSize) {
            long begin = start;
            long end = Math.min(to, start + batchSize);
            if (pool == null) {
                writeBatch(client, policy, namespace, set, begin, end, text);
            } else {
                batches.add(pool.submit(() -> {
                    writeBatch(client, policy, namespace, set, begin, end, text);
                    return null;
                }));
            }
        }
        for (Future<?> f : batches) {
            f.get();
        }
    }

    private static void writeBatch(AerospikeClient client, BatchPolicy policy, String namespace, String set,
            long begin, long end, LongFunction<String> text) {
        List<BatchRecord> writes = new ArrayList<>((int) (end - begin));
        for (long i = begin; i < end; i++) {
            Bin[] bins = RecordShape.bins(i, text.apply(i));
            writes.add(new BatchWrite(new Key(namespace, set, i), new Operation[] {
                Operation.put(bins[0]), Operation.put(bins[1]), Operation.put(bins[2]),
            }));
        }
        if (!client.operate(policy, writes)) {
            for (BatchRecord r : writes) {
                if (r.resultCode != 0) {
                    throw new IllegalStateException("batch write of " + r.key + " failed with code " + r.resultCode);
                }
            }
        }
    }
}
