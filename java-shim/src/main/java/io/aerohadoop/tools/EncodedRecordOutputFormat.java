package io.aerohadoop.tools;

import io.aerohadoop.io.ByteSink;
import io.aerohadoop.mapreduce.AerospikeOutputFormat;
import java.io.IOException;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/**
 * The import's output format for records its mappers transcoded straight into the write frame's
 * layout ({@link EncodedRecord}): {@link RecordTtlOutputFormat}'s TTL handling
 * ({@link TtlWriters}) and the connector's checks and commit, without a key and record object per
 * record for the writer to map and encode again.
 */
public final class EncodedRecordOutputFormat extends AerospikeOutputFormat<NullWritable, EncodedRecord> {
    @Override
    public RecordWriter<NullWritable, EncodedRecord> getRecordWriter(TaskAttemptContext context) {
        TtlWriters writers = new TtlWriters(context);
        return new RecordWriter<NullWritable, EncodedRecord>() {
            @Override
            public void write(NullWritable key, EncodedRecord record) throws IOException {
                ByteSink b = record.bytes();
                writers.forRecord(record.ttl()).writeEncoded(b.array(), 0, b.length());
            }

            @Override
            public void close(TaskAttemptContext context) throws IOException {
                writers.close();
            }
        };
    }
}
