package io.aerohadoop.tools;

import io.aerohadoop.config.OutputKeys;
import io.aerohadoop.config.WriteConfig;
import io.aerohadoop.write.OutputCounters;
import io.aerohadoop.write.RecordWriterCore;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/**
 * The record writers of one task that writes each record with the TTL it carries
 * ({@value RecordTtlOutputFormat#KEEP_TTL}): the native writer applies one TTL to everything it
 * writes, so there is one {@link RecordWriterCore} per TTL value — a few at most, the least
 * recently used closed (flushed) first. Without {@code KEEP_TTL}, one writer with
 * {@code aerospike.output.ttl}. Not thread-safe.
 */
final class TtlWriters {
    /** The key of the one writer when records do not keep their TTL. */
    private static final int CONFIGURED = Integer.MIN_VALUE;

    private final Configuration conf;
    private final boolean keep;
    private final int resolution;
    private final OutputCounters.Sink sink;
    /** Access order: the eldest entry is the least recently used writer. */
    private final LinkedHashMap<Integer, RecordWriterCore> writers = new LinkedHashMap<>(16, 0.75f, true);

    TtlWriters(TaskAttemptContext context) {
        this.conf = context.getConfiguration();
        this.keep = conf.getBoolean(RecordTtlOutputFormat.KEEP_TTL, false);
        this.resolution = Math.max(1, conf.getInt(RecordTtlOutputFormat.RESOLUTION, 1));
        this.sink = (name, delta) -> {
            Counter c = context.getCounter(OutputCounters.GROUP, name);
            if (c != null) {
                c.increment(delta);
            }
        };
    }

    /** The writer for a record that carries {@code recordTtl}, opened on first use. */
    RecordWriterCore forRecord(int recordTtl) throws IOException {
        int ttl = keep ? RecordTtlOutputFormat.writtenTtl(recordTtl, resolution) : CONFIGURED;
        RecordWriterCore core = writers.get(ttl);
        if (core == null) {
            if (writers.size() >= RecordTtlOutputFormat.MAX_OPEN_WRITERS) {
                Iterator<Map.Entry<Integer, RecordWriterCore>> eldest = writers.entrySet().iterator();
                RecordWriterCore evicted = eldest.next().getValue();
                eldest.remove();
                evicted.close();
            }
            Configuration withTtl = conf;
            if (keep) {
                withTtl = new Configuration(conf);
                withTtl.setInt(OutputKeys.TTL, ttl);
            }
            core = RecordWriterCore.open(WriteConfig.from(withTtl), sink);
            writers.put(ttl, core);
        }
        return core;
    }

    /** Flushes and closes every writer; the first failure is thrown after all were closed. */
    void close() throws IOException {
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
