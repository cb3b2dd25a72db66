package io.aerohadoop.bench.write;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.Key;
import com.aerospike.client.policy.WritePolicy;
import io.aerohadoop.bench.RecordShape;

/**
 * Writer (b): the predecessor's way (aerospike-hadoop's {@code AerospikeRecordWriter} calls its
 * job's {@code writeAerospike}, which does one {@code client.put(writePolicy, key, bins)} per
 * record with a default {@link WritePolicy}): one synchronous put per record, from the task's
 * thread, each with a new key and new bins.
 */
final class SyncPuts extends SetWriter {
    private final AerospikeClient client;

    SyncPuts(AerospikeClient client, Workload workload, WrittenSet target) {
        super(workload, target);
        this.client = client;
    }

    @Override
    public String label() {
        return "(b) predecessor-style: one synchronous put per record (Java client)";
    }

    @Override
    public long run() {
        WritePolicy policy = new WritePolicy();
        int n = workload.size();
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
            client.put(policy, new Key(workload.namespace, target.set, i), RecordShape.bins(i, workload.text(i)));
        }
        return System.nanoTime() - started;
    }
}
