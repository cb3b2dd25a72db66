package io.aerohadoop.tools;

import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import java.io.IOException;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * Import of JSON-lines exports: each line parsed by {@link TypedJson}. A line that is not a record
 * goes to the error policy ({@link MalformedInput}) with its file and line number (the input
 * format gives one split per file); blank lines are skipped.
 */
public final class JsonImportMapper extends Mapper<LongWritable, Text, AerospikeKey, AerospikeRecord> {
    private final AerospikeKey key = new AerospikeKey();
    private final AerospikeRecord record = new AerospikeRecord();
    private TargetSet target;
    private MalformedInput malformed;
    private String file;
    private long line;

    @Override
    protected void setup(Context context) {
        target = new TargetSet(context.getConfiguration());
        malformed = new MalformedInput(context.getConfiguration(), context);
        file = ((FileSplit) context.getInputSplit()).getPath().toString();
    }

    @Override
    protected void map(LongWritable offset, Text text, Context context) throws IOException, InterruptedException {
        line++;
        String s = text.toString();
        if (s.trim().isEmpty()) {
            return;
        }
        context.getCounter(ImportCounters.GROUP, ImportCounters.INPUT_RECORDS).increment(1);
        try {
            TypedJson.decode(s, key, record);
        } catch (IOException | IllegalArgumentException e) {
            malformed.report("line " + line + " of " + file, e.getMessage());
            return;
        }
        target.apply(key);
        context.write(key, record);
    }
}
