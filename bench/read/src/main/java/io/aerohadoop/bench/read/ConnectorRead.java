package io.aerohadoop.bench.read;

import io.aerohadoop.testing.CountingReporter;
import io.aerohadoop.bench.RecordShape;
import io.aerohadoop.config.InputKeys;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.mapreduce.AerospikeInputFormat;
import io.aerohadoop.read.InputCounters;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.task.JobContextImpl;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;

/**
 * Reader (a): aerohadoop's new-API {@link AerospikeInputFormat} with one split over every
 * partition ({@code aerospike.input.splits=1}), read as a map task reads it: {@code getSplits},
 * {@code createRecordReader}, {@code initialize}, then {@code nextKeyValue} touching the key and
 * one bin of every record, {@code close}. The timing covers the task's part,
 * from {@code createRecordReader} to {@code close}; {@code getSplits} runs before it, as in a job.
 */
final class ConnectorRead implements Reader {
    private final Configuration conf;
    private final DataSet data;
    private int attempt;
    /** Counters of the last read (the connector's, group {@value InputCounters#GROUP}). */
    private Counters counters = new Counters();

    ConnectorRead(String seeds, DataSet data) {
        this.data = data;
        conf = new Configuration(false);
        conf.set(InputKeys.HOSTS, seeds);
        conf.set(InputKeys.NAMESPACE, data.namespace);
        conf.set(InputKeys.SET_NAME, data.set);
        conf.setInt(InputKeys.SPLITS, 1);
    }

    @Override
    public String label() {
        return "(a) aerohadoop RecordReader (new API, 1 split)";
    }

    /** The most native frame memory the last read's reader held (its counter). */
    long peakNativeBytes() {
        return counters.findCounter(InputCounters.GROUP, InputCounters.PEAK_NATIVE_BYTES).getValue();
    }

    @Override
    public long read() throws Exception {
        // Planned by the job client before any task runs: not part of the task's time.
        AerospikeInputFormat format = new AerospikeInputFormat();
        List<InputSplit> splits = format.getSplits(new JobContextImpl(conf, new JobID("bench", 1)));
        if (splits.size() != 1) {
            throw new IllegalStateException("asked for one split, got " + splits.size());
        }
        long started = System.nanoTime();
        counters = new Counters();
        TaskAttemptContext task = new TaskAttemptContextImpl(conf,
                new TaskAttemptID("bench", 1, TaskType.MAP, 0, attempt++), new CountingReporter(counters));
        long records = 0;
        long sum = 0;
        long digestBytes = 0;
        try (RecordReader<AerospikeKey, Writable> reader = format.createRecordReader(splits.get(0), task)) {
            reader.initialize(splits.get(0), task);
            while (reader.nextKeyValue()) {
                AerospikeKey key = reader.getCurrentKey();
                AerospikeRecord value = (AerospikeRecord) reader.getCurrentValue();
                digestBytes += key.digest()[0];
                sum += (Long) value.get(RecordShape.INT_BIN);
                records++;
            }
        }
        long elapsed = System.nanoTime() - started;
        Checks.expect(label(), data, records, sum);
        // Keeps the digest reads from being optimized away; never true for a real digest sum.
        if (digestBytes == Long.MIN_VALUE) {
            throw new IllegalStateException("impossible digest sum");
        }
        return elapsed;
    }
}
