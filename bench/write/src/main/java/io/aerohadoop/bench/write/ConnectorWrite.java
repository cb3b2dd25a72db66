package io.aerohadoop.bench.write;

import io.aerohadoop.testing.CountingReporter;
import io.aerohadoop.bench.RecordShape;
import io.aerohadoop.config.OutputKeys;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.mapreduce.AerospikeOutputFormat;
import io.aerohadoop.write.OutputCounters;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.task.JobContextImpl;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;

/**
 * Writer (a): aerohadoop's new-API {@link AerospikeOutputFormat} through the connector jar, as a
 * reduce task writes: {@code getRecordWriter} on a task attempt context, {@code write} of a
 * {@code LongWritable} key and an {@link AerospikeRecord} value with three bins for every record
 * (one key and one value reused, as Hadoop reuses them), {@code close}. The timing covers the
 * task's part, {@code getRecordWriter} (connecting) to {@code close} (every answer received);
 * {@code checkOutputSpecs} runs once before, as the job client runs it before any task.
 */
final class ConnectorWrite extends SetWriter {
    private final Configuration conf;
    private final AerospikeOutputFormat<LongWritable, AerospikeRecord> format = new AerospikeOutputFormat<>();
    private int attempt;
    /** Counters of the last run (the connector's, group {@value OutputCounters#GROUP}). */
    private Counters counters = new Counters();

    /**
     * @param batchSize {@code aerospike.output.batch.size}, or 0 for the default
     * @param inflight {@code aerospike.output.inflight}, or 0 for the default
     */
    ConnectorWrite(String seeds, Workload workload, WrittenSet target, int batchSize, int inflight) throws Exception {
        super(workload, target);
        conf = new Configuration(false);
        conf.set(OutputKeys.HOSTS, seeds);
        conf.set(OutputKeys.NAMESPACE, workload.namespace);
        conf.set(OutputKeys.SET_NAME, target.set);
        if (batchSize > 0) {
            conf.setInt(OutputKeys.BATCH_SIZE, batchSize);
        }
        if (inflight > 0) {
            conf.setInt(OutputKeys.INFLIGHT, inflight);
        }
        conf.setClass(MRJobConfig.OUTPUT_KEY_CLASS, LongWritable.class, Object.class);
        conf.setClass(MRJobConfig.OUTPUT_VALUE_CLASS, AerospikeRecord.class, Object.class);
        format.checkOutputSpecs(new JobContextImpl(conf, new JobID("bench", 1)));
    }

    @Override
    public String label() {
        return String.format("(a) aerohadoop RecordWriter (new API; batch %s, inflight %s)",
                conf.get(OutputKeys.BATCH_SIZE, OutputKeys.DEFAULT_BATCH_SIZE + ""),
                conf.get(OutputKeys.INFLIGHT, OutputKeys.DEFAULT_INFLIGHT + ""));
    }

    @Override
    public long run() throws Exception {
        counters = new Counters();
        TaskAttemptContext task = new TaskAttemptContextImpl(conf,
                new TaskAttemptID("bench", 1, TaskType.REDUCE, 0, attempt++), new CountingReporter(counters));
        LongWritable key = new LongWritable();
        AerospikeRecord value = new AerospikeRecord();
        int n = workload.size();
        long started = System.nanoTime();
        RecordWriter<LongWritable, AerospikeRecord> writer = format.getRecordWriter(task);
        try {
            for (int i = 0; i < n; i++) {
                key.set(i);
                value.put(RecordShape.INT_BIN, (long) i);
                value.put(RecordShape.STRING_BIN, workload.text(i));
                value.put(RecordShape.FLOAT_BIN, RecordShape.real(i));
                writer.write(key, value);
            }
        } finally {
            writer.close(task);
        }
        return System.nanoTime() - started;
    }

    /** A counter of the last run. */
    long counter(String name) {
        return counters.findCounter(OutputCounters.GROUP, name).getValue();
    }

    @Override
    public void verify() throws Exception {
        super.verify();
        if (counter(OutputCounters.WRITTEN) != workload.size() || counter(OutputCounters.FAILED) != 0) {
            throw new IllegalStateException(label() + " counted " + counter(OutputCounters.WRITTEN) + " written and "
                    + counter(OutputCounters.FAILED) + " failed records, expected " + workload.size() + " and 0");
        }
    }
}
