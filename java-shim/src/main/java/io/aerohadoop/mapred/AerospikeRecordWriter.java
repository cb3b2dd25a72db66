package io.aerohadoop.mapred;

import io.aerohadoop.write.RecordWriterCore;
import java.io.IOException;
import org.apache.hadoop.mapred.RecordWriter;
import org.apache.hadoop.mapred.Reporter;

/** The old-API writer of one task: a thin adapter over {@link RecordWriterCore}. */
public final class AerospikeRecordWriter<K, V> implements RecordWriter<K, V> {
    private final RecordWriterCore core;

    AerospikeRecordWriter(RecordWriterCore core) {
        this.core = core;
    }

    @Override
    public void write(K key, V value) throws IOException {
        core.write(key, value);
    }

    /** Sends what is queued and waits for every answer; fails if failed records exceed the policy. */
    @Override
    public void close(Reporter reporter) throws IOException {
        core.close();
    }
}
