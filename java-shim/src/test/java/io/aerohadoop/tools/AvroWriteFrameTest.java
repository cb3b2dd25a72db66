package io.aerohadoop.tools;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.aerohadoop.config.OutputKeys;
import io.aerohadoop.config.WriteConfig;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.io.SampleValues;
import io.aerohadoop.io.WriteFrameEncoder;
import io.aerohadoop.write.OutputMapping;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.hadoop.conf.Configuration;
import org.junit.Test;

/**
 * The Avro import's fast path: a datum of the export's schema transcoded to exactly the write
 * frame record the object path (Avro's reader, AvroRecords.fromAvro, target set, OutputMapping,
 * WriteFrameEncoder) produces; datums holding maps declined, with their end found.
 */
public class AvroWriteFrameTest {
    private static final String WRITER_SET = "users";

    private static byte[] datum(AerospikeKey key, AerospikeRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(AvroRecords.SCHEMA).write(AvroRecords.toAvro(key, record), e);
        e.flush();
        return out.toByteArray();
    }

    private static byte[] objectPath(String writerSet, String target, byte[] datum) throws IOException {
        Configuration conf = new Configuration(false);
        conf.set(OutputKeys.NAMESPACE, "test");
        if (writerSet != null) {
            conf.set(OutputKeys.SET_NAME, writerSet);
        }
        if (target != null) {
            conf.set(TargetSet.KEY, target);
        }
        GenericRecord r = new GenericDatumReader<GenericRecord>(AvroRecords.SCHEMA).read(null,
                DecoderFactory.get().binaryDecoder(datum, null));
        AerospikeKey key = new AerospikeKey();
        AerospikeRecord record = new AerospikeRecord();
        AvroRecords.fromAvro(r, key, record);
        new TargetSet(conf).apply(key);
        WriteFrameEncoder encoder = new WriteFrameEncoder(64);
        new OutputMapping(WriteConfig.from(conf)).add(key, record, encoder);
        byte[] frame = encoder.toByteArray();
        return Arrays.copyOfRange(frame, 4, frame.length);
    }

    private static void assertTranscoded(String what, String writerSet, String target, AerospikeKey key,
            AerospikeRecord record) throws IOException {
        byte[] d = datum(key, record);
        byte[] padded = new byte[d.length + 9];
        System.arraycopy(d, 0, padded, 4, d.length);
        AvroWriteFrame t = new AvroWriteFrame(writerSet, target);
        t.reset(padded, 4, 4 + d.length);
        assertTrue(what + ": declined", t.transcode());
        assertEquals(what + ": end", 4 + d.length, t.position());
        assertEquals(what + ": ttl", record.ttl(), t.ttl());
        assertArrayEquals(what, objectPath(writerSet, target, d),
                Arrays.copyOf(t.record().array(), t.record().length()));
    }

    private static AerospikeRecord record(Map<String, Object> bins, int generation, int ttl) {
        AerospikeRecord r = new AerospikeRecord();
        for (Map.Entry<String, Object> e : bins.entrySet()) {
            r.put(e.getKey(), e.getValue());
        }
        r.setGeneration(generation);
        r.setTtl(ttl);
        return r;
    }

    private static Map<String, Object> binsWithoutMaps() {
        Map<String, Object> bins = new LinkedHashMap<>(SampleValues.bins());
        bins.remove("map");
        bins.remove("emptymap");
        return bins;
    }

    @Test
    public void everySampleValueButMapsTranscodesToTheObjectPathsRecordWithBinsSortedByName() throws IOException {
        AerospikeKey key = new AerospikeKey("test", WRITER_SET, SampleValues.digest(1), "k");
        int transcoded = 0;
        for (Map.Entry<String, Object> bin : binsWithoutMaps().entrySet()) {
            assertTranscoded(bin.getKey(), WRITER_SET, null, key,
                    record(Collections.singletonMap(bin.getKey(), bin.getValue()), 3, 100));
            transcoded++;
        }
        assertEquals(SampleValues.bins().size() - 2, transcoded);
        assertTranscoded("all bins", WRITER_SET, null, key, record(binsWithoutMaps(), 0, -1));
        assertTranscoded("no bins", WRITER_SET, null, key, record(Collections.emptyMap(), 1, 1));
    }

