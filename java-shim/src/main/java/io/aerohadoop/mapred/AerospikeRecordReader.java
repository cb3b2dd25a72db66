package io.aerohadoop.mapred;

import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.read.SplitReader;
import java.io.IOException;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapred.RecordReader;

/**
 * The old-API reader of one split: {@link SplitReader} filling the key and value objects the
 * framework passes in. {@link #getPos()} is the number of records returned so far.
 */
public final class AerospikeRecordReader implements RecordReader<AerospikeKey, Writable> {
    private final SplitReader reader;

    AerospikeRecordReader(SplitReader reader) {
        this.reader = reader;
    }

    @Override
    public boolean next(AerospikeKey key, Writable value) throws IOException {
        return reader.next(key, value);
    }

    @Override
    public AerospikeKey createKey() {
        return new AerospikeKey();
    }

    @Override
    public Writable createValue() {
        return reader.createValue();
    }

    @Override
    public long getPos() {
        return reader.delivered();
    }

    @Override
    public float getProgress() {
        return reader.progress();
    }

    @Override
    public void close() {
        reader.close();
    }
}
