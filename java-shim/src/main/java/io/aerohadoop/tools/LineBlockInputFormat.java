package io.aerohadoop.tools;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.Decompressor;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * Text files as blocks of whole lines, one split per file (so a mapper counting lines knows each
 * line's number, as with {@link LineNumberedInputFormat}), for JSON import's fast path. The lines
 * are LineRecordReader's — LF, CR or CR LF breaks, a UTF-8 byte order mark dropped at the start
 * of the file, files decompressed by their codec — but handed over about a megabyte at a time:
 * per line, the framework's record tracking (counters, progress, and summing every thread's file
 * system statistics twice) cost nearly a third of the import task's time.
 */
public final class LineBlockInputFormat extends FileInputFormat<NullWritable, LineBlock> {
    /** Bytes read per block; a longer line gets a larger buffer. */
    static final int BLOCK_BYTES = 1 << 20;
    /**
     * The longest line read: a record's line is far shorter (Aerospike keeps records of a few
     * MiB at most; JSON at most 6 bytes per byte of a string), so a longer one is no input of
     * these tools, and reading on would only exhaust the task's memory.
     */
    static final int MAX_LINE_BYTES = 128 << 20;

    @Override
    protected boolean isSplitable(JobContext context, Path file) {
        return false;
    }

    @Override
    public RecordReader<NullWritable, LineBlock> createRecordReader(InputSplit split, TaskAttemptContext context) {
        return new Reader(BLOCK_BYTES, MAX_LINE_BYTES);
    }

    /** One file's lines, block by block. */
    static final class Reader extends RecordReader<NullWritable, LineBlock> {
        private final LineBlock block = new LineBlock();
        private byte[] buffer;
        private FSDataInputStream file;
        private InputStream in;
        private Decompressor decompressor;
        private long fileLength;
        /** Bytes in {@link #buffer}: [0, cut) handed over last time, [cut, filled) not yet. */
        private int filled;
        private int cut;
        private boolean eof;
        private boolean atFileStart = true;
        /** The last block ended with a CR: an LF right after it belongs to that break. */
        private boolean endedWithCr;
        private Path path;
        /** Bytes of the (uncompressed) file before the buffer's start: handed over in blocks or dropped (a byte order mark, an LF after a CR). */
        private long handedOver;

        private final int maxLineBytes;

        /** @param maxLineBytes the longest line read ({@link #MAX_LINE_BYTES}; smaller in tests) */
        Reader(int blockBytes, int maxLineBytes) {
            buffer = new byte[blockBytes];
            this.maxLineBytes = maxLineBytes;
        }

        @Override
        public void initialize(InputSplit genericSplit, TaskAttemptContext context) throws IOException {
            FileSplit split = (FileSplit) genericSplit;
            Configuration conf = context.getConfiguration();
            path = split.getPath();
            file = path.getFileSystem(conf).open(path);
            fileLength = split.getLength();
            CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
            if (codec != null) {
                decompressor = CodecPool.getDecompressor(codec);
                in = codec.createInputStream(file, decompressor);
            } else {
                in = file;
            }
        }

        @Override
        public boolean nextKeyValue() throws IOException {
            handedOver += cut;
            System.arraycopy(buffer, cut, buffer, 0, filled - cut);
            filled -= cut;
            cut = 0;
            int searchFrom = 0;
            while (true) {
                fill();
                if (atFileStart && (filled >= 3 || eof)) {
                    dropByteOrderMark();
                }
                if (endedWithCr && filled > 0) {
                    endedWithCr = false;
                    if (buffer[0] == '\n') {
                        System.arraycopy(buffer, 1, buffer, 0, filled - 1);
                        filled--;
                        handedOver++;
                    }
                }
                int lastBreak = -1;
                for (int i = filled - 1; i >= searchFrom; i--) {
                    if (buffer[i] == '\n' || buffer[i] == '\r') {
                        lastBreak = i;
                        break;
                    }
                }
                if (lastBreak >= 0) {
                    cut = lastBreak + 1;
                    // A CR that is the last byte read may be the first half of a CR LF the next
                    // read completes (a CR with a byte after it here has no LF after it).
                    endedWithCr = buffer[lastBreak] == '\r' && cut == filled;
                    break;
                }
                if (eof) {
                    cut = filled;
                    break;
                }
                // One line longer than the buffer: a larger one, and read on.
                // The buffer holds up to the longest line and its break.
                if (buffer.length > maxLineBytes) {
                    throw new IOException("a line of " + path + " is longer than " + maxLineBytes + " bytes (it starts"
                            + " after " + handedOver + " bytes of the file, uncompressed), far longer than any record's"
                            + " line: not a file of lines");
                }
                searchFrom = filled;
                byte[] larger = new byte[(int) Math.min(buffer.length * 2L, maxLineBytes + 1L)];
                System.arraycopy(buffer, 0, larger, 0, filled);
                buffer = larger;
            }
            if (cut == 0) {
                return false;
            }
            block.set(buffer, cut);
            return true;
        }

        /** Reads until the buffer is full or the file ends. */
        private void fill() throws IOException {
            while (filled < buffer.length && !eof) {
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    eof = true;
                } else {
                    filled += n;
                }
            }
        }

        /** As LineRecordReader: a UTF-8 byte order mark at the start of the file is not part of line 1. */
        private void dropByteOrderMark() {
            atFileStart = false;
            if (filled >= 3 && (buffer[0] & 0xff) == 0xef && (buffer[1] & 0xff) == 0xbb && (buffer[2] & 0xff) == 0xbf) {
                System.arraycopy(buffer, 3, buffer, 0, filled - 3);
                filled -= 3;
                handedOver += 3;
            }
        }

        @Override
        public NullWritable getCurrentKey() {
            return NullWritable.get();
        }

        @Override
        public LineBlock getCurrentValue() {
            return block;
        }

        @Override
        public float getProgress() throws IOException {
            if (fileLength == 0 || eof) {
                return eof ? 1f : 0f;
            }
            return Math.min(1f, file.getPos() / (float) fileLength);
        }

        @Override
        public void close() throws IOException {
            try {
                if (in != null) {
                    in.close();
                }
            } finally {
                if (decompressor != null) {
                    CodecPool.returnDecompressor(decompressor);
                    decompressor = null;
                }
            }
        }
    }
}
