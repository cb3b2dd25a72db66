package io.aerohadoop.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.aerohadoop.AerospikeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.Writable;
import org.junit.Test;

/**
 * The export's SequenceFile path: frame records encoded by the native library into exactly the
 * Writables' own bytes, each as {@code [record length][key length][key][value]}.
 */
public class NativeSeqRecordsTest {
    private static byte[] written(Writable w) throws IOException {
        DataOutputBuffer out = new DataOutputBuffer();
        w.write(out);
        return Arrays.copyOf(out.getData(), out.getLength());
    }

    private static int intAt(byte[] a, int at) {
        return ByteBuffer.wrap(a, at, 4).getInt();
    }

    /** Encodes {@code frame} after a byte already in the sink and checks each record against its Writables. */
    private static void assertRecordsAreTheWritables(String ns, ByteBuffer frame) throws IOException {
        List<TestFrames.Decoded> decoded = TestFrames.decode(ns, frame);
        ByteSink out = new ByteSink(16);
        out.write(7); // what was there before stays
        RecordFrame f = new RecordFrame().reset(ns, frame.duplicate(), TestFrames.NOW_MILLIS);
        int[] starts = new NativeFrameEncoder().seqRecords(f, out);
        assertEquals(7, out.array()[0]);
        int expectedStart = 1;
        for (int i = 0; i < decoded.size(); i++) {
            TestFrames.Decoded d = decoded.get(i);
            byte[] key = written(d.key);
            byte[] record = written(d.record);
            int start = starts[i];
            assertEquals("start of " + d.key, expectedStart, start);
            assertEquals("record length of " + d.key, key.length + record.length, intAt(out.array(), start));
            assertEquals("key length of " + d.key, key.length, intAt(out.array(), start + 4));
            assertArrayEquals("key of " + d.key, key, Arrays.copyOfRange(out.array(), start + 8, start + 8 + key.length));
            assertArrayEquals("record of " + d.key, record, Arrays.copyOfRange(out.array(), start + 8 + key.length,
                    start + 8 + key.length + record.length));
            expectedStart = start + 8 + key.length + record.length;
        }
        assertEquals(expectedStart, out.length());
    }

    @Test
    public void everyRecordIsTheBytesOfItsDecodedKeyAndRecord() throws IOException {
        assertEquals(6, TestFrames.decode(TestFrames.namespace(), TestFrames.sample()).size());
        assertRecordsAreTheWritables(TestFrames.namespace(), TestFrames.sample());
    }

    @Test
    public void lengthsAndSizesAtEveryHadoopVintBoundaryAreWrittenAsWritableUtilsDoes() throws IOException {
        // Hadoop vints: one byte up to 127, then a length byte and one, two or three bytes.
        Map<String, Object> bins = new LinkedHashMap<>();
        for (int length : new int[] {0, 127, 128, 255, 256, 65_535, 65_536}) {
            bins.put("s" + length, "x".repeat(length));
        }
        List<Object> list = new ArrayList<>();
        Map<Object, Object> map = new LinkedHashMap<>();
        for (long i = 0; i < 300; i++) {
            list.add(i);
            map.put(i, -i);
        }
        bins.put("list", list);
        bins.put("map", map);
        bins.put("n".repeat(200), 1L);
        ByteBuffer frame = new FrameBuilder().record(SampleValues.digest(9), 1, 0, "s".repeat(130), 3L, true, bins)
                .heap();
        // The longest namespace a server (and the native encoder) takes: 31 bytes, a one-byte vint.
        assertRecordsAreTheWritables("n".repeat(31), frame);
    }

    @Test
    public void aMalformedFrameIsAParseErrorNamingTheRecordAndAppendsNothing() throws IOException {
        ByteBuffer whole = new FrameBuilder()
                .record(SampleValues.digest(1), 1, 0, "s", "k", true, Collections.singletonMap("a", "text"))
                .heap();
        ByteBuffer cut = ByteBuffer.allocate(whole.remaining() - 3);
        cut.put(whole.duplicate().limit(whole.limit() - 3)).flip();
        assertRefused(cut, "corrupt record frame (record starting at byte 0, 0 record(s) left): length 4 exceeds"
                + " the 1 byte(s) left in the frame");
        ByteBuffer longer = new FrameBuilder()
                .record(SampleValues.digest(1), 1, 0, null, null, false, Collections.singletonMap("a", 1L))
                .raw(0, 0).heap();
        assertRefused(longer, "2 byte(s) after the last record");
        ByteBuffer badTag = new FrameBuilder().count(1).raw(0).raw(new int[20]).raw(0, 0, 0, 1, 0, 0, 0, 0)
                .raw(0, 1, 0, 1, 'a', 42).heap();
        assertRefused(badTag, "unknown value tag 42 at byte 34");
    }

    private static void assertRefused(ByteBuffer frame, String message) {
        ByteSink out = new ByteSink(16);
        try {
            new NativeFrameEncoder().seqRecords(new RecordFrame().reset("test", frame, 0), out);
            fail("a malformed frame was encoded");
        } catch (AerospikeException e) {
            assertEquals(-2, e.getResultCode());
            assertTrue(e.getMessage(), e.getMessage().contains(message));
        }
        assertEquals(0, out.length());
    }
}
