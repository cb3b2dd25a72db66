package io.aerohadoop.write;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.aerohadoop.config.OutputKeys;
import io.aerohadoop.config.WriteConfig;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.io.FrameCursor;
import io.aerohadoop.io.WriteFrameEncoder;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.ArrayWritable;
import org.apache.hadoop.io.BooleanWritable;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.DoubleWritable;
import org.apache.hadoop.io.FloatWritable;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.MapWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.ObjectWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.junit.Test;

/**
 * Each mapping rule, checked by encoding the mapped record and the record the rule says it is
 * (straight through the encoder, tested on its own) and comparing the frames.
 */
public class OutputMappingTest {
    private static OutputMapping mapping(String... keyValues) throws IOException {
        Configuration c = new Configuration(false);
        c.set(OutputKeys.NAMESPACE, "test");
        c.set(OutputKeys.SET_NAME, "out");
        for (int i = 0; i < keyValues.length; i += 2) {
            c.set(keyValues[i], keyValues[i + 1]);
        }
        return new OutputMapping(WriteConfig.from(c));
    }

    private static Map<String, Object> bins(Object... nameValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            m.put((String) nameValues[i], nameValues[i + 1]);
        }
        return m;
    }

    private static void assertMapsTo(OutputMapping m, Object key, Object value, String set, Object userKey,
            byte[] digest, int generation, Map<String, Object> bins) throws IOException {
        WriteFrameEncoder actual = new WriteFrameEncoder(64);
        m.add(key, value, actual);
        WriteFrameEncoder expected = new WriteFrameEncoder(64);
        expected.add(set, userKey, digest, generation, bins);
        assertArrayEquals(expected.toByteArray(), actual.toByteArray());
    }

    private static byte[] digest() {
        byte[] d = new byte[20];
        for (int i = 0; i < d.length; i++) {
            d[i] = (byte) (i * 7 + 1);
        }
        return d;
    }

    @Test
    public void keysBecomeUserKeysOfTheirType() throws IOException {
        OutputMapping m = mapping(OutputKeys.BIN_NAME, "v");
        assertMapsTo(m, new Text("wörd"), new LongWritable(3), null, "wörd", null, 0, bins("v", 3L));
        assertMapsTo(m, new IntWritable(-7), new LongWritable(3), null, -7L, null, 0, bins("v", 3L));
        assertMapsTo(m, new LongWritable(Long.MAX_VALUE), new LongWritable(3), null, Long.MAX_VALUE, null, 0,
                bins("v", 3L));
        BytesWritable blob = new BytesWritable(new byte[] {1, 2, 3, 4});
        blob.setSize(2); // only the valid bytes, not the backing array's capacity
        assertMapsTo(m, blob, new LongWritable(3), null, new byte[] {1, 2}, null, 0, bins("v", 3L));
    }

    @Test
    public void anAerospikeKeyWritesByItsUserKeyElseByDigestWithItsSet() throws IOException {
        OutputMapping m = mapping(OutputKeys.BIN_NAME, "v");
        assertMapsTo(m, new AerospikeKey("test", "out", digest(), "k1"), new Text("x"), null, "k1", null, 0,
                bins("v", "x"));
        assertMapsTo(m, new AerospikeKey("test", "elsewhere", digest(), 5L), new Text("x"), "elsewhere", 5L, null, 0,
                bins("v", "x"));
        assertMapsTo(m, new AerospikeKey("other-ns", null, digest(), null), new Text("x"), null, null, digest(), 0,
                bins("v", "x"));
    }

    @Test
    public void scalarValuesGoToTheBinNamedByBinname() throws IOException {
        OutputMapping m = mapping(OutputKeys.BIN_NAME, "v");
        Object[][] cases = {
            {new Text("s"), "s"},
            {new IntWritable(4), 4L},
            {new LongWritable(-4), -4L},
            {new DoubleWritable(2.5), 2.5},
            {new FloatWritable(0.25f), 0.25},
            {new BooleanWritable(true), true},
            {new BytesWritable(new byte[] {9}), new byte[] {9}},
            {NullWritable.get(), null},
        };
        for (Object[] c : cases) {
            assertMapsTo(m, new Text("k"), c[0], null, "k", null, 0, bins("v", c[1]));
        }
        ArrayWritable list = new ArrayWritable(Writable.class,
                new Writable[] {new Text("a"), new IntWritable(1), NullWritable.get()});
        assertMapsTo(m, new Text("k"), list, null, "k", null, 0, bins("v", Arrays.asList("a", 1L, null)));
    }

    @Test
    public void mapWritableAndAerospikeRecordValuesAreBins() throws IOException {
        OutputMapping m = mapping();
        MapWritable inner = new MapWritable();
        inner.put(new IntWritable(1), new Text("one"));
        MapWritable value = new MapWritable();
        value.put(new Text("name"), new Text("ann"));
        value.put(new Text("gone"), NullWritable.get());
        value.put(new Text("nested"), inner);
        Map<Object, Object> innerMap = new LinkedHashMap<>();
        innerMap.put(1L, "one");
        Map<String, Object> expected = new LinkedHashMap<>();
        for (Map.Entry<Writable, Writable> e : value.entrySet()) {
            String name = e.getKey().toString();
            expected.put(name, name.equals("name") ? "ann" : name.equals("gone") ? null : innerMap);
        }
        assertMapsTo(m, new Text("k"), value, null, "k", null, 0, expected);

        AerospikeRecord r = new AerospikeRecord().put("a", 1L).put("b", Arrays.asList("x", 2.0));
        r.setGeneration(9);
        assertMapsTo(m, new LongWritable(8), r, null, 8L, null, 9, bins("a", 1L, "b", Arrays.asList("x", 2.0)));
    }

    @Test
    public void keynameAlsoStoresTheUserKeyInItsBin() throws IOException {
        OutputMapping m = mapping(OutputKeys.BIN_NAME, "count", OutputKeys.KEY_NAME, "word");
        assertMapsTo(m, new Text("hadoop"), new IntWritable(12), null, "hadoop", null, 0,
                bins("count", 12L, "word", "hadoop"));
        try {
            m.add(new AerospikeKey("test", null, digest(), null), new IntWritable(1), new WriteFrameEncoder(64));
            fail("wrote a key bin without a user key");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("aerospike.output.keyname=word"));
        }
    }

    @Test
    public void unsupportedKeysAndValuesAreRefusedNamingTheirClass() throws IOException {
        OutputMapping m = mapping(OutputKeys.BIN_NAME, "v");
        refused(m, NullWritable.get(), new Text("x"), "org.apache.hadoop.io.NullWritable output key");
        refused(m, new DoubleWritable(1), new Text("x"), "org.apache.hadoop.io.DoubleWritable output key");
        refused(m, new Text("k"), new ObjectWritable("x"), "org.apache.hadoop.io.ObjectWritable");
        MapWritable badNames = new MapWritable();
        badNames.put(new IntWritable(1), new Text("x"));
        refused(m, new Text("k"), badNames, "names its bins with Text, not org.apache.hadoop.io.IntWritable");
        refused(mapping(), new Text("k"), new Text("x"), "aerospike.output.binname is not set");
    }

    /**
     * Under a generation policy the carried generation is sent, and it is 16 bits on the server: a
     * larger one is refused naming the key and the policy; without a policy it is not looked at.
     */
    @Test
    public void aGenerationPast16BitsIsRefusedUnderAGenerationPolicy() throws IOException {
        AerospikeRecord r = new AerospikeRecord().put("a", 1L);
        r.setGeneration(65_543);
        refused(mapping(OutputKeys.GENERATION_POLICY, "expect_equal"), new Text("k"), r,
                "cannot write the record of key k: its generation 65543 is not a record generation (0 to 65535) for"
                        + " aerospike.output.generation.policy=expect_equal");
        r.setGeneration(-1);
        refused(mapping(OutputKeys.GENERATION_POLICY, "expect_greater"), new Text("k"), r, "its generation -1");
        WriteFrameEncoder e = new WriteFrameEncoder(64);
        mapping().add(new Text("k"), r, e);
        assertEquals(1, e.recordCount());
        r.setGeneration(65_535);
        mapping(OutputKeys.GENERATION_POLICY, "expect_equal").add(new Text("k"), r, e);
        assertEquals(2, e.recordCount());
    }

    /** An IntWritable inside {@code depth} one-element ArrayWritables. */
    private static Writable nestedArrays(int depth) {
        Writable w = new IntWritable(7);
        for (int i = 0; i < depth; i++) {
            w = new ArrayWritable(Writable.class, new Writable[] {w});
        }
        return w;
    }

    /**
     * Writables nest as deep as the connector writes and no deeper: 256 arrays convert, 257 are
     * refused naming the bin and where, and so are 20,000 (a recursion that deep ran out of stack)
     * and a MapWritable that holds itself.
     */
    @Test
    public void writablesNestedDeeperThanTheConnectorWritesAreRefusedNamingTheBin() throws IOException {
        OutputMapping m = mapping();
        MapWritable ok = new MapWritable();
        ok.put(new Text("l"), nestedArrays(FrameCursor.MAX_DEPTH));
        WriteFrameEncoder e = new WriteFrameEncoder(64);
        m.add(new Text("k"), ok, e);
        assertEquals(1, e.recordCount());

        for (int depth : new int[] {FrameCursor.MAX_DEPTH + 1, 20_000}) {
            MapWritable deep = new MapWritable();
            deep.put(new Text("l"), nestedArrays(depth));
            refused(m, new Text("k"), deep, "bin 'l' element 0 element 0 element 0 element 0 element 0 element 0"
                    + " element 0 element 0 … (257 levels) is nested deeper than 256 ArrayWritables and MapWritables");
        }
        MapWritable self = new MapWritable();
        MapWritable loop = new MapWritable();
        loop.put(new Text("again"), loop);
        self.put(new Text("m"), loop);
        refused(m, new Text("k"), self, "bin 'm' entry again entry again");
        refused(m, new Text("k"), self, "is nested deeper than 256");
    }

    private static void refused(OutputMapping m, Object key, Object value, String why) {
        WriteFrameEncoder e = new WriteFrameEncoder(64);
        try {
            m.add(key, value, e);
        } catch (IOException ex) {
            assertTrue("'" + why + "' not in: " + ex.getMessage(), ex.getMessage().contains(why));
            assertEquals(0, e.recordCount());
            return;
        }
        fail("accepted " + key + " -> " + value);
    }

    @Test
    public void scalarClassesAreThoseThatNeedBinname() {
        assertTrue(OutputMapping.isScalar(Text.class));
        assertTrue(OutputMapping.isScalar(IntWritable.class));
        assertTrue(OutputMapping.isScalar(NullWritable.class));
        assertFalse(OutputMapping.isScalar(MapWritable.class));
        assertFalse(OutputMapping.isScalar(AerospikeRecord.class));
        assertFalse(OutputMapping.isScalar(Writable.class));
        assertFalse(OutputMapping.isScalar(Collections.class));
    }
}
