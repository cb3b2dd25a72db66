package io.aerohadoop.it;

import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * An identity-style map: one {@code digest<TAB>n} line per record read, so a job's output is the
 * multiset of records it read.
 */
public class DigestNumberMapper extends Mapper<AerospikeKey, AerospikeRecord, Text, Text> {
    private final Text digest = new Text();
    private final Text number = new Text();

    @Override
    protected void map(AerospikeKey key, AerospikeRecord value, Context context)
            throws IOException, InterruptedException {
        digest.set(RecordFields.digestHex(key));
        number.set(Long.toString(RecordFields.longBin(value, DataLoader.NUMBER_BIN)));
        context.write(digest, number);
        recordMapped();
    }

    /** A hook for subclasses that watch progress; called after each record is written. */
    protected void recordMapped() {}
}
