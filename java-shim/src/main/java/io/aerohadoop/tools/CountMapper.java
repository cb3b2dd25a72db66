package io.aerohadoop.tools;

import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * Counts a split's records per set and, per set, the records holding each bin (a bin holding nil
 * does not count). Counts are summed in memory and emitted once at the end of the task — one
 * output pair per set and bin, not per record. Keys: {@code set TAB} for records,
 * {@code set TAB bin} for a bin; the empty set name stands for records in no set.
 */
public final class CountMapper extends Mapper<AerospikeKey, AerospikeRecord, Text, LongWritable> {
    static final char SEPARATOR = '\t';

    private final Map<String, Map<String, long[]>> counts = new HashMap<>();

    @Override
    protected void map(AerospikeKey key, AerospikeRecord record, Context context) {
        String set = key.set() == null ? "" : key.set();
        Map<String, long[]> perSet = counts.computeIfAbsent(set, s -> new HashMap<>());
        perSet.computeIfAbsent("", b -> new long[1])[0]++;
        for (Map.Entry<String, Object> bin : record.bins().entrySet()) {
            if (bin.getValue() != null) {
                perSet.computeIfAbsent(bin.getKey(), b -> new long[1])[0]++;
            }
        }
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
        Text key = new Text();
        LongWritable value = new LongWritable();
        for (Map.Entry<String, Map<String, long[]>> set : counts.entrySet()) {
            for (Map.Entry<String, long[]> bin : set.getValue().entrySet()) {
                key.set(set.getKey() + SEPARATOR + bin.getKey());
                value.set(bin.getValue()[0]);
                context.write(key, value);
            }
        }
    }
}
