package io.aerohadoop.mapreduce;

import io.aerohadoop.config.ReadConfig;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.read.InputCounters;
import io.aerohadoop.read.SplitReader;
import java.io.IOException;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/**
 * The new-API reader of one {@link AerospikeInputSplit}: a thin adapter over {@link SplitReader}.
 * The key and value objects are reused from record to record, as Hadoop's own readers do.
 */
public final class AerospikeRecordReader extends RecordReader<AerospikeKey, Writable> {
    private final AerospikeKey key = new AerospikeKey();
    private SplitReader reader;
    private Writable value;

    @Override
    public void initialize(InputSplit split, TaskAttemptContext context) throws IOException {
        if (!(split instanceof AerospikeInputSplit)) {
            throw new IOException("AerospikeRecordReader reads AerospikeInputSplit, not " + split.getClass().getName());
        }
        AerospikeInputSplit s = (AerospikeInputSplit) split;
        ReadConfig config = ReadConfig.from(context.getConfiguration());
        reader = SplitReader.open(config, s.nativeSplit(), s.partitions(), s.isKeyList(), (name, delta) -> {
            Counter c = context.getCounter(InputCounters.GROUP, name);
            if (c != null) {
                c.increment(delta);
            }
        });
        value = reader.createValue();
    }

    @Override
    public boolean nextKeyValue() throws IOException {
        return reader.next(key, value);
    }

    @Override
    public AerospikeKey getCurrentKey() {
        return key;
    }

    @Override
    public Writable getCurrentValue() {
        return value;
    }

    /** Partitions of the split read to the end, as a fraction. */
    @Override
    public float getProgress() {
        return reader == null ? 0f : reader.progress();
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
        }
    }
}
