package io.aerohadoop.tools;

import io.aerohadoop.io.RecordFrame;
import java.io.IOException;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.TaskCounter;

/**
 * Export's mapper: hands each frame of records to the output format unchanged. The framework
 * counts one map input and one map output record per frame; the rest of the frame's records are
 * added here, so "Map input records" and "Map output records" count records, as in any job.
 */
final class ExportMapper extends Mapper<NullWritable, RecordFrame, NullWritable, RecordFrame> {
    private Counter inputRecords;
    private Counter outputRecords;

    @Override
    protected void setup(Context context) {
        inputRecords = context.getCounter(TaskCounter.MAP_INPUT_RECORDS);
        outputRecords = context.getCounter(TaskCounter.MAP_OUTPUT_RECORDS);
    }

    @Override
    protected void map(NullWritable key, RecordFrame frame, Context context) throws IOException, InterruptedException {
        context.write(key, frame);
        inputRecords.increment(frame.count() - 1L);
        outputRecords.increment(frame.count() - 1L);
    }
}
