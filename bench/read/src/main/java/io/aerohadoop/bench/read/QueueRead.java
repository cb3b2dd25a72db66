package io.aerohadoop.bench.read;

import com.aerospike.client.AerospikeClient;
import io.aerohadoop.bench.RecordShape;

/**
 * Reader (c): {@link PredecessorStyleReader} consumed as a map task would, touching the key and
 * one bin of every record.
 */
final class QueueRead implements Reader {
    private final AerospikeClient client;
    private final DataSet data;
    private final int queueCapacity;

    QueueRead(AerospikeClient client, DataSet data, int queueCapacity) {
        this.client = client;
        this.data = data;
        this.queueCapacity = queueCapacity;
    }

    @Override
    public String label() {
        return "(c) predecessor-style: Java client scan → ArrayBlockingQueue(" + queueCapacity + ") → next()";
    }

    @Override
    public long read() throws Exception {
        long started = System.nanoTime();
        PredecessorStyleReader.CopiedKey key = new PredecessorStyleReader.CopiedKey();
        PredecessorStyleReader.CopiedRecord value = new PredecessorStyleReader.CopiedRecord();
        long records = 0;
        long sum = 0;
        long digestBytes = 0;
        try (PredecessorStyleReader reader = new PredecessorStyleReader(client, data.namespace, data.set,
                queueCapacity)) {
            while (reader.next(key, value)) {
                digestBytes += key.digest[0];
                sum += (Long) value.bins.get(RecordShape.INT_BIN);
                records++;
            }
        }
        long elapsed = System.nanoTime() - started;
        Checks.expect(label(), data, records, sum);
        if (digestBytes == Long.MIN_VALUE) {
            throw new IllegalStateException("impossible digest sum");
        }
        return elapsed;
    }
}
