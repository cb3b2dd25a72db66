package io.aerohadoop.hive;

import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.mapred.AerospikeOutputFormat;
import io.aerohadoop.write.OutputSpecs;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.ql.exec.FileSinkOperator;
import org.apache.hadoop.hive.ql.io.HiveOutputFormat;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RecordWriter;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.util.Progressable;

/**
 * The output format of Aerospike tables: each row the SerDe made ({@link AerospikeRow}) is written
 * by the connector's old-API {@link AerospikeOutputFormat} under its user key (or digest), bins as
 * the columns say. Writes are upserts by key with the configured {@code aerospike.output.write.mode}
 * (default {@code update}); nothing is truncated, also not by INSERT OVERWRITE.
 */
public final class AerospikeHiveOutputFormat implements HiveOutputFormat<Writable, AerospikeRow> {
    @Override
    public FileSinkOperator.RecordWriter getHiveRecordWriter(JobConf jc, Path finalOutPath,
            Class<? extends Writable> valueClass, boolean isCompressed, Properties tableProperties, Progressable progress)
            throws IOException {
        RecordWriter<Writable, AerospikeRecord> writer = open(withTable(jc, tableProperties), progress);
        return new FileSinkOperator.RecordWriter() {
            @Override
            public void write(Writable w) throws IOException {
                AerospikeRow row = row(w);
                writer.write((Writable) row.writeKey(), row.record());
            }

            @Override
            public void close(boolean abort) throws IOException {
                // Also on abort: what was queued is sent (writes by key are idempotent) and the
                // native writer and its connection are released.
                writer.close(Reporter.NULL);
            }
        };
    }

    @Override
    public RecordWriter<Writable, AerospikeRow> getRecordWriter(FileSystem ignored, JobConf job, String name,
            Progressable progress) throws IOException {
        RecordWriter<Writable, AerospikeRecord> writer = open(job, progress);
        return new RecordWriter<Writable, AerospikeRow>() {
            @Override
            public void write(Writable key, AerospikeRow row) throws IOException {
                writer.write((Writable) row.writeKey(), row.record());
            }

            @Override
            public void close(Reporter reporter) throws IOException {
                writer.close(reporter);
            }
        };
    }

    @Override
    public void checkOutputSpecs(FileSystem ignored, JobConf job) throws IOException {
        // Rows are AerospikeRecords, never a scalar value needing aerospike.output.binname.
        OutputSpecs.check(job, AerospikeRecord.class);
    }

    private static RecordWriter<Writable, AerospikeRecord> open(JobConf job, Progressable progress) throws IOException {
        return new AerospikeOutputFormat<Writable, AerospikeRecord>().getRecordWriter(null, job, "hive", progress);
    }

    /** The job's configuration with the table's output keys, which win over the session's. */
    private static JobConf withTable(JobConf jc, Properties table) {
        JobConf conf = new JobConf(jc);
        if (table != null) {
            Map<String, String> keys = new HashMap<>();
            TableProperties.output(table, keys);
            keys.forEach(conf::set);
        }
        return conf;
    }

    private static AerospikeRow row(Writable w) throws IOException {
        if (!(w instanceof AerospikeRow)) {
            throw new IOException("AerospikeHiveOutputFormat writes AerospikeRow values, not "
                    + (w == null ? "null" : w.getClass().getName()));
        }
        return (AerospikeRow) w;
    }
}
