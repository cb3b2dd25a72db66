package io.aerohadoop.tools;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.aerohadoop.config.OutputKeys;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Import of an Avro file whose datum nests far deeper than any stack follows: Avro's own reader
 * recurses level by level, and both import readers turn the overflow into an IOException naming
 * the record and the file.
 */
public class AvroImportNestingTest {
    private static final int LEVELS = 200_000;

    @Rule
    public TemporaryFolder dir = new TemporaryFolder();

    private static byte[] datum(Object binValue) throws IOException {
        AerospikeKey key = new AerospikeKey("test", "s", new byte[20], 1L);
        GenericRecord r = AvroRecords.toAvro(key, new AerospikeRecord().put("l", binValue));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(AvroRecords.SCHEMA).write(r, e);
        e.flush();
        return out.toByteArray();
    }

    /**
     * The datum of a record whose bin holds 7 inside {@code levels} lists, spliced from the flat
     * and one-level datums Avro's writer makes (a writer would recurse as deep itself): a level is
     * two bytes before the value (the list branch, a block of one item) and one after (the end of
     * the array).
     */
    private static byte[] nestedDatum(int levels) throws IOException {
        byte[] flat = datum(7L);
        byte[] one = datum(Collections.singletonList(7L));
        for (int at = 0; at < flat.length; at++) {
            for (int core = 1; at + core <= flat.length; core++) {
                if (splice(flat, at, core, Arrays.copyOfRange(one, at, at + 2), 1).equals(ByteBuffer.wrap(one))) {
                    return splice(flat, at, core, Arrays.copyOfRange(one, at, at + 2), levels).array();
                }
            }
        }
        throw new AssertionError("no list level found in " + Arrays.toString(one));
    }

    private static ByteBuffer splice(byte[] flat, int at, int core, byte[] open, int levels) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(flat, 0, at);
        for (int i = 0; i < levels; i++) {
            b.write(open, 0, open.length);
        }
        b.write(flat, at, core);
        for (int i = 0; i < levels; i++) {
            b.write(0);
        }
        b.write(flat, at + core, flat.length - at - core);
        return ByteBuffer.wrap(b.toByteArray());
    }

    /** An Avro file of one datum in {@code schema}. */
    private File file(Schema schema, byte[] datum) throws IOException {
        File f = dir.newFile();
        try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))) {
            w.create(schema, f);
            w.appendEncoded(ByteBuffer.wrap(datum));
        }
        return f;
    }

    private static void assertRefused(RecordReader<?, ?> reader, File f, TaskAttemptContext context) throws Exception {
        FileSplit split = new FileSplit(new Path(f.toURI()), 0, f.length(), null);
        try (RecordReader<?, ?> r = reader) {
            r.initialize(split, context);
            r.nextKeyValue();
            fail("read a datum nested " + LEVELS + " deep");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("record 1 of " + split.getPath()
                    + ": values nested too deep for Avro's reader (the connector carries at most 256 levels)"));
        }
    }

    @Test
    public void aDatumNestedPastAnyStackIsAnIOExceptionNamingTheRecordAndFile() throws Exception {
        // The splice is the datum Avro's writer makes, at a depth it can follow.
        assertArrayEquals(datum(Collections.singletonList(Collections.singletonList(Collections.singletonList(7L)))),
                nestedDatum(3));
        byte[] deep = nestedDatum(LEVELS);
        Configuration conf = new Configuration();
        conf.set(OutputKeys.NAMESPACE, "test");
        TaskAttemptContext context = new TaskAttemptContextImpl(conf, new TaskAttemptID());
        // The export's schema with a property of another writer: equal in layout, not equals().
        Schema other = new Schema.Parser().parse(AvroRecords.SCHEMA.toString());
        other.addProp("written-by", "another tool");
        File f = file(other, deep);
        assertRefused(new AvroInputFormat().createRecordReader(null, context), f, context);
        assertRefused(new AvroFrameInputFormat().createRecordReader(null, context), f, context);
    }
}
