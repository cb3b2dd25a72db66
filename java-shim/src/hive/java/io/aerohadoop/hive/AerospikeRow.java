package io.aerohadoop.hive;

import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.Writable;

/**
 * One table row as the SerDe sees it: the record's key and the record. Hive hands a SerDe only the
 * input value, so the reader puts both in one value; on writes the SerDe fills it for the writer.
 * Reused: the reader refills one instance per record.
 */
public final class AerospikeRow implements Writable {
    private final AerospikeKey key = new AerospikeKey();
    private final AerospikeRecord record = new AerospikeRecord();
    /** On writes: the user key (Long, String, byte[]) or, without one, an AerospikeKey by digest. */
    private Object writeKey;

    public AerospikeKey key() {
        return key;
    }

    public AerospikeRecord record() {
        return record;
    }

    Object writeKey() {
        return writeKey;
    }

    void setWriteKey(Object writeKey) {
        this.writeKey = writeKey;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        key.write(out);
        record.write(out);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
        key.readFields(in);
        record.readFields(in);
        writeKey = null;
    }

    @Override
    public String toString() {
        return "AerospikeRow(" + key + ", " + record + ")";
    }
}
