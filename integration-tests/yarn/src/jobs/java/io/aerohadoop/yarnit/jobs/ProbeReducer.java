package io.aerohadoop.yarnit.jobs;

import io.aerohadoop.io.AerospikeRecord;
import java.io.IOException;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Writes each mapper record once, keyed by {@code n}, adding the facts of this reduce task's JVM.
 *
 * <p>{@value #HALT_AFTER_KEY}: attempt 0 of reduce task 0 kills its own JVM (Runtime.halt: no
 * cleanup, no flush, as an OOM kill or a lost node ends a task) after writing this many records, so
 * YARN runs the task again. {@value #SLOW_MS_KEY}: attempt 0 of reduce task 1 sleeps this long after
 * writing {@value #SLOW_AFTER_KEY} records, so the speculator sees a straggler and a second attempt
 * writes the same keys while the first still holds its writer.
 */
public final class ProbeReducer extends Reducer<LongWritable, AerospikeRecord, LongWritable, AerospikeRecord> {
    public static final String HALT_AFTER_KEY = "yarnit.reduce.halt.after";
    public static final String SLOW_MS_KEY = "yarnit.reduce.slow.ms";
    public static final String SLOW_AFTER_KEY = "yarnit.reduce.slow.after";
    /** Exit status of a halted attempt, as the NodeManager reports it. */
    public static final int HALT_STATUS = 57;

    private long haltAfter = -1;
    private long slowMs;
    private long slowAfter = -1;
    private long written;

    @Override
    protected void setup(Context context) {
        int task = context.getTaskAttemptID().getTaskID().getId();
        boolean first = context.getTaskAttemptID().getId() == 0;
        if (first && task == 0) {
            haltAfter = context.getConfiguration().getLong(HALT_AFTER_KEY, -1);
        }
        if (first && task == 1) {
            slowMs = context.getConfiguration().getLong(SLOW_MS_KEY, 0);
            slowAfter = context.getConfiguration().getLong(SLOW_AFTER_KEY, 1);
        }
    }

    @Override
    protected void reduce(LongWritable n, Iterable<AerospikeRecord> records, Context context)
            throws IOException, InterruptedException {
        for (AerospikeRecord r : records) {
            TaskFacts.record(r, "r", context);
            context.write(n, r);
            written++;
        }
        if (written == haltAfter) {
            // Let the batches already sent be answered, so that part of this attempt's output is
            // surely stored when it dies.
            Thread.sleep(1000);
            Runtime.getRuntime().halt(HALT_STATUS);
        }
        if (written == slowAfter) {
            Stall.sleep(context, slowMs);
        }
    }
}
