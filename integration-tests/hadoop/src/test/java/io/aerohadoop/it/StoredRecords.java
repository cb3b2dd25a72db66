package io.aerohadoop.it;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.Key;
import com.aerospike.client.Record;
import com.aerospike.client.policy.ScanPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a job wrote to a set, read back with the Aerospike Java client (not the connector): every
 * record of the set by its stored user key. Records without a stored key and keys met twice are
 * collected, not dropped, so tests can assert there are none.
 */
final class StoredRecords {
    /** User key → record. */
    final Map<Object, Record> byKey;
    /** Digests (hex) of records stored without their user key. */
    final List<String> withoutKey;
    /** User keys the scan returned more than once. */
    final List<Object> repeated;

    private StoredRecords(Map<Object, Record> byKey, List<String> withoutKey, List<Object> repeated) {
        this.byKey = byKey;
        this.withoutKey = withoutKey;
        this.repeated = repeated;
    }

    static StoredRecords scan(AerospikeClient client, String set) {
        Map<Object, Record> byKey = new HashMap<>();
        List<String> withoutKey = new ArrayList<>();
        List<Object> repeated = new ArrayList<>();
        ScanPolicy policy = new ScanPolicy();
        policy.sendKey = true;
        // The client calls back from one thread per node.
        client.scanAll(policy, ClusterFixture.NAMESPACE, set, (Key key, Record record) -> {
            synchronized (byKey) {
                if (key.userKey == null) {
                    withoutKey.add(Digests.hex(key.digest));
                } else if (byKey.put(key.userKey.getObject(), record) != null) {
                    repeated.add(key.userKey.getObject());
                }
            }
        });
        return new StoredRecords(byKey, withoutKey, repeated);
    }

    int size() {
        return byKey.size() + withoutKey.size();
    }

    /** Integer bin {@code bin} of every record, by user key (sorted, for readable failures). */
    Map<Object, Long> longBin(String bin) {
        Map<Object, Long> values = new TreeMap<>();
        for (Map.Entry<Object, Record> e : byKey.entrySet()) {
            Object v = e.getValue().bins.get(bin);
            values.put(e.getKey(), v instanceof Long ? (Long) v : null);
        }
        return values;
    }

    /** How many records have each generation: generation → records. */
    Map<Integer, Integer> generations() {
        Map<Integer, Integer> counts = new TreeMap<>();
        for (Record r : byKey.values()) {
            counts.merge(r.generation, 1, Integer::sum);
        }
        return Collections.unmodifiableMap(counts);
    }
}
