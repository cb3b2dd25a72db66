package io.aerohadoop.bench.tools;

import io.aerohadoop.bench.Contender;
import io.aerohadoop.testing.CountingReporter;
import io.aerohadoop.bench.RecordShape;
import io.aerohadoop.config.InputKeys;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.mapreduce.AerospikeInputFormat;
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
 * (r) The bare reader the export tool is built on: the new-API {@link AerospikeInputFormat} with
 * one split, {@code getSplits}, {@code createRecordReader}, {@code initialize}, {@code nextKeyValue}
 * touching the key and the int bin of every record, {@code close} — all timed, like the tool's job,
 * which plans its splits too.
 */
final class BareRead implements Contender {
    private final Configuration conf;
    private final long records;
    private int attempt;

    BareRead(String seeds, String namespace, String set, long records) {
        this.records = records;
        conf = new Configuration(false);
        conf.set(InputKeys.HOSTS, seeds);
        conf.set(InputKeys.NAMESPACE, namespace);
        conf.set(InputKeys.SET_NAME, set);
        conf.setInt(InputKeys.SPLITS, 1);
    }

    @Override
    public String label() {
        return "(r) bare RecordReader loop (new API, 1 split)";
    }

    @Override
    public long run() throws Exception {
        long started = System.nanoTime();
        AerospikeInputFormat format = new AerospikeInputFormat();
        List<InputSplit> splits = format.getSplits(new JobContextImpl(conf, new JobID("bench", 1)));
        TaskAttemptContext task = new TaskAttemptContextImpl(conf,
                new TaskAttemptID("bench", 1, TaskType.MAP, 0, attempt++), new CountingReporter(new Counters()));
        long n = 0;
        long sum = 0;
        long digestBytes = 0;
        try (RecordReader<AerospikeKey, Writable> reader = format.createRecordReader(splits.get(0), task)) {
            reader.initialize(splits.get(0), task);
            while (reader.nextKeyValue()) {
                digestBytes += reader.getCurrentKey().digest()[0];
                sum += (Long) ((AerospikeRecord) reader.getCurrentValue()).get(RecordShape.INT_BIN);
                n++;
            }
        }
        long elapsed = System.nanoTime() - started;
        if (n != records || sum != RecordShape.intSum(records) || digestBytes == Long.MIN_VALUE) {
            throw new IllegalStateException(label() + " read " + n + " records (int sum " + sum + "), expected " + records);
        }
        return elapsed;
    }
}
