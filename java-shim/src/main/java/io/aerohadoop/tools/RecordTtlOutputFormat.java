package io.aerohadoop.tools;

import io.aerohadoop.config.OutputKeys;
import io.aerohadoop.config.WriteConfig;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.mapreduce.AerospikeOutputFormat;
import io.aerohadoop.write.OutputCounters;
import io.aerohadoop.write.RecordWriterCore;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/**
 * The connector's output format, plus one thing import and copy need: each record keeps the TTL
 * it carries ({@link AerospikeRecord#ttl()}, seconds left when it was read or exported) when
 * {@value #KEEP_TTL} is true. The native writer applies one TTL to everything it writes, so this
 * writer keeps one {@link RecordWriterCore} per TTL value — a few at most, least recently used
 * closed (flushed) first. TTLs can be rounded up to a multiple of {@value #RESOLUTION} seconds so
 * that records written over a long time share writers and batches.
 */
public final class RecordTtlOutputFormat extends AerospikeOutputFormat<AerospikeKey, AerospikeRecord> {
    /** true: write each record with its own TTL; false: aerospike.output.ttl for all. */
    static final String KEEP_TTL = "aerohadoop.tools.ttl.keep";
    /** Seconds; kept TTLs are rounded up to a multiple of this. */
    static final String RESOLUTION = "aerohadoop.tools.ttl.resolution";
    /** Native writers open at once in one task. */
    static final int MAX_OPEN_WRITERS = 8;

    @Override
    public RecordWriter<AerospikeKey, AerospikeRecord> getRecordWriter(TaskAttemptContext context) throws IOException {
        Configuration conf = context.getConfiguration();
        if (!conf.getBoolean(KEEP_TTL, false)) {
            return super.getRecordWriter(context);
        }
        OutputCounters.Sink sink = (name, delta) -> {
            Counter c = context.getCounter(OutputCounters.GROUP, name);
            if (c != null) {
                c.increment(delta);
            }
        };
        return new PerTtlWriter(conf, Math.max(1, conf.getInt(RESOLUTION, 1)), sink);
    }

    /** Kept TTL as the writer takes it: -1 never expires; otherwise rounded up to the resolution. */
    static int writtenTtl(int ttl, int resolution) {
        if (ttl < 0) {
            return -1;
        }
        if (ttl == 0) {
            return 0;
        }
        long rounded = ((ttl + (long) resolution - 1) / resolution) * resolution;
        return (int) Math.min(Integer.MAX_VALUE, rounded);
    }

    private static final class PerTtlWriter extends RecordWriter<AerospikeKey, AerospikeRecord> {
        private final Configuration conf;
        private final int resolution;
        private final OutputCounters.Sink sink;
        /** Access order: the eldest entry is the least recently used writer. */
        private final LinkedHashMap<Integer, RecordWriterCore> writers = new LinkedHashMap<>(16, 0.75f, true);

        PerTtlWriter(Configuration conf, int resolution, OutputCounters.Sink sink) {
            this.conf = conf;
            this.resolution = resolution;
            this.sink = sink;
        }

        @Override
        public void write(AerospikeKey key, AerospikeRecord record) throws IOException {
            int ttl = writtenTtl(record.ttl(), resolution);
            RecordWriterCore core = writers.get(ttl);
            if (core == null) {
                if (writers.size() >= MAX_OPEN_WRITERS) {
                    Iterator<Map.Entry<Integer, RecordWriterCore>> eldest = writers.entrySet().iterator();
                    RecordWriterCore evicted = eldest.next().getValue();
                    eldest.remove();
                    evicted.close();
                }
                Configuration withTtl = new Configuration(conf);
                withTtl.setInt(OutputKeys.TTL, ttl);
                core = RecordWriterCore.open(WriteConfig.from(withTtl), sink);
                writers.put(ttl, core);
            }
            core.write(key, record);
        }

        /** Flushes and closes every writer; the first failure is thrown after all were closed. */
        @Override
        public void close(TaskAttemptContext context) throws IOException {
            IOException first = null;
            for (RecordWriterCore core : writers.values()) {
                try {
                    core.close();
                } catch (IOException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            writers.clear();
            if (first != null) {
                throw first;
            }
        }
    }
}
