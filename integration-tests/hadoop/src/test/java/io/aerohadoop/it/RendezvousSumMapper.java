package io.aerohadoop.it;

import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import java.io.IOException;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * {@link NumberSumMapper} after a stop at the open {@link TaskRendezvous}: Hadoop has initialised
 * the task's record reader (connected, reader open) before {@code run}, so the task meets the other
 * jobs' tasks holding its connection, then sums its records.
 */
public final class RendezvousSumMapper extends Mapper<AerospikeKey, AerospikeRecord, Text, LongWritable> {
    @Override
    public void run(Context context) throws IOException, InterruptedException {
        TaskRendezvous.current().arrive(context.getJobName(), context.getTaskAttemptID().getTaskID().getId());
        new NumberSumMapper().run(context);
    }
}
