package io.aerohadoop.yarnit.jobs;

import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import java.io.IOException;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * Reads records with an integer bin {@code n} and emits, keyed by {@code n}, a record of {@code n},
 * its square and the facts of this task's JVM ({@link TaskFacts}). In a map-only job that record is
 * what the output format writes.
 *
 * <p>{@value #SLOW_MS_KEY}: attempt 0 of map task 0 sleeps this long after its first record
 * (reporting progress), so the speculator sees a straggler.
 */
public final class ProbeMapper extends Mapper<AerospikeKey, Writable, LongWritable, AerospikeRecord> {
    public static final String SLOW_MS_KEY = "yarnit.map.slow.ms";

    private final LongWritable key = new LongWritable();
    private boolean straggler;

    @Override
    protected void setup(Context context) {
        straggler = context.getTaskAttemptID().getTaskID().getId() == 0 && context.getTaskAttemptID().getId() == 0;
    }

    @Override
    protected void map(AerospikeKey k, Writable value, Context context) throws IOException, InterruptedException {
        long n = (Long) ((AerospikeRecord) value).get("n");
        AerospikeRecord out = new AerospikeRecord().put("n", n).put("square", n * n);
        TaskFacts.record(out, "m", context);
        key.set(n);
        context.write(key, out);
        if (straggler) {
            straggler = false;
            Stall.sleep(context, context.getConfiguration().getLong(SLOW_MS_KEY, 0));
        }
    }
}