    @Test
    public void everyKeyShapeWriterSetAndTargetSetMatchesTheObjectPath() throws IOException {
        AerospikeRecord r = record(binsWithoutMaps(), 12, 3600);
        Object[] userKeys = {null, 7L, Long.MIN_VALUE, "k1", "", "Grüße", new byte[] {1, 2, 3}, new byte[0]};
        int checked = 0;
        int seed = 0;
        for (Object userKey : userKeys) {
            for (String set : new String[] {null, WRITER_SET, "other", "Ünï"}) {
                AerospikeKey key = new AerospikeKey("test", set, SampleValues.digest(seed++), userKey);
                for (String writerSet : new String[] {null, WRITER_SET}) {
                    for (String target : new String[] {null, WRITER_SET, "moved"}) {
                        assertTranscoded(key + " writer set " + writerSet + " target " + target, writerSet, target,
                                key, r);
                        checked++;
                    }
                }
            }
        }
        assertEquals(32 * 6, checked);
    }

    @Test
    public void largeValuesAndManyBinsMatchTheObjectPath() throws IOException {
        Map<String, Object> bins = SampleValues.largeBins();
        for (int i = 200; i > 0; i--) {
            bins.put("b" + i, (long) i); // out of name order
        }
        AerospikeKey key = new AerospikeKey("test", "other", SampleValues.digest(5), ((String) bins.get("bigstring")).substring(0, 1000));
        assertTranscoded("large", WRITER_SET, null, key, record(bins, 65_535, Integer.MAX_VALUE));
    }

    /** A generation no record has (16 bits) goes to the object path, which names the key under a policy. */
    @Test
    public void generationsOutsideSixteenBitsAreDeclinedAndSkippedToTheirEnd() throws IOException {
        AerospikeKey key = new AerospikeKey("test", WRITER_SET, SampleValues.digest(8), 9L);
        for (int generation : new int[] {65_536, Integer.MAX_VALUE, -1}) {
            byte[] d = datum(key, record(Collections.singletonMap("a", 1L), generation, 10));
            AvroWriteFrame t = new AvroWriteFrame(WRITER_SET, null);
            t.reset(d, 0, d.length);
            assertFalse("generation " + generation + " was transcoded", t.transcode());
            assertEquals(0, t.position());
            t.skip();
            assertEquals(d.length, t.position());
        }
    }

    @Test
    public void datumsWithMapsAreDeclinedAndSkippedToTheirEndAmongOthers() throws IOException {
        AerospikeKey key = new AerospikeKey("test", WRITER_SET, SampleValues.digest(6), 9L);
        byte[] plain = datum(key, record(binsWithoutMaps(), 1, 10));
        byte[] withMap = datum(key, record(SampleValues.bins(), 2, 20));
        byte[] block = new byte[plain.length + withMap.length + plain.length];
        System.arraycopy(plain, 0, block, 0, plain.length);
        System.arraycopy(withMap, 0, block, plain.length, withMap.length);
        System.arraycopy(plain, 0, block, plain.length + withMap.length, plain.length);
        AvroWriteFrame t = new AvroWriteFrame(WRITER_SET, null);
        t.reset(block, 0, block.length);
        assertTrue(t.transcode());
        assertFalse("a datum with a map was transcoded", t.transcode());
        assertEquals(plain.length, t.position());
        t.skip();
        assertEquals(plain.length + withMap.length, t.position());
        assertTrue(t.transcode());
        assertEquals(block.length, t.position());
        assertArrayEquals(objectPath(WRITER_SET, null, plain), Arrays.copyOf(t.record().array(), t.record().length()));
    }

    @Test
    public void truncatedDatumsAreRefusedAsCorrupt() throws IOException {
        byte[] d = datum(new AerospikeKey("test", WRITER_SET, SampleValues.digest(7), "k"),
                record(Collections.singletonMap("a", "text"), 0, -1));
        AvroWriteFrame t = new AvroWriteFrame(WRITER_SET, null);
        t.reset(d, 0, d.length - 3);
        try {
            t.transcode();
            fail("a truncated datum was transcoded");
        } catch (IOException e) {
            assertEquals("corrupt Avro record: runs past the end of its block", e.getMessage());
        }
    }
}
