package io.aerohadoop.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.aerohadoop.AerospikeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.Writable;
import org.junit.Test;

/** The export's SequenceFile path: frame records transcoded to exactly the Writables' own bytes. */
public class WritableTranscoderTest {
    private static byte[] written(Writable w) throws IOException {
        DataOutputBuffer out = new DataOutputBuffer();
        w.write(out);
        return Arrays.copyOf(out.getData(), out.getLength());
    }

    private static byte[] bytes(ByteSink sink) {
        return Arrays.copyOf(sink.array(), sink.length());
    }

    @Test
    public void everyRecordTranscodesToTheBytesOfItsDecodedKeyAndRecord() throws IOException {
        String ns = TestFrames.namespace();
        ByteBuffer frame = TestFrames.sample();
        List<TestFrames.Decoded> decoded = TestFrames.decode(ns, frame);
        assertEquals(6, decoded.size());
        WritableTranscoder t = new WritableTranscoder();
        t.reset(new RecordFrame().reset(ns, frame.duplicate(), TestFrames.NOW_MILLIS));
        for (TestFrames.Decoded d : decoded) {
            assertTrue(t.next());
            assertArrayEquals("key of " + d.key, written(d.key), bytes(t.key()));
            assertArrayEquals("record of " + d.key, written(d.record), bytes(t.value()));
        }
        assertFalse(t.next());
    }

    @Test
    public void nextIntoAppendsEachRecordsKeyThenValueAndRefusesATruncatedFrame() throws IOException {
        String ns = TestFrames.namespace();
        ByteBuffer frame = TestFrames.sample();
        List<TestFrames.Decoded> decoded = TestFrames.decode(ns, frame);
        WritableTranscoder t = new WritableTranscoder();
        t.reset(new RecordFrame().reset(ns, frame.duplicate(), TestFrames.NOW_MILLIS));
        ByteSink out = new ByteSink(16);
        out.write(7); // what was there before stays
        for (TestFrames.Decoded d : decoded) {
            int start = out.length();
            int keyLength = t.nextInto(out);
            byte[] key = written(d.key);
            assertEquals("key length of " + d.key, key.length, keyLength);
            assertArrayEquals("key of " + d.key, key, Arrays.copyOfRange(out.array(), start, start + keyLength));
            assertArrayEquals("record of " + d.key, written(d.record),
                    Arrays.copyOfRange(out.array(), start + keyLength, out.length()));
        }
        int end = out.length();
        assertEquals(-1, t.nextInto(out));
        assertEquals(end, out.length());
        assertEquals(7, out.array()[0]);

        ByteBuffer whole = new FrameBuilder()
                .record(SampleValues.digest(1), 1, 0, "s", "k", true, Collections.singletonMap("a", "text"))
                .heap();
        ByteBuffer cut = ByteBuffer.allocate(whole.remaining() - 3);
        cut.put(whole.duplicate().limit(whole.limit() - 3)).flip();
        t.reset(new RecordFrame().reset("test", cut, 0));
        try {
            t.nextInto(out);
            fail("a truncated frame was transcoded");
        } catch (AerospikeException e) {
            assertEquals(-2, e.getResultCode());
            assertTrue(e.getMessage(), e.getMessage().contains("corrupt record frame"));
        }
    }

    @Test
    public void hadoopVintsMatchWritableUtilsAtEveryLengthBoundary() throws IOException {
        long[] values = {0, 1, -1, 127, 128, -112, -113, 255, 256, 65_535, 65_536, 1L << 24, Integer.MAX_VALUE,
            Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE};
        for (long v : values) {
            DataOutputBuffer expected = new DataOutputBuffer();
            org.apache.hadoop.io.WritableUtils.writeVLong(expected, v);
            ByteSink sink = new ByteSink(16);
            WritableTranscoder.writeVLong(sink, v);
            assertArrayEquals(Long.toString(v), Arrays.copyOf(expected.getData(), expected.getLength()), bytes(sink));
        }
    }

    @Test
    public void truncatedFramesAndLeftoverBytesAreRefusedAsCorrupt() throws IOException {
        ByteBuffer whole = new FrameBuilder()
                .record(SampleValues.digest(1), 1, 0, "s", "k", true, Collections.singletonMap("a", "text"))
                .heap();
        ByteBuffer cut = ByteBuffer.allocate(whole.remaining() - 3);
        cut.put(whole.duplicate().limit(whole.limit() - 3)).flip();
        WritableTranscoder t = new WritableTranscoder();
        t.reset(new RecordFrame().reset("test", cut, 0));
        try {
            t.next();
            fail("a truncated frame was transcoded");
        } catch (AerospikeException e) {
            assertEquals(-2, e.getResultCode());
            assertTrue(e.getMessage(), e.getMessage().contains("corrupt record frame"));
        }
        ByteBuffer longer = new FrameBuilder()
                .record(SampleValues.digest(1), 1, 0, null, null, false, Collections.singletonMap("a", 1L))
                .raw(0, 0).heap();
        t.reset(new RecordFrame().reset("test", longer, 0));
        assertTrue(t.next());
        try {
            t.next();
            fail("leftover bytes were ignored");
        } catch (AerospikeException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("2 byte(s) after the last record"));
        }
        ByteBuffer badTag = new FrameBuilder().count(1).raw(0).raw(new int[20]).raw(0, 0, 0, 1, 0, 0, 0, 0)
                .raw(0, 1, 0, 1, 'a', 42).heap();
        t.reset(new RecordFrame().reset("test", badTag, 0));
        try {
            t.next();
            fail("an unknown tag was transcoded");
        } catch (AerospikeException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("unknown value tag 42"));
        }
    }
}
