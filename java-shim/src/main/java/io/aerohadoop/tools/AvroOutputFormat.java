package io.aerohadoop.tools;

import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import java.io.IOException;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

/**
 * Export: Avro container files ({@code part-m-NNNNN.avro}, deflate-compressed) of
 * {@link AvroRecords#SCHEMA}. Written with Avro's own {@code DataFileWriter}: Hadoop ships the
 * {@code avro} jar but not {@code avro-mapred}, so Avro's MapReduce output formats are not on a
 * stock Hadoop classpath.
 */
public final class AvroOutputFormat extends FileOutputFormat<AerospikeKey, AerospikeRecord> {
    static final String EXTENSION = ".avro";
    private static final int DEFLATE_LEVEL = 1;

    @Override
    public RecordWriter<AerospikeKey, AerospikeRecord> getRecordWriter(TaskAttemptContext context) throws IOException {
        Path file = getDefaultWorkFile(context, EXTENSION);
        FSDataOutputStream stream = file.getFileSystem(context.getConfiguration()).create(file, false);
        DataFileWriter<GenericRecord> out = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(AvroRecords.SCHEMA));
        out.setCodec(CodecFactory.deflateCodec(DEFLATE_LEVEL));
        out.create(AvroRecords.SCHEMA, stream);
        return new RecordWriter<AerospikeKey, AerospikeRecord>() {
            @Override
            public void write(AerospikeKey key, AerospikeRecord record) throws IOException {
                out.append(AvroRecords.toAvro(key, record));
            }

            @Override
            public void close(TaskAttemptContext c) throws IOException {
                out.close();
            }
        };
    }
}
