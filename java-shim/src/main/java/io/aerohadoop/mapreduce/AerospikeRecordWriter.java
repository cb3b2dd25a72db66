package io.aerohadoop.mapreduce;

import io.aerohadoop.write.RecordWriterCore;
import java.io.IOException;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/** The new-API writer of one task: a thin adapter over {@link RecordWriterCore}. */
public final class AerospikeRecordWriter<K, V> extends RecordWriter<K, V> {
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
    public void close(TaskAttemptContext context) throws IOException {
        core.close();
    }
}
