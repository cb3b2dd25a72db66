package io.aerohadoop.bench.read;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.policy.ScanPolicy;
import com.aerospike.client.query.PartitionFilter;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reader (b): the official Java client's partition scan over every partition
 * ({@code scanPartitions} with {@link PartitionFilter#all()}), counting in its callback.
 */
final class ClientScan implements Reader {
    private final AerospikeClient client;
    private final DataSet data;

    ClientScan(AerospikeClient client, DataSet data) {
        this.client = client;
        this.data = data;
    }

    @Override
    public String label() {
        return "(b) Java client scanPartitions, callback counts";
    }

    @Override
    public long read() {
        LongAdder records = new LongAdder();
        long started = System.nanoTime();
        client.scanPartitions(new ScanPolicy(), PartitionFilter.all(), data.namespace, data.set,
                (key, record) -> records.increment());
        long elapsed = System.nanoTime() - started;
        Checks.expect(label(), data, records.sum(), null);
        return elapsed;
    }
}
