package io.aerohadoop.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.aerohadoop.AerospikeException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Test;

public class FrameDecoderTest {
    /** 2030-01-01T00:00:00Z, as the decoder's clock. */
    private static final long NOW_MILLIS = 1_893_456_000_000L;
    private static final long NOW_CITRUS = NOW_MILLIS / 1000 - FrameDecoder.CITRUS_EPOCH_SECONDS;

    private static FrameDecoder decoder() {
        return new FrameDecoder("test", () -> NOW_MILLIS);
    }

    @Test
    public void everyValueTagDecodesToItsJavaTypeFromNativeMemory() throws AerospikeException {
        Map<String, Object> bins = SampleValues.bins();
        ByteBuffer frame = new FrameBuilder()
                .record(SampleValues.digest(1), 3, NOW_CITRUS + 100, "people", "user-1", true, bins)
                .direct();
        FrameDecoder d = decoder();
        d.reset(frame);
        assertEquals(1, d.remaining());
        AerospikeKey key = new AerospikeKey();
        AerospikeRecord record = new AerospikeRecord();
        assertTrue(d.next(key, record));
        assertEquals("test", key.namespace());
        assertEquals("people", key.set());
        assertArrayEquals(SampleValues.digest(1), key.digest());
        assertEquals("user-1", key.userKey());
        assertEquals(3, record.generation());
        assertEquals(100, record.ttl());
        AerospikeRecord expected = new AerospikeRecord();
        bins.forEach(expected::put);
        expected.setGeneration(3);
        expected.setTtl(100);
        assertEquals(expected, record);
        assertEquals(new java.util.ArrayList<>(bins.keySet()), new java.util.ArrayList<>(record.bins().keySet()));
        assertFalse(d.next(key, record));
        assertEquals(0, d.remaining());
    }

    @Test
    public void heapAndDirectBuffersDecodeAlike() throws AerospikeException {
        FrameBuilder b = new FrameBuilder()
                .record(SampleValues.digest(2), 1, 0, null, null, false, SampleValues.bins());
        AerospikeRecord fromHeap = decodeOne(b.heap());
        AerospikeRecord fromDirect = decodeOne(b.direct());
        assertEquals(fromHeap, fromDirect);
        assertEquals("Grüße, 世界 \uD83D\uDE00", fromDirect.get("unicode"));
    }

    private static AerospikeRecord decodeOne(ByteBuffer frame) throws AerospikeException {
        FrameDecoder d = decoder();
        d.reset(frame);
        AerospikeRecord r = new AerospikeRecord();
        assertTrue(d.next(new AerospikeKey(), r));
        return r;
    }

    @Test
    public void recordsWithAndWithoutSetAndUserKeyRefillTheSameObjects() throws AerospikeException {
        ByteBuffer frame = new FrameBuilder()
                .record(SampleValues.digest(1), 1, 0, "s1", 7L, true, Collections.singletonMap("a", 1L))
                .record(SampleValues.digest(2), 2, 0, null, null, false, Collections.singletonMap("a", "x"))
                .record(SampleValues.digest(3), 3, 0, "s1", new byte[] {5}, true, Collections.<String, Object>emptyMap())
                .record(SampleValues.digest(4), 4, 0, "s2", null, false, Collections.singletonMap("a", 2L))
                .direct();
        FrameDecoder d = decoder();
        d.reset(frame);
        assertEquals(4, d.remaining());
        AerospikeKey key = new AerospikeKey();
        AerospikeRecord r = new AerospikeRecord();

        assertTrue(d.next(key, r));
        assertEquals("s1", key.set());
        assertEquals(7L, key.userKey());
        String firstSet = key.set();
        String firstBin = r.bins().keySet().iterator().next();
        assertEquals(Collections.singletonMap("a", 1L), r.bins());

        assertTrue(d.next(key, r));
        assertNull("no set flag, no set", key.set());
        assertNull("no key flag, no user key", key.userKey());
        assertEquals(Collections.singletonMap("a", "x"), r.bins());
        assertEquals(2, r.generation());
        assertArrayEquals(SampleValues.digest(2), key.digest());

        assertTrue(d.next(key, r));
        assertSame("a repeated set name is not decoded again", firstSet, key.set());
        assertArrayEquals(new byte[] {5}, (byte[]) key.userKey());
        assertTrue("the bins of the previous record are gone", r.bins().isEmpty());

        assertTrue(d.next(key, r));
        assertEquals("s2", key.set());
        assertSame("a repeated bin name is not decoded again", firstBin, r.bins().keySet().iterator().next());
        assertEquals(2L, r.get("a"));
        assertFalse(d.next(key, r));
    }

