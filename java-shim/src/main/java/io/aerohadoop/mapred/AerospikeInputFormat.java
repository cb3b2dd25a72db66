package io.aerohadoop.mapred;

import io.aerohadoop.config.ReadConfig;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.mapreduce.AerospikeInputSplit;
import io.aerohadoop.mapreduce.SplitPlanner;
import io.aerohadoop.read.InputCounters;
import io.aerohadoop.read.SplitReader;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapred.InputFormat;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapred.Reporter;

/**
 * The old-API ({@code org.apache.hadoop.mapred}) input format, for jobs, Hive and Streaming that
 * still use it: the same splits, configuration and reader as
 * {@link io.aerohadoop.mapreduce.AerospikeInputFormat}.
 *
 * <p>The {@code numSplits} hint of {@link #getSplits} is ignored: the split count follows
 * {@code aerospike.input.split.mode} and {@code aerospike.input.splits}.
 */
public class AerospikeInputFormat implements InputFormat<AerospikeKey, Writable> {
    @Override
    public InputSplit[] getSplits(JobConf job, int numSplits) throws IOException {
        List<AerospikeInputSplit> splits = SplitPlanner.plan(job);
        return splits.toArray(new InputSplit[0]);
    }

    @Override
    public RecordReader<AerospikeKey, Writable> getRecordReader(InputSplit split, JobConf job, Reporter reporter)
            throws IOException {
        if (!(split instanceof AerospikeInputSplit)) {
            throw new IOException("AerospikeInputFormat reads AerospikeInputSplit, not " + split.getClass().getName());
        }
        AerospikeInputSplit s = (AerospikeInputSplit) split;
        ReadConfig config = ReadConfig.from(job);
        Reporter r = reporter == null ? Reporter.NULL : reporter;
        SplitReader reader = SplitReader.open(config, s.nativeSplit(), s.partitions(), s.isKeyList(),
                (name, delta) -> r.incrCounter(InputCounters.GROUP, name, delta));
        return new AerospikeRecordReader(reader);
    }
}
