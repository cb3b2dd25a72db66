package io.aerohadoop.bench.tools;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.policy.InfoPolicy;
import com.aerospike.client.policy.ScanPolicy;
import com.aerospike.client.query.PartitionFilter;
import io.aerohadoop.bench.RecordShape;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The set a writer (bare or the import tool) fills: its namespace, which holds nothing else, is
 * truncated before each run, and after the run the set must hold exactly records {@code 0..n-1}
 * (count and sum of the int bin), else the run fails.
 */
final class SinkSet {
    private static final int TRUNCATE_TIMEOUT_MS = 120_000;

    private final AerospikeClient client;
    final String namespace;
    final String set;

    SinkSet(AerospikeClient client, String namespace, String set) {
        this.client = client;
        this.namespace = namespace;
        this.set = set;
    }

    void empty() {
        InfoPolicy slow = new InfoPolicy();
        slow.timeout = TRUNCATE_TIMEOUT_MS;
        client.truncate(slow, namespace, null, null);
        long left = count()[0];
        if (left != 0) {
            throw new IllegalStateException(namespace + "." + set + " holds " + left + " records after truncate");
        }
    }

    /** [records, sum of the int bin] of the set. */
    private long[] count() {
        AtomicLong records = new AtomicLong();
        AtomicLong sum = new AtomicLong();
        client.scanPartitions(new ScanPolicy(), PartitionFilter.all(), namespace, set, (key, record) -> {
            records.incrementAndGet();
            sum.addAndGet(record.getLong(RecordShape.INT_BIN));
        });
        return new long[] {records.get(), sum.get()};
    }

    void expect(String who, long n) {
        long[] c = count();
        if (c[0] != n || c[1] != RecordShape.intSum(n)) {
            throw new IllegalStateException(who + " left " + c[0] + " records (int sum " + c[1] + ") in " + namespace
                    + "." + set + ", expected " + n + " (sum " + RecordShape.intSum(n) + ")");
        }
    }
}
