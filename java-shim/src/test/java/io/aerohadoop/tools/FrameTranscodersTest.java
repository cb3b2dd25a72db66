package io.aerohadoop.tools;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.io.ByteSink;
import io.aerohadoop.io.RecordFrame;
import io.aerohadoop.io.TestFrames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.Test;

/**
 * The export's fast path: frame records transcoded to JSON lines and Avro datums are byte for byte
 * what the object encoders ({@link TypedJson#writeLine} through Jackson, {@link AvroRecords#toAvro}
 * through Avro's {@code GenericDatumWriter}) write for the same records decoded.
 */
public class FrameTranscodersTest {
    private static final String NS = TestFrames.namespace();

    private static RecordFrame frame(ByteBuffer buffer) throws IOException {
        return new RecordFrame().reset(NS, buffer.duplicate(), TestFrames.NOW_MILLIS);
    }

    private static byte[] jacksonLines(List<TestFrames.Decoded> records) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Writer out = new OutputStreamWriter(bytes, StandardCharsets.UTF_8);
        try (JsonGenerator g = TypedJson.lineGenerator(out)) {
            for (TestFrames.Decoded d : records) {
                TypedJson.writeLine(g, d.key, d.record);
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] avroDatum(AerospikeKey key, AerospikeRecord record) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(AvroRecords.SCHEMA).write(AvroRecords.toAvro(key, record), encoder);
        encoder.flush();
        return bytes.toByteArray();
    }

    @Test
    public void jsonLinesOfEveryRecordEqualTypedJsonsThroughJackson() throws IOException {
        ByteBuffer buffer = TestFrames.sample();
        List<TestFrames.Decoded> decoded = TestFrames.decode(NS, buffer);
        ByteSink out = new ByteSink(16);
        new JsonLineTranscoder().transcode(frame(buffer), out);
        String expected = new String(jacksonLines(decoded), StandardCharsets.UTF_8);
        String actual = new String(out.array(), 0, out.length(), StandardCharsets.UTF_8);
        // Line by line first, for a readable failure; then the bytes.
        String[] e = expected.split("\n");
        String[] a = actual.split("\n");
        for (int i = 0; i < Math.min(e.length, a.length); i++) {
            int at = 0;
            while (at < Math.min(e[i].length(), a[i].length()) && e[i].charAt(at) == a[i].charAt(at)) {
                at++;
            }
            int from = Math.max(0, at - 60);
            assertEquals("line " + (i + 1) + " from character " + from, e[i].substring(from, Math.min(e[i].length(), at + 60)),
                    a[i].substring(from, Math.min(a[i].length(), at + 60)));
        }
        assertEquals(e.length, a.length);
        assertArrayEquals(jacksonLines(decoded), Arrays.copyOf(out.array(), out.length()));
        assertEquals(decoded.size(), actual.split("\n").length);
        assertTrue(actual, actual.contains("\\u0001") && actual.contains("\\\"") && actual.contains("\\n"));
    }

    @Test
    public void jsonLinesAppendFrameAfterFrame() throws IOException {
        ByteBuffer buffer = TestFrames.sample();
        List<TestFrames.Decoded> decoded = TestFrames.decode(NS, buffer);
        ByteSink out = new ByteSink(16);
        JsonLineTranscoder t = new JsonLineTranscoder();
        t.transcode(frame(buffer), out);
        t.transcode(frame(buffer), out);
        byte[] once = jacksonLines(decoded);
        byte[] twice = Arrays.copyOf(once, once.length * 2);
        System.arraycopy(once, 0, twice, once.length, once.length);
        assertArrayEquals(twice, Arrays.copyOf(out.array(), out.length()));
    }

    @Test
    public void avroDatumsOfEveryRecordEqualGenericDatumWritersOfTheGenericRecords() throws IOException {
        ByteBuffer buffer = TestFrames.sample();
        List<TestFrames.Decoded> decoded = TestFrames.decode(NS, buffer);
        AvroTranscoder t = new AvroTranscoder();
        t.reset(frame(buffer));
        for (TestFrames.Decoded d : decoded) {
            assertTrue(t.next());
            assertArrayEquals("datum of " + d.key, avroDatum(d.key, d.record),
                    Arrays.copyOf(t.datum().array(), t.datum().length()));
        }
        assertFalse(t.next());
    }

    @Test
    public void avroVarintsMatchAvrosOwnAtEveryLengthBoundary() throws IOException {
        long[] values = {0, 1, -1, 63, 64, -64, -65, 8191, 8192, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE,
            Long.MIN_VALUE};
        for (long v : values) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            encoder.writeLong(v);
            encoder.flush();
            ByteSink sink = new ByteSink(16);
            AvroTranscoder.writeLong(sink, v);
            assertArrayEquals(Long.toString(v), bytes.toByteArray(), Arrays.copyOf(sink.array(), sink.length()));
        }
    }
}
