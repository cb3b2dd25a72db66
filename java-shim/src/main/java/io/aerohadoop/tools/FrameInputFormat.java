package io.aerohadoop.tools;

import io.aerohadoop.config.ReadConfig;
import io.aerohadoop.io.RecordFrame;
import io.aerohadoop.mapreduce.AerospikeInputSplit;
import io.aerohadoop.mapreduce.SplitPlanner;
import io.aerohadoop.read.InputCounters;
import io.aerohadoop.read.SplitReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/**
 * Export's input: the connector's splits ({@link SplitPlanner}, every {@code aerospike.input.*}
 * key as for {@code AerospikeInputFormat}), read one {@link RecordFrame} of undecoded records per
 * input value instead of one decoded record. The output formats transcode each frame's records
 * straight into file bytes, so the job spends nothing per record on objects it would only
 * re-encode, and the framework's per-value work (tracking reader, mapper, output collector) runs
 * once per frame of thousands of records.
 */
public final class FrameInputFormat extends InputFormat<NullWritable, RecordFrame> {
    @Override
    public List<InputSplit> getSplits(JobContext context) throws IOException {
        return new ArrayList<>(SplitPlanner.plan(context.getConfiguration()));
    }

    @Override
    public RecordReader<NullWritable, RecordFrame> createRecordReader(InputSplit split, TaskAttemptContext context) {
        return new Reader();
    }

    private static final class Reader extends RecordReader<NullWritable, RecordFrame> {
        private SplitReader reader;
        private RecordFrame frame;

        @Override
        public void initialize(InputSplit split, TaskAttemptContext context) throws IOException {
            if (!(split instanceof AerospikeInputSplit)) {
                throw new IOException("FrameInputFormat reads AerospikeInputSplit, not " + split.getClass().getName());
            }
            AerospikeInputSplit s = (AerospikeInputSplit) split;
            reader = SplitReader.open(ReadConfig.from(context.getConfiguration()), s.nativeSplit(), s.partitions(),
                    s.isKeyList(), (name, delta) -> {
                        Counter c = context.getCounter(InputCounters.GROUP, name);
                        if (c != null) {
                            c.increment(delta);
                        }
                    });
        }

        @Override
        public boolean nextKeyValue() throws IOException {
            frame = reader.nextFrame();
            return frame != null;
        }

        @Override
        public NullWritable getCurrentKey() {
            return NullWritable.get();
        }

        @Override
        public RecordFrame getCurrentValue() {
            return frame;
        }

        @Override
        public float getProgress() {
            return reader == null ? 0f : reader.progress();
        }

        @Override
        public void close() {
            if (reader != null) {
                reader.close();
            }
        }
    }
}
