package io.aerohadoop.bench.write;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.Record;
import com.aerospike.client.policy.ScanPolicy;
import com.aerospike.client.query.PartitionFilter;
import io.aerohadoop.bench.RecordShape;
import io.aerohadoop.bench.Truncation;
import java.util.BitSet;

/**
 * A writer's set, emptied (with the rest of the namespace) before each run and checked after it with
 * the Java client's scan: it must hold exactly records {@code 0..n-1}, each once, with the three
 * bins {@link RecordShape} gives it.
 */
final class WrittenSet {
    private final AerospikeClient client;
    private final String namespace;
    final String set;

    WrittenSet(AerospikeClient client, String namespace, String set) {
        this.client = client;
        this.namespace = namespace;
        this.set = set;
    }

    /** Truncates the namespace, every writer's set ({@link Truncation#emptyNamespace}). */
    void empty() {
        Truncation.emptyNamespace(client, namespace, set);
    }

    /**
     * Throws unless the set holds exactly records {@code 0..n-1} with their bins: every int bin in
     * range and seen once, its string and float those of the same record, three bins each.
     */
    void expect(String who, int n) {
        BitSet seen = new BitSet(n);
        long[] count = new long[1];
        String[] wrong = new String[1];
        client.scanPartitions(new ScanPolicy(), PartitionFilter.all(), namespace, set, (key, record) -> {
            String problem = check(record, n);
            // The callback may run on one thread per node: the tally is guarded.
            synchronized (seen) {
                count[0]++;
                if (problem == null) {
                    int i = (int) record.getLong(RecordShape.INT_BIN);
                    if (seen.get(i)) {
                        problem = "record " + i + " twice";
                    }
                    seen.set(i);
                }
                if (problem != null && wrong[0] == null) {
                    wrong[0] = problem;
                }
            }
        });
        if (wrong[0] != null) {
            throw new IllegalStateException(who + " wrote a wrong record into " + set + ": " + wrong[0]);
        }
        if (count[0] != n || seen.cardinality() != n) {
            throw new IllegalStateException(who + " left " + count[0] + " records (" + seen.cardinality()
                    + " distinct) in " + set + ", expected " + n);
        }
    }

    /** What is wrong with one scanned record, or null. */
    private static String check(Record record, int n) {
        Object i = record.bins.get(RecordShape.INT_BIN);
        if (record.bins.size() != 3 || !(i instanceof Long)) {
            return "bins " + record.bins;
        }
        long v = (Long) i;
        if (v < 0 || v >= n) {
            return "int bin " + v + " out of range";
        }
        if (!RecordShape.text(v).equals(record.bins.get(RecordShape.STRING_BIN))
                || !Double.valueOf(RecordShape.real(v)).equals(record.bins.get(RecordShape.FLOAT_BIN))) {
            return "bins " + record.bins + " of record " + v;
        }
        return null;
    }
}
