package io.aerohadoop.bench.tools;

import io.aerohadoop.bench.Contender;
import io.aerohadoop.testing.CountingReporter;
import io.aerohadoop.bench.RecordShape;
import io.aerohadoop.config.OutputKeys;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.mapreduce.AerospikeOutputFormat;
import org.apache.hadoop.conf.Configuration;
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
 * (w) The bare writer the import tool is built on: the new-API {@link AerospikeOutputFormat} with
 * the default batch size and in-flight batches, {@code checkOutputSpecs}, {@code getRecordWriter},
 * {@code write} of what import writes — an {@link AerospikeKey} with the integer user key and an
 * {@link AerospikeRecord} of three bins, both reused —, {@code close}; all timed.
 */
final class BareWrite implements Contender {
    private final Configuration conf;
    private final SinkSet sink;
    private final String[] texts;
    private int attempt;

    BareWrite(String seeds, SinkSet sink, String[] texts) {
        this.sink = sink;
        this.texts = texts;
        conf = new Configuration(false);
        conf.set(OutputKeys.HOSTS, seeds);
        conf.set(OutputKeys.NAMESPACE, sink.namespace);
        conf.set(OutputKeys.SET_NAME, sink.set);
        conf.setClass(MRJobConfig.OUTPUT_KEY_CLASS, AerospikeKey.class, Object.class);
        conf.setClass(MRJobConfig.OUTPUT_VALUE_CLASS, AerospikeRecord.class, Object.class);
    }

    @Override
    public String label() {
        return "(w) bare RecordWriter (new API, AerospikeKey + AerospikeRecord)";
    }

    @Override
    public void prepare() {
        sink.empty();
    }

    @Override
    public long run() throws Exception {
        long started = System.nanoTime();
        AerospikeOutputFormat<AerospikeKey, AerospikeRecord> format = new AerospikeOutputFormat<>();
        format.checkOutputSpecs(new JobContextImpl(conf, new JobID("bench", 1)));
        TaskAttemptContext task = new TaskAttemptContextImpl(conf,
                new TaskAttemptID("bench", 1, TaskType.MAP, 0, attempt++), new CountingReporter(new Counters()));
        AerospikeKey key = new AerospikeKey();
        AerospikeRecord value = new AerospikeRecord();
        byte[] noDigest = new byte[AerospikeKey.DIGEST_LENGTH];
        RecordWriter<AerospikeKey, AerospikeRecord> writer = format.getRecordWriter(task);
        try {
            for (int i = 0; i < texts.length; i++) {
                key.set(sink.namespace, sink.set, noDigest, (long) i);
                value.put(RecordShape.INT_BIN, (long) i);
                value.put(RecordShape.STRING_BIN, texts[i]);
                value.put(RecordShape.FLOAT_BIN, RecordShape.real(i));
                writer.write(key, value);
            }
        } finally {
            writer.close(task);
        }
        return System.nanoTime() - started;
    }

    @Override
    public void verify() {
        sink.expect(label(), texts.length);
    }
}
