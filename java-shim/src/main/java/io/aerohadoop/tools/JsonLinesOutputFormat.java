package io.aerohadoop.tools;

import io.aerohadoop.io.ByteSink;
import io.aerohadoop.io.RecordFrame;
import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

/**
 * Export: one {@link TypedJson} line per record, UTF-8, in {@code part-m-NNNNN.jsonl} files. Each
 * frame of records is transcoded into one buffer ({@link JsonLineTranscoder}) and written with one
 * call.
 */
public final class JsonLinesOutputFormat extends FileOutputFormat<NullWritable, RecordFrame> {
    static final String EXTENSION = ".jsonl";

    @Override
    public RecordWriter<NullWritable, RecordFrame> getRecordWriter(TaskAttemptContext context) throws IOException {
        Path file = getDefaultWorkFile(context, EXTENSION);
        FSDataOutputStream out = file.getFileSystem(context.getConfiguration()).create(file, false);
        JsonLineTranscoder transcoder = new JsonLineTranscoder();
        ByteSink lines = new ByteSink(1 << 20);
        return new RecordWriter<NullWritable, RecordFrame>() {
            @Override
            public void write(NullWritable key, RecordFrame frame) throws IOException {
                lines.clear();
                transcoder.transcode(frame, lines);
                lines.writeTo(out);
            }

            @Override
            public void close(TaskAttemptContext c) throws IOException {
                out.close();
            }
        };
    }
}
