package io.aerohadoop.tools;

import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import java.io.IOException;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * Import: the export tool's Avro files back as (AerospikeKey, AerospikeRecord), one split per
 * file (the export writes one file per map task, so files are already the unit of parallelism).
 */
public final class AvroInputFormat extends FileInputFormat<AerospikeKey, AerospikeRecord> {
    @Override
    protected boolean isSplitable(JobContext context, Path file) {
        return false;
    }

    @Override
    public RecordReader<AerospikeKey, AerospikeRecord> createRecordReader(InputSplit split, TaskAttemptContext context) {
        return new Reader();
    }

    private static final class Reader extends RecordReader<AerospikeKey, AerospikeRecord> {
        private final AerospikeKey key = new AerospikeKey();
        private final AerospikeRecord record = new AerospikeRecord();
        private FSDataInputStream stream;
        private DataFileStream<GenericRecord> in;
        private GenericRecord reuse;
        private Path path;
        private long length;
        private long count;

        @Override
        public void initialize(InputSplit split, TaskAttemptContext context) throws IOException {
            FileSplit fileSplit = (FileSplit) split;
            path = fileSplit.getPath();
            length = Math.max(1, fileSplit.getLength());
            stream = path.getFileSystem(context.getConfiguration()).open(path);
            in = new DataFileStream<>(stream, new GenericDatumReader<GenericRecord>(AvroRecords.SCHEMA));
        }

        @Override
        public boolean nextKeyValue() throws IOException {
            if (!in.hasNext()) {
                return false;
            }
            count++;
            GenericRecord previous = reuse;
            reuse = AvroRecords.read(() -> in.next(previous), count, path);
            try {
                AvroRecords.fromAvro(reuse, key, record);
            } catch (IOException | RuntimeException e) {
                throw new IOException("record " + count + " of " + path + ": " + e.getMessage(), e);
            }
            return true;
        }

        @Override
        public AerospikeKey getCurrentKey() {
            return key;
        }

        @Override
        public AerospikeRecord getCurrentValue() {
            return record;
        }

        @Override
        public float getProgress() throws IOException {
            return Math.min(1f, stream.getPos() / (float) length);
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }
}