    @Test
    public void ttlIsMinusOneForNeverAtLeastOneWhenDueAndExactOtherwise() throws AerospikeException {
        FrameBuilder b = new FrameBuilder();
        Map<String, Object> none = Collections.emptyMap();
        b.record(SampleValues.digest(1), 1, 0, null, null, false, none);
        b.record(SampleValues.digest(2), 1, NOW_CITRUS + 86_400, null, null, false, none);
        b.record(SampleValues.digest(3), 1, NOW_CITRUS - 5, null, null, false, none);
        b.record(SampleValues.digest(4), 1, NOW_CITRUS, null, null, false, none);
        // Void times are unsigned: the largest is beyond what an int TTL holds, so it saturates.
        b.record(SampleValues.digest(5), 65535, 0xffffffffL, null, null, false, none);
        FrameDecoder d = decoder();
        d.reset(b.direct());
        AerospikeKey k = new AerospikeKey();
        AerospikeRecord r = new AerospikeRecord();
        int[] expected = {-1, 86_400, 1, 1, Integer.MAX_VALUE};
        for (int ttl : expected) {
            assertTrue(d.next(k, r));
            assertEquals(ttl, r.ttl());
        }
        assertEquals(65535, r.generation());
    }

    @Test
    public void anEmptyFrameHasNoRecords() throws AerospikeException {
        FrameDecoder d = decoder();
        d.reset(new FrameBuilder().direct());
        assertEquals(0, d.remaining());
        assertFalse(d.next(new AerospikeKey(), new AerospikeRecord()));
    }

    @Test
    public void anUnknownTagIsAParseErrorNamingTheTag() {
        FrameBuilder b = new FrameBuilder()
                .record(SampleValues.digest(1), 1, 0, null, null, false, Collections.<String, Object>emptyMap())
                .count(2)
                .raw(0, // flags
                        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, // digest
                        0, 0, 0, 1, 0, 0, 0, 0, // generation, void time
                        0, 1, 0, 1, 'x', // one bin named x
                        12); // tag 12
        assertCorrupt(b.direct(), 1, "unknown value tag 12");
    }

    @Test
    public void aFrameShorterThanItsCountIsAParseError() {
        FrameBuilder b = new FrameBuilder()
                .record(SampleValues.digest(1), 1, 0, null, null, false, Collections.singletonMap("a", 1L))
                .count(2);
        assertCorrupt(b.direct(), 1, "runs past the end of the frame");
    }

    @Test
    public void bytesAfterTheLastRecordAreAParseError() {
        FrameBuilder b = new FrameBuilder()
                .record(SampleValues.digest(1), 1, 0, null, null, false, Collections.singletonMap("a", 1L))
                .raw(0);
        assertCorrupt(b.direct(), 0, "1 byte(s) after the last record");
    }

    @Test
    public void aLengthBeyondTheFrameIsRefusedBeforeAllocating() {
        FrameBuilder b = new FrameBuilder().count(1).raw(0,
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
                0, 0, 0, 1, 0, 0, 0, 0,
                0, 1, 0, 1, 'x',
                4, 0x7f, 0xff, 0xff, 0xff); // a 2 GiB blob
        assertCorrupt(b.direct(), 0, "blob length 2147483647 exceeds");
    }

    @Test
    public void aBooleanOtherThanZeroOrOneIsAParseError() {
        FrameBuilder b = new FrameBuilder().count(1).raw(0,
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
                0, 0, 0, 1, 0, 0, 0, 0,
                0, 1, 0, 1, 'x',
                5, 2);
        assertCorrupt(b.direct(), 0, "boolean byte 2");
    }

    private static void assertCorrupt(ByteBuffer frame, int goodRecords, String message) {
        FrameDecoder d = decoder();
        AerospikeKey k = new AerospikeKey();
        AerospikeRecord r = new AerospikeRecord();
        int decoded = 0;
        try {
            d.reset(frame);
            while (d.next(k, r)) {
                decoded++;
            }
            fail("decoded a corrupt frame: " + decoded + " record(s)");
        } catch (AerospikeException e) {
            assertEquals(-2, e.getResultCode());
            assertTrue(e.getMessage(), e.getMessage().contains(message));
            assertTrue(e.getMessage(), e.getMessage().startsWith("corrupt record frame"));
        }
        assertEquals(goodRecords, decoded);
    }

    @Test
    public void deeplyNestedListsDecode() throws AerospikeException {
        Object v = "leaf";
        for (int i = 0; i < 100; i++) {
            v = SampleValues.list(v);
        }
        Map<String, Object> bins = new LinkedHashMap<>();
        bins.put("deep", v);
        AerospikeRecord r = decodeOne(new FrameBuilder()
                .record(SampleValues.digest(1), 1, 0, null, null, false, bins).direct());
        Object got = r.get("deep");
        for (int i = 0; i < 100; i++) {
            got = ((java.util.List<?>) got).get(0);
        }
        assertEquals("leaf", got);
    }
}
