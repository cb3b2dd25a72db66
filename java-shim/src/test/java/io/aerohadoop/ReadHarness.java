package io.aerohadoop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.mapreduce.AerospikeInputSplit;
import io.aerohadoop.read.InputCounters;
import io.aerohadoop.testing.CountingReporter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.Reporter;
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
 * Runs a read the way Hadoop does, without a job runner: getSplits in the "client", each split
 * serialized and deserialized as it travels to a task, then one record reader per split. The
 * rows, counters and per-split progress are kept for assertions.
 */
public final class ReadHarness {
    /** One key/value pair, copied out of the reused objects. */
    public static final class Row {
        public final AerospikeKey key;
        public final Writable value;

        Row(AerospikeKey key, Writable value) {
            this.key = key;
            this.value = value;
        }

        public AerospikeRecord record() {
            return (AerospikeRecord) value;
        }

        public String digest() {
            return ReadCluster.hex(key.digest());
        }
    }

    public final List<AerospikeInputSplit> splits = new ArrayList<>();
    public final List<Row> rows = new ArrayList<>();
    /** Counters of every split's task, summed as the job would. */
    public final Counters counters = new Counters();

    private ReadHarness() {}

    public long counter(String name) {
        return counters.findCounter(InputCounters.GROUP, name).getValue();
    }

    /** Reads everything {@code conf} selects through the new-API input format. */
    public static ReadHarness readNewApi(Configuration conf) throws IOException, InterruptedException {
        ReadHarness h = new ReadHarness();
        io.aerohadoop.mapreduce.AerospikeInputFormat format = new io.aerohadoop.mapreduce.AerospikeInputFormat();
        List<InputSplit> planned = format.getSplits(new JobContextImpl(conf, new JobID("harness", 1)));
        int task = 0;
        for (InputSplit planSplit : planned) {
            AerospikeInputSplit split = travel((AerospikeInputSplit) planSplit);
            h.splits.add(split);
            TaskAttemptContext ctx = new TaskAttemptContextImpl(conf,
                    new TaskAttemptID("harness", 1, TaskType.MAP, task++, 0), new CountingReporter(h.counters));
            RecordReader<AerospikeKey, Writable> reader = format.createRecordReader(split, ctx);
            try {
                reader.initialize(split, ctx);
                assertEquals(0f, reader.getProgress(), 0f);
                while (reader.nextKeyValue()) {
                    h.rows.add(new Row(AerospikeKey.copyOf(reader.getCurrentKey()), copy(reader.getCurrentValue())));
                }
                assertFalse("read on after the end", reader.nextKeyValue());
                assertEquals("progress of a finished split", 1f, reader.getProgress(), 0f);
            } finally {
                reader.close();
            }
        }
        return h;
    }

    /** Reads everything {@code conf} selects through the old-API input format. */
    public static ReadHarness readOldApi(Configuration conf) throws IOException {
        ReadHarness h = new ReadHarness();
        JobConf job = new JobConf(conf);
        io.aerohadoop.mapred.AerospikeInputFormat format = new io.aerohadoop.mapred.AerospikeInputFormat();
        org.apache.hadoop.mapred.InputSplit[] planned = format.getSplits(job, 1);
        OldApiReporter reporter = new OldApiReporter(h.counters);
        for (org.apache.hadoop.mapred.InputSplit planSplit : planned) {
            AerospikeInputSplit split = travel((AerospikeInputSplit) planSplit);
            h.splits.add(split);
            org.apache.hadoop.mapred.RecordReader<AerospikeKey, Writable> reader =
                    format.getRecordReader(split, job, reporter);
            try {
                AerospikeKey key = reader.createKey();
                Writable value = reader.createValue();
                long n = 0;
                while (reader.next(key, value)) {
                    n++;
                    h.rows.add(new Row(AerospikeKey.copyOf(key), copy(value)));
                    assertEquals(n, reader.getPos());
                }
                assertEquals(1f, reader.getProgress(), 0f);
            } finally {
                reader.close();
            }
        }
        return h;
    }

    /** The split as a task receives it: written by the client, read back through the no-arg constructor. */
    static AerospikeInputSplit travel(AerospikeInputSplit split) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            split.write(out);
        }
        AerospikeInputSplit back = new AerospikeInputSplit();
        back.readFields(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        return back;
    }

    private static Writable copy(Writable v) {
        if (v instanceof AerospikeRecord) {
            return AerospikeRecord.copyOf((AerospikeRecord) v);
        }
        return new Text((Text) v);
    }

    /** The old API's Reporter over the same counters. */
    static final class OldApiReporter implements Reporter {
        private final Counters counters;

        OldApiReporter(Counters counters) {
            this.counters = counters;
        }

        @Override
        public void incrCounter(String group, String counter, long amount) {
            counters.findCounter(group, counter).increment(amount);
        }

        @Override
        public void incrCounter(Enum<?> key, long amount) {
            counters.findCounter(key).increment(amount);
        }

        @Override
        public org.apache.hadoop.mapred.Counters.Counter getCounter(Enum<?> name) {
            return null;
        }

        @Override
        public org.apache.hadoop.mapred.Counters.Counter getCounter(String group, String name) {
            return null;
        }

        @Override
        public org.apache.hadoop.mapred.InputSplit getInputSplit() {
            throw new UnsupportedOperationException();
        }

        @Override
        public float getProgress() {
            return 0;
        }

        @Override
        public void setStatus(String status) {}

        @Override
        public void progress() {}
    }
}
