package io.aerohadoop.it;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.OutputCommitter;
import org.apache.hadoop.mapreduce.OutputFormat;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.task.JobContextImpl;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;

/**
 * Attempts of one reduce task of one job, driven through Hadoop's public output API the way the
 * framework drives them: the job's committer sets the job up; each attempt gets its own context
 * (attempt id {@code _0}, {@code _1}, ... of the same task), committer.setupTask, a record writer;
 * a failed attempt has its writer closed (Hadoop closes it in a finally block) and is aborted; a
 * successful one closes its writer and commits if the committer asks to. Either MapReduce API.
 *
 * <p>This exists because LocalJobRunner never runs a task twice.
 */
abstract class TaskAttempts {
    private static final String JOB_TRACKER = "hadoopit";
    private static final int JOB = 6;
    private static final int TASK = 0;

    /** One attempt's record writer and the calls that end it. */
    interface Attempt {
        void write(Object key, Object value) throws IOException;

        /** Closes the writer, then aborts the attempt, as the framework does for a failed task. */
        void fail() throws IOException;

        /** Closes the writer; commits the attempt if the committer needs a commit. */
        void succeed() throws IOException;

        /** Aborts an attempt whose writer is closed: the losing speculative attempt, killed. */
        void abort() throws IOException;
    }

    abstract void setupJob() throws IOException;

    abstract Attempt start(int attempt, AttemptCounters counters) throws IOException;

    abstract void commitJob() throws IOException;

    static TaskAttempts newApi(Configuration conf, Class<?> valueClass) throws IOException {
        return new NewApi(conf, valueClass);
    }

    static TaskAttempts oldApi(JobConf conf, Class<?> valueClass) {
        return new OldApi(conf, valueClass);
    }

    /** {@code mapreduce.job.outputformat.class} = the connector's new-API output format. */
    private static final class NewApi extends TaskAttempts {
        private final Configuration conf;
        private final JobContextImpl jobContext;
        private final OutputFormat<Object, Object> format;
        private OutputCommitter jobCommitter;

        NewApi(Configuration base, Class<?> valueClass) throws IOException {
            Job job = Job.getInstance(base);
            job.setOutputFormatClass(io.aerohadoop.mapreduce.AerospikeOutputFormat.class);
            job.setOutputValueClass(valueClass);
            this.conf = job.getConfiguration();
            this.jobContext = new JobContextImpl(conf, new JobID(JOB_TRACKER, JOB));
            this.format = new io.aerohadoop.mapreduce.AerospikeOutputFormat<>();
        }

        @Override
        void setupJob() throws IOException {
            try {
                format.checkOutputSpecs(jobContext);
                // The application master takes the committer from a context of attempt 0.
                jobCommitter = format.getOutputCommitter(context(0, new AttemptCounters()));
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
            jobCommitter.setupJob(jobContext);
        }

        private TaskAttemptContext context(int attempt, AttemptCounters counters) {
            return new TaskAttemptContextImpl(conf, new TaskAttemptID(JOB_TRACKER, JOB, TaskType.REDUCE, TASK, attempt),
                    counters.statusReporter());
        }

        @Override
        Attempt start(int attempt, AttemptCounters counters) throws IOException {
            TaskAttemptContext ctx = context(attempt, counters);
            try {
                OutputCommitter committer = format.getOutputCommitter(ctx);
                committer.setupTask(ctx);
                RecordWriter<Object, Object> writer = format.getRecordWriter(ctx);
                return new Attempt() {
                    @Override
                    public void write(Object key, Object value) throws IOException {
                        try {
                            writer.write(key, value);
                        } catch (InterruptedException e) {
                            throw interrupted(e);
                        }
                    }

                    private void close() throws IOException {
                        try {
                            writer.close(ctx);
                        } catch (InterruptedException e) {
                            throw interrupted(e);
                        }
                    }

                    @Override
                    public void fail() throws IOException {
                        close();
                        committer.abortTask(ctx);
                    }

                    @Override
                    public void succeed() throws IOException {
                        close();
                        if (committer.needsTaskCommit(ctx)) {
                            committer.commitTask(ctx);
                        }
                    }

                    @Override
                    public void abort() throws IOException {
                        committer.abortTask(ctx);
                    }
                };
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }

        @Override
        void commitJob() throws IOException {
            jobCommitter.commitJob(jobContext);
        }
    }

    /**
     * {@code mapred.output.format.class} = the connector's old-API output format; the committer is
     * the job's ({@code JobConf.getOutputCommitter()}), as old-API tasks get it.
     */
    private static final class OldApi extends TaskAttempts {
        private final JobConf conf;
        private final org.apache.hadoop.mapred.JobContextImpl jobContext;
        private final org.apache.hadoop.mapred.OutputFormat<Object, Object> format;
        private final org.apache.hadoop.mapred.OutputCommitter committer;

        OldApi(JobConf base, Class<?> valueClass) {
            this.conf = new JobConf(base);
            conf.setOutputFormat(io.aerohadoop.mapred.AerospikeOutputFormat.class);
            conf.setOutputValueClass(valueClass);
            this.jobContext = new org.apache.hadoop.mapred.JobContextImpl(conf,
                    new org.apache.hadoop.mapred.JobID(JOB_TRACKER, JOB));
            this.format = new io.aerohadoop.mapred.AerospikeOutputFormat<>();
            this.committer = conf.getOutputCommitter();
        }

        @Override
        void setupJob() throws IOException {
            format.checkOutputSpecs(FileSystem.get(conf), conf);
            committer.setupJob(jobContext);
        }

        @Override
        Attempt start(int attempt, AttemptCounters counters) throws IOException {
            org.apache.hadoop.mapred.TaskAttemptContext ctx = new org.apache.hadoop.mapred.TaskAttemptContextImpl(conf,
                    new org.apache.hadoop.mapred.TaskAttemptID(JOB_TRACKER, JOB, TaskType.REDUCE, TASK, attempt));
            committer.setupTask(ctx);
            org.apache.hadoop.mapred.Reporter reporter = counters.reporter();
            // An old-API reduce task names its writer after the part file it would write.
            org.apache.hadoop.mapred.RecordWriter<Object, Object> writer =
                    format.getRecordWriter(FileSystem.get(conf), conf, String.format("part-%05d", TASK), reporter);
            return new Attempt() {
                @Override
                public void write(Object key, Object value) throws IOException {
                    writer.write(key, value);
                }

                @Override
                public void fail() throws IOException {
                    writer.close(reporter);
                    committer.abortTask(ctx);
                }

                @Override
                public void succeed() throws IOException {
                    writer.close(reporter);
                    if (committer.needsTaskCommit(ctx)) {
                        committer.commitTask(ctx);
                    }
                }

                @Override
                public void abort() throws IOException {
                    committer.abortTask(ctx);
                }
            };
        }

        @Override
        void commitJob() throws IOException {
            committer.commitJob(jobContext);
        }
    }

    private static IOException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return new IOException("interrupted", e);
    }
}
