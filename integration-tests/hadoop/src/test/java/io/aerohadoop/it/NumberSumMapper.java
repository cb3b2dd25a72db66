package io.aerohadoop.it;

import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import java.io.IOException;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/** Emits ("sum", n) and ("count", 1) per record; a LongSumReducer totals them. */
public final class NumberSumMapper extends Mapper<AerospikeKey, AerospikeRecord, Text, LongWritable> {
    static final String SUM = "sum";
    static final String COUNT = "count";

    private final Text sum = new Text(SUM);
    private final Text count = new Text(COUNT);
    private final LongWritable value = new LongWritable();
    private final LongWritable one = new LongWritable(1);

    @Override
    protected void map(AerospikeKey key, AerospikeRecord record, Context context)
            throws IOException, InterruptedException {
        value.set(RecordFields.longBin(record, DataLoader.NUMBER_BIN));
        context.write(sum, value);
        context.write(count, one);
    }
}
