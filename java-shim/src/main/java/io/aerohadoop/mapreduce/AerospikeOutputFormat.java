package io.aerohadoop.mapreduce;

import io.aerohadoop.config.WriteConfig;
import io.aerohadoop.write.OutputCounters;
import io.aerohadoop.write.OutputSpecs;
import io.aerohadoop.write.RecordWriterCore;
import java.io.IOException;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.OutputCommitter;
import org.apache.hadoop.mapreduce.OutputFormat;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/**
 * Writes a MapReduce job's output to Aerospike (new API, {@code mapreduce.job.outputformat.class}).
 * The key becomes the record's user key and the value its bins, as
 * {@link io.aerohadoop.write.OutputMapping} describes; every key is listed in
 * {@code docs/configuration.md}.
 *
 * <p>{@link #checkOutputSpecs} validates the configuration and that the cluster serves the
 * namespace, failing the job naming the key at fault before any task runs. Writes go by key, so a
 * task attempt run again writes the same records: there is nothing to commit.
 */
public class AerospikeOutputFormat<K, V> extends OutputFormat<K, V> {
    @Override
    public RecordWriter<K, V> getRecordWriter(TaskAttemptContext context) throws IOException {
        RecordWriterCore core = RecordWriterCore.open(WriteConfig.from(context.getConfiguration()), (name, delta) -> {
            Counter c = context.getCounter(OutputCounters.GROUP, name);
            if (c != null) {
                c.increment(delta);
            }
        });
        return new AerospikeRecordWriter<>(core);
    }

    @Override
    public void checkOutputSpecs(JobContext context) throws IOException {
        OutputSpecs.check(context.getConfiguration(), context.getOutputValueClass());
    }

    @Override
    public OutputCommitter getOutputCommitter(TaskAttemptContext context) {
        return new AerospikeOutputCommitter();
    }
}
