package io.aerohadoop.tools;

import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.io.ByteSink;
import io.aerohadoop.io.RecordFrame;
import io.aerohadoop.io.WritableTranscoder;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.SequenceFile.CompressionType;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.DefaultCodec;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * Export: SequenceFiles of ({@link AerospikeKey}, {@link AerospikeRecord}), as
 * {@link SequenceFileOutputFormat} writes them (same file names, same compression settings), with
 * each record's key and value bytes transcoded straight from the frame ({@link WritableTranscoder})
 * and added with {@code appendRaw}, on the export's writer thread ({@link BackgroundFrameWriter}),
 * into the file's chunks ({@link FileChunks}): array stores, where each of a record's four writes
 * to a Hadoop file stream would take the checksummer's lock.
 * Record compression compresses each value on its own, which
 * {@code appendRaw} expects done by the caller: there the bytes are read back into the Writables
 * and appended as objects (still exact, only slower).
 */
public final class SequenceFileFrameOutputFormat extends FileOutputFormat<NullWritable, RecordFrame> {
    @Override
    public RecordWriter<NullWritable, RecordFrame> getRecordWriter(TaskAttemptContext context) throws IOException {
        Configuration conf = context.getConfiguration();
        CompressionType type = CompressionType.NONE;
        CompressionCodec codec = null;
        if (getCompressOutput(context)) {
            type = SequenceFileOutputFormat.getOutputCompressionType(context);
            codec = ReflectionUtils.newInstance(getOutputCompressorClass(context, DefaultCodec.class), conf);
        }
        Path file = getDefaultWorkFile(context, "");
        CompressionType compression = type;
        CompressionCodec compressor = codec;
        return new BackgroundFrameWriter(ExportFiles.create(conf, file),
                chunks -> Pairs.open(conf, chunks, compression, compressor), "export-writer " + file.getName());
    }

    /**
     * A SequenceFile writer on {@code stream}, which stays the caller's to close. (A writer on a
     * stream takes no progress callback; the task reports progress as it reads.)
     */
    static SequenceFile.Writer writer(Configuration conf, FSDataOutputStream stream, CompressionType type,
            CompressionCodec codec) throws IOException {
        return SequenceFile.createWriter(conf, SequenceFile.Writer.stream(stream),
                SequenceFile.Writer.keyClass(AerospikeKey.class), SequenceFile.Writer.valueClass(AerospikeRecord.class),
                SequenceFile.Writer.compression(type, codec));
    }

    /** Frames to one SequenceFile. */
    static final class Pairs implements FrameFileWriter {
        private final SequenceFile.Writer out;
        private final OutputStream stream;
        private final boolean raw;
        private final WritableTranscoder transcoder = new WritableTranscoder();
        private final SinkBytes value = new SinkBytes(transcoder.value());
        private final DataInputBuffer in = new DataInputBuffer();
        private final AerospikeKey key = new AerospikeKey();
        private final AerospikeRecord record = new AerospikeRecord();

        Pairs(SequenceFile.Writer out, OutputStream stream, boolean raw) {
            this.out = out;
            this.stream = stream;
            this.raw = raw;
        }

        /** A SequenceFile writer over the file's chunks (which buffer its many small writes without a lock). */
        static Pairs open(Configuration conf, FileChunks chunks, CompressionType type, CompressionCodec codec)
                throws IOException {
            FSDataOutputStream stream = new FSDataOutputStream(chunks.stream(), null);
            return new Pairs(writer(conf, stream, type, codec), stream, type != CompressionType.RECORD);
        }

        @Override
        public void write(RecordFrame frame) throws IOException {
            transcoder.reset(frame);
            while (transcoder.next()) {
                ByteSink k = transcoder.key();
                if (raw) {
                    out.appendRaw(k.array(), 0, k.length(), value);
                } else {
                    in.reset(k.array(), k.length());
                    key.readFields(in);
                    in.reset(transcoder.value().array(), transcoder.value().length());
                    record.readFields(in);
                    out.append(key, record);
                }
            }
        }

        /** Closes the writer (which flushes a stream it does not own), then the stream and the file. */
        @Override
        public void close() throws IOException {
            try {
                out.close();
            } finally {
                stream.close();
            }
        }
    }

    /** A transcoded value as {@code appendRaw} takes it: uncompressed (block compression compresses it later). */
    private static final class SinkBytes implements SequenceFile.ValueBytes {
        private final ByteSink sink;

        SinkBytes(ByteSink sink) {
            this.sink = sink;
        }

        @Override
        public void writeUncompressedBytes(DataOutputStream out) throws IOException {
            out.write(sink.array(), 0, sink.length());
        }

        @Override
        public void writeCompressedBytes(DataOutputStream out) {
            // Only a record-compressed writer asks, and those get objects (see above).
            throw new IllegalStateException("record-compressed SequenceFiles are written from objects");
        }

        @Override
        public int getSize() {
            return sink.length();
        }
    }
}
