package io.aerohadoop.mapreduce;

import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.OutputCommitter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/**
 * Commits nothing: records are written straight to the cluster by key, so a task attempt that is
 * run again (or speculatively twice) writes the same records, and there is no staged output to
 * promote or clean up. The same approach as Hadoop's {@code NullOutputFormat}.
 */
public final class AerospikeOutputCommitter extends OutputCommitter {
    @Override
    public void setupJob(JobContext jobContext) {}

    @Override
    public void setupTask(TaskAttemptContext taskContext) {}

    @Override
    public boolean needsTaskCommit(TaskAttemptContext taskContext) {
        return false;
    }

    @Override
    public void commitTask(TaskAttemptContext taskContext) {}

    @Override
    public void abortTask(TaskAttemptContext taskContext) {}

    /** Nothing is lost when the application master restarts: there is no job-level state. */
    @Override
    public boolean isRecoverySupported() {
        return true;
    }

    @Override
    public void recoverTask(TaskAttemptContext taskContext) {}
}
