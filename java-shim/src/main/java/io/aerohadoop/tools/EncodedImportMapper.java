package io.aerohadoop.tools;

import java.io.IOException;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * Import of records its input format already encoded for the writer ({@link AvroFrameInputFormat}):
 * counts each and passes it on.
 */
public final class EncodedImportMapper extends Mapper<NullWritable, EncodedRecord, NullWritable, EncodedRecord> {
    private Counter inputRecords;

    @Override
    protected void setup(Context context) {
        // Looked up once: by group and name per record it costs a good part of a small record's time.
        inputRecords = context.getCounter(ImportCounters.GROUP, ImportCounters.INPUT_RECORDS);
    }

    @Override
    protected void map(NullWritable key, EncodedRecord record, Context context) throws IOException, InterruptedException {
        inputRecords.increment(1);
        context.write(key, record);
    }
}
