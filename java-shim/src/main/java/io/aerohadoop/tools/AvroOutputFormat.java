package io.aerohadoop.tools;

import io.aerohadoop.io.ByteSink;
import io.aerohadoop.io.NativeFrameEncoder;
import io.aerohadoop.io.RecordFrame;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

/**
 * Export: Avro container files ({@code part-m-NNNNN.avro}) of {@link AvroRecords#SCHEMA}, blocks
 * snappy-compressed unless {@value #CODEC_KEY} says {@code deflate} or {@code null} ({@link #defaultCodec()}). Written with
 * Avro's own {@code DataFileWriter} (Hadoop ships the {@code avro} jar but not {@code avro-mapred},
 * so Avro's MapReduce output formats are not on a stock Hadoop classpath), one datum per record,
 * encoded by the native library straight from the frame ({@link NativeFrameEncoder#avroDatums})
 * and added with {@code appendEncoded}, on the export's writer thread
 * ({@link BackgroundFrameWriter}).
 */
public final class AvroOutputFormat extends FileOutputFormat<NullWritable, RecordFrame> {
    static final String EXTENSION = ".avro";
    /** The blocks' codec: {@code snappy}, {@code deflate} (level 1) or {@code null}; set by export's --avro-codec. */
    static final String CODEC_KEY = "aerohadoop.export.avro.codec";
    /**
     * Snappy: deflate costs about 0.45 µs of CPU per record, which alone made export slower than
     * 1.2× the bare reader; snappy costs a fraction of it. Hadoop ships snappy-java
     * (share/hadoop/common/lib), and Spark and Hive write Avro with snappy by default.
     */
    static final String SNAPPY = "snappy";
    static final String DEFLATE = "deflate";
    private static final int DEFLATE_LEVEL = 1;

    /**
     * {@code snappy} when snappy-java is on the classpath (as on every Hadoop 3 installation),
     * else {@code deflate}, which the JDK provides.
     */
    static String defaultCodec() {
        try {
            Class.forName("org.xerial.snappy.Snappy", false, AvroOutputFormat.class.getClassLoader());
            return SNAPPY;
        } catch (ClassNotFoundException | LinkageError e) {
            return DEFLATE;
        }
    }

    @Override
    public RecordWriter<NullWritable, RecordFrame> getRecordWriter(TaskAttemptContext context) throws IOException {
        Path file = getDefaultWorkFile(context, EXTENSION);
        String codec = context.getConfiguration().get(CODEC_KEY, defaultCodec());
        return new BackgroundFrameWriter(ExportFiles.create(context.getConfiguration(), file),
                chunks -> new Datums(chunks.stream(), codec), "export-writer " + file.getName());
    }

    /** Frames to one Avro container file. */
    static final class Datums implements FrameFileWriter {
        private final DataFileWriter<GenericRecord> out;
        private final NativeFrameEncoder encoder = new NativeFrameEncoder();
        /** A frame's datums, one after the other. */
        private final ByteSink datums = new ByteSink(1 << 16);
        private ByteBuffer wrapped = ByteBuffer.wrap(new byte[0]);

        Datums(OutputStream stream, String codec) throws IOException {
            out = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(AvroRecords.SCHEMA));
            // Deflate at level 1: Avro's default level 6 costs several times the CPU for a few percent.
            out.setCodec(codec.equals(DEFLATE) ? CodecFactory.deflateCodec(DEFLATE_LEVEL) : CodecFactory.fromString(codec));
            out.create(AvroRecords.SCHEMA, stream);
        }

        @Override
        public void write(RecordFrame frame) throws IOException {
            datums.clear();
            int[] starts = encoder.avroDatums(frame, datums);
            int count = frame.count();
            if (wrapped.array() != datums.array()) {
                wrapped = ByteBuffer.wrap(datums.array());
            }
            for (int i = 0; i < count; i++) {
                int end = i + 1 < count ? starts[i + 1] : datums.length();
                wrapped.limit(end).position(starts[i]);
                out.appendEncoded(wrapped);
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
