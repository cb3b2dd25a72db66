package io.aerohadoop.mapreduce;

import io.aerohadoop.io.AerospikeKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/**
 * Reads an Aerospike namespace or set as the input of a MapReduce job (new API,
 * {@code mapreduce.job.inputformat.class}). Keys are {@link AerospikeKey}; values are
 * {@code AerospikeRecord}, or {@code Text} (one string bin, or JSON of all bins) as
 * {@code aerospike.input.value.*} says. Every key is listed in {@code docs/configuration.md}.
 *
 * <p>{@link #getSplits} validates the whole configuration and fails the job, naming the key at
 * fault, before any task runs.
 */
public class AerospikeInputFormat extends InputFormat<AerospikeKey, Writable> {
    @Override
    public List<InputSplit> getSplits(JobContext context) throws IOException {
        return new ArrayList<>(SplitPlanner.plan(context.getConfiguration()));
    }

    @Override
    public RecordReader<AerospikeKey, Writable> createRecordReader(InputSplit split, TaskAttemptContext context) {
        return new AerospikeRecordReader();
    }
}
