package io.aerohadoop.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Test;

/**
 * The encoder against frames built by hand from the format text of WRITE_PATH.md (big-endian,
 * flags bit0 user key, bit1 digest, bit2 set; values tagged as in the read frame).
 */
public class WriteFrameEncoderTest {
    private static byte[] digest(int seed) {
        byte[] d = new byte[20];
        for (int i = 0; i < d.length; i++) {
            d[i] = (byte) (seed + i * 13);
        }
        return d;
    }

    private static Map<String, Object> bins(Object... nameValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            m.put((String) nameValues[i], nameValues[i + 1]);
        }
        return m;
    }

    private static void shortString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeShort(b.length);
        out.write(b);
    }

    private static void intString(DataOutputStream out, int tag, byte[] b) throws IOException {
        out.writeByte(tag);
        out.writeInt(b.length);
        out.write(b);
    }

    @Test
    public void anEmptyFrameIsItsZeroCount() {
        WriteFrameEncoder e = new WriteFrameEncoder(64);
        assertArrayEquals(new byte[] {0, 0, 0, 0}, e.toByteArray());
        assertEquals(0, e.recordCount());
        assertEquals(4, e.size());
    }

    @Test
    public void recordsOfEveryShapeAndEveryValueTagEncodeAsTheFormatSays() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(3);

        // Record 0: string user key, no digest, no set override; one bin of each tag.
        out.writeByte(1);
        intString(out, 3, "héllo 😀".getBytes(StandardCharsets.UTF_8));
        out.writeInt(0);
        out.writeShort(10);
        shortString(out, "nil");
        out.writeByte(0);
        shortString(out, "int");
        out.writeByte(1);
        out.writeLong(-5L);
        shortString(out, "float");
        out.writeByte(2);
        out.writeLong(Double.doubleToRawLongBits(-0.0));
        shortString(out, "名前");
        intString(out, 3, new byte[0]);
        shortString(out, "blob");
        intString(out, 4, new byte[] {0, 1, (byte) 0xff});
        shortString(out, "bool");
        out.writeByte(5);
        out.writeByte(1);
        shortString(out, "list");
        out.writeByte(6);
        out.writeInt(2);
        out.writeByte(1);
        out.writeLong(7);
        out.writeByte(6);
        out.writeInt(0);
        shortString(out, "map");
        out.writeByte(7);
        out.writeInt(1);
        intString(out, 3, "k".getBytes(StandardCharsets.UTF_8));
        out.writeByte(5);
        out.writeByte(0);
        shortString(out, "geo");
        intString(out, 8, "{\"type\":\"Point\",\"coordinates\":[1,2]}".getBytes(StandardCharsets.UTF_8));
        shortString(out, "hll");
        intString(out, 9, new byte[] {9, 8});

        // Record 1: integer user key, set override, generation 42, no bins.
        out.writeByte(1 | 4);
        shortString(out, "other");
        out.writeByte(1);
        out.writeLong(Long.MIN_VALUE);
        out.writeInt(42);
        out.writeShort(0);

        // Record 2: by digest only, generation -1 (all bits), a Float bin widened to double.
        out.writeByte(2);
        out.write(digest(3));
        out.writeInt(-1);
        out.writeShort(1);
        shortString(out, "f");
        out.writeByte(2);
        out.writeLong(Double.doubleToRawLongBits(1.5f));
        out.flush();

        Map<Object, Object> map = new LinkedHashMap<>();
        map.put("k", false);
        WriteFrameEncoder e = new WriteFrameEncoder(16);
        e.add(null, "héllo 😀", null, 0, bins("nil", null, "int", -5L, "float", -0.0, "名前", "",
                "blob", new byte[] {0, 1, (byte) 0xff}, "bool", true, "list", Arrays.asList(7, Collections.emptyList()),
                "map", map, "geo", new GeoJson("{\"type\":\"Point\",\"coordinates\":[1,2]}"),
                "hll", new HyperLogLog(new byte[] {9, 8})));
        e.add("other", Long.MIN_VALUE, null, 42, Collections.emptyMap());
        e.add(null, null, digest(3), -1, bins("f", 1.5f));

        assertEquals(3, e.recordCount());
        assertArrayEquals(bytes.toByteArray(), e.toByteArray());
        assertEquals(bytes.size(), e.size());
        // Started at 16 bytes: the buffer grew to hold every record.
        assertTrue(e.capacity() >= bytes.size());
    }

    @Test
    public void aUserKeyAndADigestCanTravelTogether() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(1);
        out.writeByte(1 | 2);
        intString(out, 4, new byte[] {1, 2, 3});
        out.write(digest(9));
        out.writeInt(0);
        out.writeShort(0);
        WriteFrameEncoder e = new WriteFrameEncoder(64);
        e.add(null, new byte[] {1, 2, 3}, digest(9), 0, Collections.emptyMap());
        assertArrayEquals(bytes.toByteArray(), e.toByteArray());
    }

    @Test
    public void clearEmptiesTheFrameAndKeepsTheBuffer() {
        WriteFrameEncoder e = new WriteFrameEncoder(32);
        for (int i = 0; i < 100; i++) {
            e.add(null, (long) i, null, 0, bins("v", "x".repeat(i)));
        }
        int capacity = e.capacity();
        assertEquals(100, e.recordCount());
        e.clear();
        assertEquals(0, e.recordCount());
        assertEquals(4, e.size());
        assertEquals(capacity, e.capacity());
        e.add(null, 1L, null, 0, bins("v", 2L));
        WriteFrameEncoder fresh = new WriteFrameEncoder(32);
        fresh.add(null, 1L, null, 0, bins("v", 2L));
        assertArrayEquals(fresh.toByteArray(), e.toByteArray());
    }

    @Test
    public void aRecordThatCannotBeEncodedLeavesTheFrameAsItWas() {
        WriteFrameEncoder e = new WriteFrameEncoder(64);
        e.add(null, "a", null, 0, bins("v", 1L));
        byte[] before = e.toByteArray();
        try {
            e.add(null, "b", null, 0, bins("ok", 1L, "bad", new Object()));
            fail("encoded an Object");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().startsWith("bin 'bad': "));
            assertTrue(expected.getMessage(), expected.getMessage().contains("java.lang.Object"));
        }
        assertArrayEquals(before, e.toByteArray());
        assertEquals(1, e.recordCount());
    }

    /** An integer inside {@code depth} lists. */
    private static Object nested(int depth) {
        Object v = 7L;
        for (int i = 0; i < depth; i++) {
            v = Collections.singletonList(v);
        }
        return v;
    }

    /**
     * Lists and maps nest as deep as the connector reads back and no deeper; the refusal names the
     * bin, and a value nested far deeper is refused as soon as the bound is passed (before the
     * encoder's own recursion could run out of stack).
     */
    @Test
    public void valuesNestedDeeperThanTheConnectorReadsBackAreRefused() {
        WriteFrameEncoder e = new WriteFrameEncoder(64);
        e.add(null, "a", null, 0, bins("deepest", nested(FrameCursor.MAX_DEPTH)));
        byte[] before = e.toByteArray();
        // The frame: count, flags, the key, generation, one bin "deepest", then 256 lists of one item.
        int listsAt = 4 + 1 + (1 + 4 + 1) + 4 + 2 + (2 + 7);
        for (int i = 0; i < FrameCursor.MAX_DEPTH; i++) {
            assertEquals(Values.LIST, before[listsAt + 5 * i]);
        }
        assertEquals(Values.INT, before[listsAt + 5 * FrameCursor.MAX_DEPTH]);

        Map<Object, Object> map = Collections.singletonMap("k", nested(FrameCursor.MAX_DEPTH));
        refused(() -> e.add(null, "b", null, 0, bins("ok", 1L, "deeper", nested(FrameCursor.MAX_DEPTH + 1))),
                "bin 'deeper': lists and maps nested deeper than 256 (the most the connector reads back)");
        refused(() -> e.add(null, "c", null, 0, bins("inmap", map)), "bin 'inmap': lists and maps nested deeper than 256");
        refused(() -> e.add(null, "d", null, 0, bins("far", nested(1_000_000))), "bin 'far': lists and maps nested deeper");
        assertArrayEquals(before, e.toByteArray());
        assertEquals(1, e.recordCount());
    }

    @Test
    public void recordsWithoutKeyOrWithABadKeyOrDigestAreRefused() {
        WriteFrameEncoder e = new WriteFrameEncoder(64);
        refused(() -> e.add(null, null, null, 0, bins("v", 1L)), "needs a user key or a digest");
        refused(() -> e.add(null, 1.5, null, 0, bins("v", 1L)), "not a float");
        refused(() -> e.add(null, Arrays.asList(1L), null, 0, bins("v", 1L)), "not a list");
        refused(() -> e.add(null, null, new byte[19], 0, bins("v", 1L)), "has 20 bytes, not 19");
        assertEquals(0, e.recordCount());
        assertEquals(4, e.size());
    }

    private static void refused(Runnable r, String why) {
        try {
            r.run();
        } catch (IllegalArgumentException e) {
            assertTrue("'" + why + "' not in: " + e.getMessage(), e.getMessage().contains(why));
            return;
        }
        fail("accepted; expected: " + why);
    }
}
