package io.aerohadoop.tools;

import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.io.ByteSink;
import io.aerohadoop.io.NativeFrameEncoder;
import io.aerohadoop.io.RecordFrame;
import java.io.DataOutputStream;
import java.io.IOException;
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
 * each frame's records encoded by the native library straight from the frame into the key and
 * value bytes the Writables would write ({@link NativeFrameEncoder#seqRecords}), on the export's
 * writer thread ({@link BackgroundFrameWriter}), into the file's chunks ({@link FileChunks}):
 * uncompressed files a frame's records at a time (see {@link Pairs#writeUncompressed}),
 * block-compressed ones with {@code appendRaw}. Record compression compresses each value on its
 * own, which {@code appendRaw} expects done by the caller: there the bytes are read back into the
 * Writables and appended as objects (still exact, only slower).
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
        // The sync interval is named because Pairs places an uncompressed file's sync markers itself.
        return SequenceFile.createWriter(conf, SequenceFile.Writer.stream(stream),
                SequenceFile.Writer.keyClass(AerospikeKey.class), SequenceFile.Writer.valueClass(AerospikeRecord.class),
                SequenceFile.Writer.compression(type, codec), SequenceFile.Writer.syncInterval(SequenceFile.SYNC_INTERVAL));
    }

    /** Frames to one SequenceFile. */
    static final class Pairs implements FrameFileWriter {
        private final SequenceFile.Writer out;
        private final FSDataOutputStream stream;
        private final CompressionType type;
        private final NativeFrameEncoder encoder = new NativeFrameEncoder();
        /** A frame's records, laid out as an uncompressed SequenceFile holds them. */
        private final ByteSink records = new ByteSink(1 << 16);
        /** Uncompressed files: where the writer's last sync marker ends, as the writer counts it. */
        private long lastSync;
        private final SliceBytes value = new SliceBytes();
        private final DataInputBuffer in = new DataInputBuffer();
        private final AerospikeKey key = new AerospikeKey();
        private final AerospikeRecord record = new AerospikeRecord();

        Pairs(SequenceFile.Writer out, FSDataOutputStream stream, CompressionType type) {
            this.out = out;
            this.stream = stream;
            this.type = type;
        }

        /** A SequenceFile writer over the file's chunks (which buffer its many small writes without a lock). */
        static Pairs open(Configuration conf, FileChunks chunks, CompressionType type, CompressionCodec codec)
                throws IOException {
            FSDataOutputStream stream = new FSDataOutputStream(chunks.stream(), null);
            return new Pairs(writer(conf, stream, type, codec), stream, type);
        }

        @Override
        public void write(RecordFrame frame) throws IOException {
            records.clear();
            int[] starts = encoder.seqRecords(frame, records);
            int count = frame.count();
            byte[] a = records.array();
            switch (type) {
                case NONE:
                    writeUncompressed(starts, count);
                    break;
                case BLOCK:
                    // The writer gathers keys and values into blocks it compresses itself.
                    for (int i = 0; i < count; i++) {
                        int start = starts[i];
                        int keyLength = intAt(a, start + 4);
                        value.set(a, start + 8 + keyLength, intAt(a, start) - keyLength);
                        out.appendRaw(a, start + 8, keyLength, value);
                    }
                    break;
                default:
                    for (int i = 0; i < count; i++) {
                        int start = starts[i];
                        int keyLength = intAt(a, start + 4);
                        in.reset(a, start + 8, keyLength);
                        key.readFields(in);
                        in.reset(a, start + 8 + keyLength, intAt(a, start) - keyLength);
                        record.readFields(in);
                        out.append(key, record);
                    }
            }
        }

        private static int intAt(byte[] a, int at) {
            return (a[at] & 0xff) << 24 | (a[at + 1] & 0xff) << 16 | (a[at + 2] & 0xff) << 8 | (a[at + 3] & 0xff);
        }

        /**
         * An uncompressed SequenceFile's records are {@code [record length][key length][key][value]}
         * with a sync marker before the first record at or past {@code SYNC_INTERVAL} bytes from
         * the last one: the frame's records, encoded so in one buffer, are written with one call
         * per frame or sync marker, where {@code appendRaw} makes four stream calls (two under the
         * stream's lock), eight one-byte writes and a lock of its own per record. The sync markers
         * are the writer's own ({@link SequenceFile.Writer#sync()}), at the positions its
         * {@code appendRaw} would put them (the file is byte for byte the same; tested).
         */
        private void writeUncompressed(int[] starts, int count) throws IOException {
            byte[] a = records.array();
            long base = out.getLength(); // the file position of a[written]
            int written = 0;
            for (int i = 0; i < count; i++) {
                int start = starts[i];
                if (base + start - written >= lastSync + SequenceFile.SYNC_INTERVAL) {
                    stream.write(a, written, start - written);
                    out.sync();
                    lastSync = out.getLength();
                    base = lastSync;
                    written = start;
                }
            }
            stream.write(a, written, records.length() - written);
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

    /** An encoded value as {@code appendRaw} takes it: uncompressed (block compression compresses it later). */
    private static final class SliceBytes implements SequenceFile.ValueBytes {
        private byte[] array;
        private int offset;
        private int length;

        void set(byte[] array, int offset, int length) {
            this.array = array;
            this.offset = offset;
            this.length = length;
        }

        @Override
        public void writeUncompressedBytes(DataOutputStream out) throws IOException {
            out.write(array, offset, length);
        }

        @Override
        public void writeCompressedBytes(DataOutputStream out) {
            // Only a record-compressed writer asks, and those get objects (see above).
            throw new IllegalStateException("record-compressed SequenceFiles are written from objects");
        }

        @Override
        public int getSize() {
            return length;
        }
    }
}
