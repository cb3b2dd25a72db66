package io.aerohadoop.tools;

import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import java.io.IOException;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileAsBinaryInputFormat;

/**
 * Import of SequenceFile exports: each record's raw key and value bytes (the Writable encodings
 * of {@link AerospikeKey} and {@link AerospikeRecord}, uncompressed) for {@link SeqImportMapper}
 * to transcode, without deserializing them. A file of other classes is refused naming them, as
 * the object path would fail on the first record.
 */
public final class RawSequenceFileInputFormat extends SequenceFileAsBinaryInputFormat {
    @Override
    public RecordReader<BytesWritable, BytesWritable> createRecordReader(InputSplit split, TaskAttemptContext context)
            throws IOException {
        return new SequenceFileAsBinaryRecordReader() {
            @Override
            public void initialize(InputSplit split, TaskAttemptContext context)
                    throws IOException, InterruptedException {
                super.initialize(split, context);
                String keyClass = getKeyClassName();
                String valueClass = getValueClassName();
                if (!AerospikeKey.class.getName().equals(keyClass)
                        || !AerospikeRecord.class.getName().equals(valueClass)) {
                    throw new IOException(((FileSplit) split).getPath() + " holds " + keyClass + " keys and "
                            + valueClass + " values, not the export's " + AerospikeKey.class.getName() + " and "
                            + AerospikeRecord.class.getName());
                }
            }
        };
    }
}
