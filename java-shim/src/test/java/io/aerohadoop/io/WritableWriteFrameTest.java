package io.aerohadoop.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.aerohadoop.config.OutputKeys;
import io.aerohadoop.config.WriteConfig;
import io.aerohadoop.write.OutputMapping;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.Writable;
import org.junit.Test;

/**
 * The SequenceFile import's fast path: the Writable bytes of a key and record transcoded to
 * exactly the write frame record the object path (decode, target set, OutputMapping,
 * WriteFrameEncoder) produces.
 */
public class WritableWriteFrameTest {
    private static final String WRITER_SET = "users";

    private static byte[] written(Writable w) throws IOException {
        DataOutputBuffer out = new DataOutputBuffer();
        w.write(out);
        return Arrays.copyOf(out.getData(), out.getLength());
    }

    /** The object path: the import's target set, then the writer's mapping and encoder; the record's bytes. */
    private static byte[] objectPath(String writerSet, String target, AerospikeKey key, AerospikeRecord record)
            throws IOException {
        Configuration conf = new Configuration(false);
        conf.set(OutputKeys.NAMESPACE, "test");
        if (writerSet != null) {
            conf.set(OutputKeys.SET_NAME, writerSet);
        }
        AerospikeKey k = AerospikeKey.copyOf(key);
        if (target != null && !target.equals(k.set())) {
            k.set(k.namespace(), target, k.digest(), k.userKey());
        }
        WriteFrameEncoder encoder = new WriteFrameEncoder(64);
        new OutputMapping(WriteConfig.from(conf)).add(k, record, encoder);
        byte[] frame = encoder.toByteArray();
        return Arrays.copyOfRange(frame, 4, frame.length);
    }

    private static byte[] fastPath(String writerSet, String target, AerospikeKey key, AerospikeRecord record)
            throws IOException {
        WritableWriteFrame t = new WritableWriteFrame(writerSet, target);
        byte[] k = written(key);
        byte[] v = written(record);
        // Offsets inside bigger arrays, as BytesWritable hands them.
        byte[] kb = new byte[k.length + 5];
        System.arraycopy(k, 0, kb, 0, k.length);
        t.transcode(kb, 0, k.length, v, 0, v.length);
        assertEquals("ttl", record.ttl(), t.ttl());
        return Arrays.copyOf(t.record().array(), t.record().length());
    }

