package io.aerohadoop.yarnit;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.Key;
import com.aerospike.client.Record;
import com.aerospike.client.policy.ScanPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A set as the Aerospike Java client reads it back (not the connector): every record by its stored
 * user key; records without a key and keys met twice are kept, so tests can assert there are none.
 */
final class StoredSet {
    final Map<Object, Record> byKey = new HashMap<>();
    final List<String> withoutKey = new ArrayList<>();
    final List<Object> repeated = new ArrayList<>();

    static StoredSet scan(AerospikeClient client, String set) {
        StoredSet stored = new StoredSet();
        ScanPolicy policy = new ScanPolicy();
        policy.sendKey = true;
        // Callbacks come from one thread per node.
        client.scanAll(policy, YarnCluster.NAMESPACE, set, (Key key, Record record) -> {
            synchronized (stored) {
                if (key.userKey == null) {
                    stored.withoutKey.add(java.util.Arrays.toString(key.digest));
                } else if (stored.byKey.put(key.userKey.getObject(), record) != null) {
                    stored.repeated.add(key.userKey.getObject());
                }
            }
        });
        return stored;
    }
}
