package io.aerohadoop.tools;

import java.io.IOException;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.TaskCounter;

/**
 * A mapper over {@link LineBlockInputFormat}'s blocks of lines that handles them one line at a
 * time, numbering them within the file (one split per file) and counting them as the job's input
 * records, as a mapper over Hadoop's one-line records would be counted.
 */
abstract class LineBlockMapper<K, V> extends Mapper<NullWritable, LineBlock, K, V> {
    private Counter mapInputRecords;
    private long line;

    /** Subclasses that set up more call this first. */
    @Override
    protected void setup(Context context) throws IOException, InterruptedException {
        mapInputRecords = context.getCounter(TaskCounter.MAP_INPUT_RECORDS);
    }

    @Override
    protected final void map(NullWritable none, LineBlock lines, Context context)
            throws IOException, InterruptedException {
        long inBlock = 0;
        while (lines.nextLine()) {
            inBlock++;
            line(++line, lines.bytes(), lines.lineStart(), lines.lineLength(), context);
        }
        // The framework counted the block as one input record; a job's input records are lines.
        mapInputRecords.increment(inBlock - 1);
    }

    /** Line {@code number} of the file (from 1), without its break, at {@code bytes[start..start+length)}. */
    abstract void line(long number, byte[] bytes, int start, int length, Context context)
            throws IOException, InterruptedException;
}
