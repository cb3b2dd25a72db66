package io.aerohadoop.tools;

import io.aerohadoop.io.ByteSink;
import io.aerohadoop.io.RecordFrame;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

/**
 * Export: one {@link TypedJson} line per record, UTF-8, in {@code part-m-NNNNN.jsonl} files. Each
 * frame of records is transcoded into one buffer ({@link JsonLineTranscoder}) and written with one
 * call, on the export's writer thread ({@link BackgroundFrameWriter}).
 */
public final class JsonLinesOutputFormat extends FileOutputFormat<NullWritable, RecordFrame> {
    static final String EXTENSION = ".jsonl";

    @Override
    public RecordWriter<NullWritable, RecordFrame> getRecordWriter(TaskAttemptContext context) throws IOException {
        Path file = getDefaultWorkFile(context, EXTENSION);
        return new BackgroundFrameWriter(new Lines(file.getFileSystem(context.getConfiguration()).create(file, false)),
                "export-writer " + file.getName());
    }

    /** Frames to JSON lines on one stream. */
    static final class Lines implements FrameFileWriter {
        private final OutputStream out;
        private final JsonLineTranscoder transcoder = new JsonLineTranscoder();
        private final ByteSink lines = new ByteSink(1 << 20);

        Lines(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(RecordFrame frame) throws IOException {
            lines.clear();
            transcoder.transcode(frame, lines);
            lines.writeTo(out);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
