package io.aerohadoop.tools;

import io.aerohadoop.config.WriteConfig;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.io.ByteSink;
import io.aerohadoop.io.WriteFrameEncoder;
import io.aerohadoop.write.OutputMapping;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * Import of JSON-lines exports, fast path: each line transcoded straight into a write frame
 * record ({@link JsonWriteFrame}). A line the transcoder declines takes {@link JsonImportMapper}'s
 * path — {@link TypedJson#decode}, the error policy for malformed lines ({@link MalformedInput},
 * naming file and line), the target set, then the writer's mapping and encoder — so every line
 * ends as the same record, or the same error, as before. Blank lines are skipped. Its input is
 * {@link LineBlockInputFormat}'s blocks of lines, one file per task, counted line by line.
 */
public final class JsonFrameImportMapper extends LineBlockMapper<NullWritable, EncodedRecord> {
    private final EncodedRecord out = new EncodedRecord();
    private Counter inputRecords;
    private final AerospikeKey key = new AerospikeKey();
    private final AerospikeRecord record = new AerospikeRecord();
    private final ByteSink fallback = new ByteSink(4096);
    private WriteFrameEncoder encoder;
    private OutputMapping mapping;
    private JsonWriteFrame transcoder;
    private TargetSet target;
    private MalformedInput malformed;
    private String file;

    @Override
    protected void setup(Context context) throws IOException, InterruptedException {
        super.setup(context);
        // Looked up once: by group and name per record it costs a good part of a small record's time.
        inputRecords = context.getCounter(ImportCounters.GROUP, ImportCounters.INPUT_RECORDS);
        WriteConfig config = WriteConfig.from(context.getConfiguration());
        target = new TargetSet(context.getConfiguration());
        transcoder = new JsonWriteFrame(config.set(), target.set());
        mapping = new OutputMapping(config);
        encoder = new WriteFrameEncoder(4096);
        malformed = new MalformedInput(context.getConfiguration(), context);
        file = ((FileSplit) context.getInputSplit()).getPath().toString();
    }

    @Override
    void line(long line, byte[] bytes, int start, int length, Context context) throws IOException, InterruptedException {
        if (blank(bytes, start, length)) {
            return;
        }
        inputRecords.increment(1);
        if (transcoder.transcode(bytes, start, length)) {
            context.write(NullWritable.get(), out.set(transcoder.record(), transcoder.ttl()));
            return;
        }
        try {
            // As Text.toString() decodes a line: malformed UTF-8 becomes U+FFFD.
            TypedJson.decode(new String(bytes, start, length, StandardCharsets.UTF_8), key, record);
        } catch (IOException | IllegalArgumentException e) {
            malformed.report("line " + line + " of " + file, e.getMessage());
            return;
        }
        target.apply(key);
        encoder.clear();
        // Fails the task on a record the writer cannot take, as the writer's own mapping would.
        mapping.add(key, record, encoder);
        int size = encoder.size() - 4;
        fallback.clear();
        fallback.ensure(size);
        ByteBuffer view = encoder.buffer().duplicate();
        view.position(4).limit(4 + size);
        view.get(fallback.array(), 0, size);
        fallback.advance(size);
        context.write(NullWritable.get(), out.set(fallback, record.ttl()));
    }

    @Override
    protected void cleanup(Context context) {
        transcoder.close();
    }

    /** What String.trim() leaves empty: only bytes up to ' ' (UTF-8 keeps them as themselves). */
    private static boolean blank(byte[] bytes, int start, int length) {
        for (int i = start; i < start + length; i++) {
            if ((bytes[i] & 0xff) > ' ') {
                return false;
            }
        }
        return true;
    }
}