    private static void assertSame(String what, String writerSet, String target, AerospikeKey key,
            AerospikeRecord record) throws IOException {
        assertArrayEquals(what, objectPath(writerSet, target, key, record), fastPath(writerSet, target, key, record));
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

    private static List<AerospikeKey> keys() {
        List<AerospikeKey> keys = new ArrayList<>();
        Object[] userKeys = {null, 7L, Long.MIN_VALUE, "k1", "", "Grüße", new byte[] {1, 2, 3}, new byte[0]};
        String[] sets = {null, WRITER_SET, "other"};
        int seed = 0;
        for (Object userKey : userKeys) {
            for (String set : sets) {
                keys.add(new AerospikeKey("test", set, SampleValues.digest(seed++), userKey));
            }
        }
        return keys;
    }

    @Test
    public void everySampleValueTranscodesToTheObjectPathsFrameRecord() throws IOException {
        AerospikeKey key = new AerospikeKey("test", WRITER_SET, SampleValues.digest(1), "k");
        int checked = 0;
        for (Map.Entry<String, Object> bin : SampleValues.bins().entrySet()) {
            assertSame(bin.getKey(), WRITER_SET, null, key,
                    record(Collections.singletonMap(bin.getKey(), bin.getValue()), 3, 100));
            checked++;
        }
        assertEquals(SampleValues.bins().size(), checked);
        assertSame("all bins", WRITER_SET, null, key, record(SampleValues.bins(), 0, -1));
        assertSame("no bins", WRITER_SET, null, key, record(Collections.emptyMap(), 1, 1));
    }

    @Test
    public void everyKeyShapeWriterSetAndTargetSetMatchesTheObjectPath() throws IOException {
        AerospikeRecord r = record(SampleValues.bins(), 12, 3600);
        int checked = 0;
        for (AerospikeKey key : keys()) {
            for (String writerSet : new String[] {null, WRITER_SET}) {
                for (String target : new String[] {null, WRITER_SET, "moved"}) {
                    assertSame(key + " writer set " + writerSet + " target " + target, writerSet, target, key, r);
                    checked++;
                }
            }
        }
        assertEquals(24 * 6, checked);
    }

    @Test
    public void largeValuesAndCountsBeyondOneByteVintsMatchTheObjectPath() throws IOException {
        Map<String, Object> bins = SampleValues.largeBins();
        Map<Object, Object> map = new LinkedHashMap<>();
        for (long i = 0; i < 130; i++) {
            map.put(i, SampleValues.list(i, "v" + i));
        }
        bins.put("bigmap", map);
        for (int i = 0; i < 200; i++) {
            bins.put("b" + i, (long) i);
        }
        char[] longName = new char[300];
        Arrays.fill(longName, 'n');
        bins.put(new String(longName), "long name");
        AerospikeKey key = new AerospikeKey("test", "other", SampleValues.digest(5), ((String) bins.get("bigstring")).substring(0, 1000));
        assertSame("large", WRITER_SET, null, key, record(bins, Integer.MAX_VALUE, Integer.MAX_VALUE));
    }

    @Test
    public void invalidUtf8InStringsNamesAndSetsEndsAsTheObjectPathDecodesIt() throws IOException {
        // A key and record whose strings are valid, then their UTF-8 bytes broken in place: the
        // object path decodes them with replacement characters, and so must the transcoder.
        AerospikeKey key = new AerospikeKey("test", "sé", SampleValues.digest(8), "ké");
        AerospikeRecord r = record(Collections.singletonMap("bé", SampleValues.list("vé", new GeoJson("{\"é\":1}"))),
                0, -1);
        byte[] k = written(key);
        byte[] v = written(r);
        int broken = 0;
        for (byte[] b : new byte[][] {k, v}) {
            for (int i = 0; i + 1 < b.length; i++) {
                if (b[i] == (byte) 0xc3 && b[i + 1] == (byte) 0xa9) { // é
                    b[i + 1] = (byte) 0x41; // a lead byte followed by 'A': invalid
                    broken++;
                }
            }
        }
        assertEquals(5, broken);
        AerospikeKey decodedKey = new AerospikeKey();
        AerospikeRecord decoded = new AerospikeRecord();
        org.apache.hadoop.io.DataInputBuffer in = new org.apache.hadoop.io.DataInputBuffer();
        in.reset(k, k.length);
        decodedKey.readFields(in);
        in.reset(v, v.length);
        decoded.readFields(in);
        assertTrue(decodedKey.set(), decodedKey.set().contains("\uFFFD"));
        for (String writerSet : new String[] {null, decodedKey.set()}) {
            WritableWriteFrame t = new WritableWriteFrame(writerSet, null);
            t.transcode(k, 0, k.length, v, 0, v.length);
            assertArrayEquals("writer set " + writerSet, objectPath(writerSet, null, decodedKey, decoded),
                    Arrays.copyOf(t.record().array(), t.record().length()));
        }
    }

    @Test
    public void aUserKeyOfNoKeyTypeIsRefusedWithTheObjectPathsMessage() throws IOException {
        AerospikeKey key = new AerospikeKey("test", WRITER_SET, SampleValues.digest(2), 2.5);
        AerospikeRecord r = record(Collections.singletonMap("a", 1L), 0, -1);
        String expected = null;
        try {
            objectPath(WRITER_SET, null, key, r);
            fail("the object path wrote a float user key");
        } catch (IOException e) {
            expected = e.getMessage();
        }
        try {
            fastPath(WRITER_SET, null, key, r);
            fail("a float user key was transcoded");
        } catch (IOException e) {
            assertEquals(expected, e.getMessage());
            assertTrue(e.getMessage(), e.getMessage().contains("not a float"));
        }
    }

    @Test
    public void aBinNameBeyondTheFramesLimitIsRefusedWithTheObjectPathsMessage() throws IOException {
        char[] name = new char[70_000];
        Arrays.fill(name, 'x');
        AerospikeKey key = new AerospikeKey("test", WRITER_SET, SampleValues.digest(3), 1L);
        AerospikeRecord r = record(Collections.singletonMap(new String(name), 1L), 0, -1);
        String expected = null;
        try {
            objectPath(WRITER_SET, null, key, r);
            fail("the object path wrote a 70000-byte bin name");
        } catch (IOException e) {
            expected = e.getMessage();
        }
        try {
            fastPath(WRITER_SET, null, key, r);
            fail("a 70000-byte bin name was transcoded");
        } catch (IOException e) {
            assertEquals(expected, e.getMessage());
        }
    }

    @Test
    public void truncatedAndUnknownTaggedBytesAreRefusedAsCorrupt() throws IOException {
        AerospikeKey key = new AerospikeKey("test", WRITER_SET, SampleValues.digest(4), "k");
        byte[] k = written(key);
        byte[] v = written(record(Collections.singletonMap("a", "text"), 0, -1));
        WritableWriteFrame t = new WritableWriteFrame(WRITER_SET, null);
        try {
            t.transcode(k, 0, k.length, v, 0, v.length - 2);
            fail("a truncated record was transcoded");
        } catch (IOException e) {
            assertEquals("corrupt AerospikeRecord data: runs past its end", e.getMessage());
        }
        byte[] bad = v.clone();
        bad[bad.length - 6] = 42; // the value's tag ("text": tag, vint 4, 4 bytes)
        try {
            t.transcode(k, 0, k.length, bad, 0, bad.length);
            fail("an unknown tag was transcoded");
        } catch (IOException e) {
            assertEquals("corrupt AerospikeRecord data: unknown value tag 42", e.getMessage());
        }
        // The transcoder is still usable after a refusal.
        t.transcode(k, 0, k.length, v, 0, v.length);
        assertArrayEquals(objectPath(WRITER_SET, null, key, record(Collections.singletonMap("a", "text"), 0, -1)),
                Arrays.copyOf(t.record().array(), t.record().length()));
    }

    @Test
    public void preEncodedRecordsMakeTheSameFrameAsTheEncoderAcrossBufferGrowth() throws IOException {
        WriteFrameEncoder byObjects = new WriteFrameEncoder(64);
        WriteFrameEncoder byBytes = new WriteFrameEncoder(64);
        Configuration conf = new Configuration(false);
        conf.set(OutputKeys.NAMESPACE, "test");
        OutputMapping mapping = new OutputMapping(WriteConfig.from(conf));
        WritableWriteFrame t = new WritableWriteFrame(null, null);
        int n = 0;
        for (AerospikeKey key : keys()) {
            AerospikeRecord r = record(SampleValues.bins(), n, n + 1);
            mapping.add(key, r, byObjects);
            byte[] k = written(key);
            byte[] v = written(r);
            t.transcode(k, 0, k.length, v, 0, v.length);
            byBytes.addEncoded(t.record().array(), 0, t.record().length());
            n++;
        }
        assertEquals(n, byBytes.recordCount());
        assertTrue("the buffer grew", byBytes.capacity() > 64);
        assertArrayEquals(byObjects.toByteArray(), byBytes.toByteArray());
    }
}
