package io.aerohadoop.tools;

import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.mapreduce.AerospikeOutputFormat;
import io.aerohadoop.write.RecordWriterCore;
import java.io.IOException;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/**
 * The connector's output format, plus one thing import and copy need: each record keeps the TTL
 * it carries ({@link AerospikeRecord#ttl()}, seconds left when it was read or exported) when
 * {@value #KEEP_TTL} is true. The native writer applies one TTL to everything it writes, so this
 * writer keeps one {@link RecordWriterCore} per TTL value ({@link TtlWriters}). TTLs can be
 * rounded up to a multiple of {@value #RESOLUTION} seconds so that records written over a long
 * time share writers and batches.
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
        if (!context.getConfiguration().getBoolean(KEEP_TTL, false)) {
            return super.getRecordWriter(context);
        }
        TtlWriters writers = new TtlWriters(context);
        return new RecordWriter<AerospikeKey, AerospikeRecord>() {
            @Override
            public void write(AerospikeKey key, AerospikeRecord record) throws IOException {
                writers.forRecord(record.ttl()).write(key, record);
            }

            @Override
            public void close(TaskAttemptContext context) throws IOException {
                writers.close();
            }
        };
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
}
