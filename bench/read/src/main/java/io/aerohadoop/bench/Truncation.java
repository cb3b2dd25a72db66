package io.aerohadoop.bench;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.policy.InfoPolicy;
import com.aerospike.client.policy.ScanPolicy;
import com.aerospike.client.query.PartitionFilter;
import java.util.concurrent.atomic.AtomicLong;

/** Emptying the server between a writer's runs, so that old records can never pass a run's check. */
public final class Truncation {
    /** Dropping a million records takes the server a while, longer than the default 1 s. */
    private static final int TRUNCATE_TIMEOUT_MS = 120_000;

    private Truncation() {}

    /**
     * Truncates the whole of {@code namespace}, so that a run starts from an empty server whatever
     * ran before it (a server holding millions of other records works slower per record), and
     * checks that a scan finds nothing left in {@code set}.
     *
     * @throws IllegalStateException if records of {@code set} survive
     */
    public static void emptyNamespace(AerospikeClient client, String namespace, String set) {
        InfoPolicy slow = new InfoPolicy();
        slow.timeout = TRUNCATE_TIMEOUT_MS;
        client.truncate(slow, namespace, null, null);
        AtomicLong left = new AtomicLong();
        client.scanPartitions(new ScanPolicy(), PartitionFilter.all(), namespace, set,
                (key, record) -> left.incrementAndGet());
        if (left.get() != 0) {
            throw new IllegalStateException(namespace + "." + set + " holds " + left.get() + " records after truncate");
        }
    }
}
