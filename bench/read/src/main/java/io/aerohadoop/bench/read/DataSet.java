package io.aerohadoop.bench.read;

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
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The records every reader reads: record {@code i} has the user key {@code i} and three bins, an
 * int {@code i}, a 20-character string {@code s} and a float {@code f} (the shape
 * bench/aerolite-bench loads). Loaded with the official Java client's batch writes.
 */
final class DataSet {
    static final String INT_BIN = "i";
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

    /** Sum of the int bin over records {@code 0..n-1}: what a reader touching it must add up to. */
    static long intSum(long n) {
        return n * (n - 1) / 2;
    }

    /** The 20-character string of record {@code i}. */
    static String text(long i) {
        return String.format("s%019d", i);
    }

    /** Loads records {@code size()..n-1}, so the set holds records {@code 0..n-1}. */
    void growTo(AerospikeClient client, long n) throws Exception {
        if (n <= loaded) {
            return;
        }
        long from = loaded;
        ExecutorService pool = Executors.newFixedThreadPool(LOADERS);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (long start = from; start < n; start += BATCH) {
                long begin = start;
                long end = Math.min(n, start + BATCH);
                parts.add(pool.submit(() -> {
                    writeBatch(client, begin, end);
                    return null;
                }));
            }
            for (Future<?> f : parts) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        loaded = n;
    }

    private void writeBatch(AerospikeClient client, long begin, long end) {
        List<BatchRecord> writes = new ArrayList<>((int) (end - begin));
        for (long i = begin; i < end; i++) {
            writes.add(new BatchWrite(new Key(namespace, set, i), new Operation[] {
                Operation.put(new Bin(INT_BIN, i)),
                Operation.put(new Bin("s", text(i))),
                Operation.put(new Bin("f", i * 0.25)),
            }));
        }
        if (!client.operate(new BatchPolicy(), writes)) {
            for (BatchRecord r : writes) {
                if (r.resultCode != 0) {
                    throw new IllegalStateException("batch write of " + r.key + " failed with code " + r.resultCode);
                }
            }
        }
    }
}
