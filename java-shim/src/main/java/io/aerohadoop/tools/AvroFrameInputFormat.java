package io.aerohadoop.tools;

import io.aerohadoop.config.WriteConfig;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.io.ByteSink;
import io.aerohadoop.io.WriteFrameEncoder;
import io.aerohadoop.write.OutputMapping;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * Import of Avro exports, fast path: each datum of a file in the export's schema transcoded from
 * its block's bytes straight into a write frame record ({@link AvroWriteFrame}), one split per
 * file as {@link AvroInputFormat}. A datum the transcoder declines, and every datum of a file
 * written with another schema (Avro resolves it to the export's), takes the object path —
 * {@link AvroRecords#fromAvro}, the target set, the writer's mapping and encoder — so each
 * record ends as before.
 */
public final class AvroFrameInputFormat extends FileInputFormat<NullWritable, EncodedRecord> {
    @Override
    protected boolean isSplitable(JobContext context, Path file) {
        return false;
    }

    @Override
    public RecordReader<NullWritable, EncodedRecord> createRecordReader(InputSplit split, TaskAttemptContext context) {
        return new Reader();
    }

    private static final class Reader extends RecordReader<NullWritable, EncodedRecord> {
        private final EncodedRecord value = new EncodedRecord();
        private final AerospikeKey key = new AerospikeKey();
        private final AerospikeRecord record = new AerospikeRecord();
        private final ByteSink fallback = new ByteSink(4096);
        private final WriteFrameEncoder encoder = new WriteFrameEncoder(4096);
        private OutputMapping mapping;
        private TargetSet target;
        private AvroWriteFrame transcoder;
        private FSDataInputStream stream;
        private DataFileStream<GenericRecord> in;
        private GenericDatumReader<GenericRecord> datumReader;
        private BinaryDecoder decoder;
        private GenericRecord reuse;
        private boolean exportSchema;
        private byte[] block = new byte[0];
        private long remaining;
        private Path path;
        private long length;
        private long count;

        @Override
        public void initialize(InputSplit split, TaskAttemptContext context) throws IOException {
            FileSplit fileSplit = (FileSplit) split;
            path = fileSplit.getPath();
            length = Math.max(1, fileSplit.getLength());
            WriteConfig config = WriteConfig.from(context.getConfiguration());
            target = new TargetSet(context.getConfiguration());
            mapping = new OutputMapping(config);
            transcoder = new AvroWriteFrame(config.set(), target.set());
            stream = path.getFileSystem(context.getConfiguration()).open(path);
            datumReader = new GenericDatumReader<>(AvroRecords.SCHEMA);
            in = new DataFileStream<>(stream, datumReader);
            exportSchema = in.getSchema().equals(AvroRecords.SCHEMA);
        }

        @Override
        public boolean nextKeyValue() throws IOException {
            if (!exportSchema) {
                if (!in.hasNext()) {
                    return false;
                }
                count++;
                GenericRecord previous = reuse;
                reuse = AvroRecords.read(() -> in.next(previous), count, path);
                objectPath(reuse);
                return true;
            }
            if (remaining == 0) {
                if (!in.hasNext()) {
                    return false;
                }
                ByteBuffer b = in.nextBlock();
                remaining = in.getBlockCount();
                if (b.hasArray()) {
                    transcoder.reset(b.array(), b.arrayOffset() + b.position(), b.arrayOffset() + b.limit());
                } else {
                    if (block.length < b.remaining()) {
                        block = new byte[b.remaining()];
                    }
                    int n = b.remaining();
                    b.duplicate().get(block, 0, n);
                    transcoder.reset(block, 0, n);
                }
            }
            remaining--;
            count++;
            try {
                if (transcoder.transcode()) {
                    value.set(transcoder.record(), transcoder.ttl());
                    return true;
                }
            } catch (IOException | RuntimeException e) {
                throw new IOException("record " + count + " of " + path + ": " + e.getMessage(), e);
            }
            decodeDeclined();
            return true;
        }

        /** The datum the transcoder declined, decoded by Avro and taken through the object path. */
        private void decodeDeclined() throws IOException {
            int start = transcoder.position();
            try {
                transcoder.skip();
                decoder = DecoderFactory.get().binaryDecoder(transcoder.bytes(), start, transcoder.position() - start,
                        decoder);
            } catch (IOException | RuntimeException e) {
                throw new IOException("record " + count + " of " + path + ": " + e.getMessage(), e);
            }
            GenericRecord previous = reuse;
            reuse = AvroRecords.read(() -> datumReader.read(previous, decoder), count, path);
            objectPath(reuse);
        }

        private void objectPath(GenericRecord datum) throws IOException {
            try {
                AvroRecords.fromAvro(datum, key, record);
            } catch (IOException | RuntimeException e) {
                throw new IOException("record " + count + " of " + path + ": " + e.getMessage(), e);
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
            value.set(fallback, record.ttl());
        }

        @Override
        public NullWritable getCurrentKey() {
            return NullWritable.get();
        }

        @Override
        public EncodedRecord getCurrentValue() {
            return value;
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
