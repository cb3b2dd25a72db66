package io.aerohadoop.conformance;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.Key;
import com.aerospike.client.Record;
import com.aerospike.client.ScanCallback;
import com.aerospike.client.query.PartitionFilter;
import com.aerospike.client.policy.ScanPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/** Records a scan delivered, collected from the client's (possibly parallel) callbacks. */
final class Scanned implements ScanCallback {
    /** One delivered record and when it arrived (System.nanoTime). */
    static final class Row {
        final Key key;
        final Record record;
        final long arrivedNanos;

        Row(Key key, Record record, long arrivedNanos) {
            this.key = key;
            this.record = record;
            this.arrivedNanos = arrivedNanos;
        }
    }

    private final List<Row> rows = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void scanCallback(Key key, Record record) {
        rows.add(new Row(key, record, System.nanoTime()));
    }

    static Scanned all(AerospikeClient client, String set, ScanPolicy policy, String... bins) {
        Scanned s = new Scanned();
        client.scanAll(policy, ClusterEnv.NAMESPACE, set, s, bins);
        return s;
    }

    static Scanned partitions(AerospikeClient client, String set, ScanPolicy policy, PartitionFilter filter,
            String... bins) {
        Scanned s = new Scanned();
        client.scanPartitions(policy, filter, ClusterEnv.NAMESPACE, set, s, bins);
        return s;
    }

    List<Row> rows() {
        synchronized (rows) {
            return new ArrayList<>(rows);
        }
    }

    int size() {
        return rows.size();
    }

    /** The stored user keys as longs, sorted; null entries for records stored without a key. */
    List<Long> longKeys() {
        return rows().stream()
                .map(r -> r.key.userKey == null ? null : r.key.userKey.toLong())
                .sorted((a, b) -> a == null ? -1 : b == null ? 1 : Long.compare(a, b))
                .collect(Collectors.toList());
    }

    List<Object> userKeys() {
        return rows().stream()
                .map(r -> r.key.userKey == null ? null : r.key.userKey.getObject())
                .collect(Collectors.toList());
    }
}
