package io.aerohadoop;

import io.aerohadoop.testing.CountingReporter;
import io.aerohadoop.write.OutputCounters;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.OutputCommitter;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.task.JobContextImpl;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;

/**
 * Runs a write the way Hadoop does, without a job runner: checkOutputSpecs in the "client", then
 * the pairs dealt out to {@code tasks} task attempts, each with its own record writer, written and
 * closed. The tasks' counters are summed as the job would.
 */
public final class WriteHarness {
    public final Counters counters = new Counters();

    private WriteHarness() {}

    /** A task's status reporter over {@code counters}, for tests that drive a record writer themselves. */
    public static org.apache.hadoop.mapreduce.StatusReporter counting(Counters counters) {
        return new CountingReporter(counters);
    }

    public long counter(String name) {
        return counters.findCounter(OutputCounters.GROUP, name).getValue();
    }

    /** Writes {@code pairs} ({key, value}) through the new-API output format. */
    public static WriteHarness writeNewApi(Configuration conf, Class<?> valueClass, List<Object[]> pairs, int tasks)
            throws IOException, InterruptedException {
        WriteHarness h = new WriteHarness();
        Job job = Job.getInstance(conf);
        job.setOutputValueClass(valueClass);
        io.aerohadoop.mapreduce.AerospikeOutputFormat<Object, Object> format =
                new io.aerohadoop.mapreduce.AerospikeOutputFormat<>();
        format.checkOutputSpecs(new JobContextImpl(job.getConfiguration(), new JobID("harness", 1)));
        for (int t = 0; t < tasks; t++) {
            TaskAttemptContext ctx = new TaskAttemptContextImpl(job.getConfiguration(),
                    new TaskAttemptID("harness", 1, TaskType.REDUCE, t, 0), new CountingReporter(h.counters));
            OutputCommitter committer = format.getOutputCommitter(ctx);
            committer.setupTask(ctx);
            RecordWriter<Object, Object> writer = format.getRecordWriter(ctx);
            try {
                for (int i = t; i < pairs.size(); i += tasks) {
                    writer.write(pairs.get(i)[0], pairs.get(i)[1]);
                }
            } finally {
                writer.close(ctx);
            }
            if (committer.needsTaskCommit(ctx)) {
                committer.commitTask(ctx);
            }
        }
        return h;
    }

    /** Writes {@code pairs} ({key, value}) through the old-API output format. */
    public static WriteHarness writeOldApi(Configuration conf, Class<?> valueClass, List<Object[]> pairs, int tasks)
            throws IOException {
        WriteHarness h = new WriteHarness();
        JobConf job = new JobConf(conf);
        job.setOutputValueClass(valueClass);
        io.aerohadoop.mapred.AerospikeOutputFormat<Object, Object> format =
                new io.aerohadoop.mapred.AerospikeOutputFormat<>();
        format.checkOutputSpecs(null, job);
        ReadHarness.OldApiReporter reporter = new ReadHarness.OldApiReporter(h.counters);
        for (int t = 0; t < tasks; t++) {
            org.apache.hadoop.mapred.RecordWriter<Object, Object> writer =
                    format.getRecordWriter(null, job, "part-" + t, reporter);
            try {
                for (int i = t; i < pairs.size(); i += tasks) {
                    writer.write(pairs.get(i)[0], pairs.get(i)[1]);
                }
            } finally {
                writer.close(reporter);
            }
        }
        return h;
    }
}
