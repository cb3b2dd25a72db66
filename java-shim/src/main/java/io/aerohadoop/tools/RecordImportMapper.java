package io.aerohadoop.tools;

import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import java.io.IOException;
import org.apache.hadoop.mapreduce.Mapper;

/** Import of Avro and SequenceFile exports: each record as read, moved to the target set if one is given. */
public final class RecordImportMapper extends Mapper<AerospikeKey, AerospikeRecord, AerospikeKey, AerospikeRecord> {
    private TargetSet target;

    @Override
    protected void setup(Context context) {
        target = new TargetSet(context.getConfiguration());
    }

    @Override
    protected void map(AerospikeKey key, AerospikeRecord record, Context context) throws IOException, InterruptedException {
        context.getCounter(ImportCounters.GROUP, ImportCounters.INPUT_RECORDS).increment(1);
        target.apply(key);
        context.write(key, record);
    }
}
