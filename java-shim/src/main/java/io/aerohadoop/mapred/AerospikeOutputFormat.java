package io.aerohadoop.mapred;

import io.aerohadoop.config.WriteConfig;
import io.aerohadoop.write.OutputCounters;
import io.aerohadoop.write.OutputSpecs;
import io.aerohadoop.write.RecordWriterCore;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.OutputFormat;
import org.apache.hadoop.mapred.RecordWriter;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.util.Progressable;

/**
 * The old-API ({@code org.apache.hadoop.mapred}) output format, for jobs, Hive and Streaming that
 * still use it: the same configuration, mapping and writer as
 * {@link io.aerohadoop.mapreduce.AerospikeOutputFormat}. The file system and task name arguments
 * are ignored: nothing is written to files.
 */
public class AerospikeOutputFormat<K, V> implements OutputFormat<K, V> {
    @Override
    public RecordWriter<K, V> getRecordWriter(FileSystem ignored, JobConf job, String name, Progressable progress)
            throws IOException {
        // The framework passes the task's Reporter; anything else has no counters to add to.
        Reporter r = progress instanceof Reporter ? (Reporter) progress : Reporter.NULL;
        RecordWriterCore core = RecordWriterCore.open(WriteConfig.from(job),
                (counter, delta) -> r.incrCounter(OutputCounters.GROUP, counter, delta));
        return new AerospikeRecordWriter<>(core);
    }

    @Override
    public void checkOutputSpecs(FileSystem ignored, JobConf job) throws IOException {
        OutputSpecs.check(job, job.getOutputValueClass());
    }
}
