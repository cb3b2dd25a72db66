package io.aerohadoop.tools;

import com.fasterxml.jackson.core.JsonGenerator;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

/** Export: one {@link TypedJson} line per record, UTF-8, in {@code part-m-NNNNN.jsonl} files. */
public final class JsonLinesOutputFormat extends FileOutputFormat<AerospikeKey, AerospikeRecord> {
    static final String EXTENSION = ".jsonl";

    @Override
    public RecordWriter<AerospikeKey, AerospikeRecord> getRecordWriter(TaskAttemptContext context) throws IOException {
        Path file = getDefaultWorkFile(context, EXTENSION);
        FSDataOutputStream stream = file.getFileSystem(context.getConfiguration()).create(file, false);
        Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        JsonGenerator json = TypedJson.lineGenerator(out);
        return new RecordWriter<AerospikeKey, AerospikeRecord>() {
            @Override
            public void write(AerospikeKey key, AerospikeRecord record) throws IOException {
                TypedJson.writeLine(json, key, record);
            }

            /** Closing the generator flushes it and closes the file. */
            @Override
            public void close(TaskAttemptContext c) throws IOException {
                json.close();
            }
        };
    }
}
