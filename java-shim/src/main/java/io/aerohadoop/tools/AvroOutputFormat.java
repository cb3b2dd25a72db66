package io.aerohadoop.tools;

import io.aerohadoop.io.ByteSink;
import io.aerohadoop.io.RecordFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

/**
 * Export: Avro container files ({@code part-m-NNNNN.avro}, deflate-compressed) of
 * {@link AvroRecords#SCHEMA}. Written with Avro's own {@code DataFileWriter} (Hadoop ships the
 * {@code avro} jar but not {@code avro-mapred}, so Avro's MapReduce output formats are not on a
 * stock Hadoop classpath), one datum per record, encoded straight from the frame
 * ({@link AvroTranscoder}) and added with {@code appendEncoded}.
 */
public final class AvroOutputFormat extends FileOutputFormat<NullWritable, RecordFrame> {
    static final String EXTENSION = ".avro";
    private static final int DEFLATE_LEVEL = 1;

    @Override
    public RecordWriter<NullWritable, RecordFrame> getRecordWriter(TaskAttemptContext context) throws IOException {
        Path file = getDefaultWorkFile(context, EXTENSION);
        FSDataOutputStream stream = file.getFileSystem(context.getConfiguration()).create(file, false);
        DataFileWriter<GenericRecord> out = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(AvroRecords.SCHEMA));
        out.setCodec(CodecFactory.deflateCodec(DEFLATE_LEVEL));
        out.create(AvroRecords.SCHEMA, stream);
        AvroTranscoder transcoder = new AvroTranscoder();
        return new RecordWriter<NullWritable, RecordFrame>() {
            private ByteBuffer wrapped = ByteBuffer.wrap(new byte[0]);

            @Override
            public void write(NullWritable key, RecordFrame frame) throws IOException {
                transcoder.reset(frame);
                while (transcoder.next()) {
                    ByteSink datum = transcoder.datum();
                    if (wrapped.array() != datum.array()) {
                        wrapped = ByteBuffer.wrap(datum.array());
                    }
                    wrapped.limit(datum.length()).position(0);
                    out.appendEncoded(wrapped);
                }
            }

            @Override
            public void close(TaskAttemptContext c) throws IOException {
                out.close();
            }
        };
    }
}
