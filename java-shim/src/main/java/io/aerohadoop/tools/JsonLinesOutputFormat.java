package io.aerohadoop.tools;

import io.aerohadoop.io.ByteSink;
import io.aerohadoop.io.NativeFrameEncoder;
import io.aerohadoop.io.RecordFrame;
import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

/**
 * Export: one {@link TypedJson} line per record, UTF-8, in {@code part-m-NNNNN.jsonl} files. Each
 * frame of records is encoded into one chunk of the file by the native library
 * ({@link NativeFrameEncoder#jsonLines}) on the export's writer thread and written with one call
 * ({@link BackgroundFrameWriter}).
 */
public final class JsonLinesOutputFormat extends FileOutputFormat<NullWritable, RecordFrame> {
    static final String EXTENSION = ".jsonl";

    @Override
    public RecordWriter<NullWritable, RecordFrame> getRecordWriter(TaskAttemptContext context) throws IOException {
        Path file = getDefaultWorkFile(context, EXTENSION);
        return new BackgroundFrameWriter(ExportFiles.create(context.getConfiguration(), file), Lines::new,
                "export-writer " + file.getName());
    }

    /** Frames to JSON lines: each frame's lines are encoded into a chunk of the file of their own. */
    static final class Lines implements FrameFileWriter {
        private final FileChunks chunks;
        private final NativeFrameEncoder encoder = new NativeFrameEncoder();

        Lines(FileChunks chunks) {
            this.chunks = chunks;
        }

        @Override
        public void write(RecordFrame frame) throws IOException {
            ByteSink lines = chunks.take();
            try {
                encoder.jsonLines(frame, lines);
            } catch (IOException | RuntimeException e) {
                // Nothing of a frame that failed goes into the file; the chunk goes back.
                lines.clear();
                chunks.give(lines);
                throw e;
            }
            chunks.give(lines);
        }

        /** Every line was handed over with its frame. */
        @Override
        public void close() {}
    }
}
