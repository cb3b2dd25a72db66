package io.aerohadoop.tools;

import io.aerohadoop.config.WriteConfig;
import io.aerohadoop.io.WritableWriteFrame;
import java.io.IOException;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * Import of SequenceFile exports, fast path: each record's raw Writable bytes transcoded straight
 * into a write frame record ({@link WritableWriteFrame}), moved to the target set if one is given
 * — what {@link RecordImportMapper} and the writer's mapping produce, without the objects.
 */
public final class SeqImportMapper extends Mapper<BytesWritable, BytesWritable, NullWritable, EncodedRecord> {
    private final EncodedRecord out = new EncodedRecord();
    private Counter inputRecords;
    private WritableWriteFrame transcoder;

    @Override
    protected void setup(Context context) throws IOException {
        // Looked up once: by group and name per record it costs a good part of a small record's time.
        inputRecords = context.getCounter(ImportCounters.GROUP, ImportCounters.INPUT_RECORDS);
        transcoder = new WritableWriteFrame(WriteConfig.from(context.getConfiguration()).set(),
                new TargetSet(context.getConfiguration()).set());
    }

    @Override
    protected void map(BytesWritable key, BytesWritable value, Context context) throws IOException, InterruptedException {
        inputRecords.increment(1);
        transcoder.transcode(key.getBytes(), 0, key.getLength(), value.getBytes(), 0, value.getLength());
        context.write(NullWritable.get(), out.set(transcoder.record(), transcoder.ttl()));
    }
}
