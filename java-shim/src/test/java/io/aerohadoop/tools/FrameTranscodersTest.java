package io.aerohadoop.tools;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.core.JsonGenerator;
import io.aerohadoop.AerospikeException;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.io.ByteSink;
import io.aerohadoop.io.NativeFrameEncoder;
import io.aerohadoop.io.RecordFrame;
import io.aerohadoop.io.TestFrames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.Test;

/**
 * The export's fast path: frame records encoded natively to JSON lines and Avro datums are byte
 * for byte what the object encoders ({@link TypedJson#writeLine} through Jackson, {@link AvroRecords#toAvro}
 * through Avro's {@code GenericDatumWriter}) write for the same records decoded (floats in JSON:
 * the same double, in the shortest digits).
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
        new NativeFrameEncoder().jsonLines(frame(buffer), out);
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
        NativeFrameEncoder t = new NativeFrameEncoder();
        t.jsonLines(frame(buffer), out);
        t.jsonLines(frame(buffer), out);
        byte[] once = jacksonLines(decoded);
        byte[] twice = Arrays.copyOf(once, once.length * 2);
        System.arraycopy(once, 0, twice, once.length, once.length);
        assertArrayEquals(twice, Arrays.copyOf(out.array(), out.length()));
    }

    @Test
    public void jsonFloatsReadBackAsTheSameDoubleInDoubleToStringsLayout() throws IOException {
        Random random = new Random(20261124);
        List<Double> values = new ArrayList<>();
        while (values.size() < 100_000) {
            // Every exponent and mantissa pattern, and decimals as people type them.
            double d = values.size() % 2 == 0 ? Double.longBitsToDouble(random.nextLong())
                    : random.nextInt(10_000_000) / Math.pow(10, random.nextInt(12));
            if (Double.isFinite(d)) {
                values.add(d);
            }
        }
        ByteSink out = new ByteSink(16);
        new NativeFrameEncoder().jsonLines(frame(TestFrames.listOf(values)), out);
        String line = new String(out.array(), 0, out.length(), StandardCharsets.UTF_8);
        String list = line.substring(line.indexOf("\"f\":[") + 5, line.lastIndexOf("]}}"));
        String[] texts = list.split(",");
        assertEquals(values.size(), texts.length);
        int differ = 0;
        for (int i = 0; i < texts.length; i++) {
            double d = values.get(i);
            String java = Double.toString(d);
            assertEquals(java, Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(Double.parseDouble(texts[i])));
            assertEquals(java + " laid out as " + texts[i], java.contains("E"), texts[i].contains("E"));
            assertTrue(texts[i], texts[i].contains("."));
            if (!texts[i].equals(java)) {
                differ++;
                // Java 17 writes a digit too many for some doubles; for a subnormal it may choose
                // another two-digit decimal (rust-core/src/json_lines.rs).
                assertTrue(java + " against " + texts[i], Math.abs(d) < Double.MIN_NORMAL
                        || significantDigits(texts[i]) < significantDigits(java));
            }
        }
        assertTrue(differ + " of " + texts.length + " differ from Double.toString", differ < texts.length / 100);
    }

    private static int significantDigits(String text) {
        String mantissa = text.replaceFirst("E.*", "").replace("-", "").replace(".", "");
        return mantissa.replaceFirst("^0+", "").replaceFirst("0+$", "").length();
    }

    @Test
    public void aMalformedFrameIsAParseErrorNamingTheRecordAndAppendsNothing() throws IOException {
        ByteBuffer buffer = TestFrames.listOf(Arrays.asList(1.5, 2.5));
        buffer.putInt(0, 2);
        ByteSink out = new ByteSink(16);
        out.write('x');
        try {
            new NativeFrameEncoder().jsonLines(frame(buffer), out);
            fail("a frame claiming two records holds one");
        } catch (AerospikeException e) {
            assertEquals(-2, e.getResultCode());
            assertEquals("corrupt record frame (record starting at byte " + (buffer.limit() - 4)
                    + ", 0 record(s) left): record runs past the end of the frame", e.getMessage());
        }
        assertEquals(1, out.length());
    }

    /** Each record's datum from the native encoder against GenericDatumWriter's for the decoded record. */
    private static void assertAvroDatumsAreAvrosOwn(ByteBuffer buffer) throws IOException {
        List<TestFrames.Decoded> decoded = TestFrames.decode(NS, buffer);
        ByteSink out = new ByteSink(16);
        out.write('x'); // what was there before stays
        int[] starts = new NativeFrameEncoder().avroDatums(frame(buffer), out);
        assertEquals('x', out.array()[0]);
        for (int i = 0; i < decoded.size(); i++) {
            TestFrames.Decoded d = decoded.get(i);
            int end = i + 1 < decoded.size() ? starts[i + 1] : out.length();
            assertArrayEquals("datum of " + d.key, avroDatum(d.key, d.record),
                    Arrays.copyOfRange(out.array(), starts[i], end));
        }
    }

    @Test
    public void avroDatumsOfEveryRecordEqualGenericDatumWritersOfTheGenericRecords() throws IOException {
        assertAvroDatumsAreAvrosOwn(TestFrames.sample());
    }

    @Test
    public void avroLongsOfEveryVarintLengthEqualAvrosOwn() throws IOException {
        List<Long> values = new ArrayList<>();
        for (int shift = 0; shift < 64; shift++) {
            long v = 1L << shift;
            values.addAll(Arrays.asList(v, v - 1, -v, -v + 1));
        }
        values.addAll(Arrays.asList(63L, 64L, -64L, -65L, 8191L, 8192L, Long.MAX_VALUE, Long.MIN_VALUE));
        assertAvroDatumsAreAvrosOwn(TestFrames.listOf(values));
    }

    @Test
    public void anAvroUserKeyTheSchemaHasNoBranchForIsAParameterErrorNamingItsType() throws IOException {
        ByteBuffer floatKey = TestFrames.withUserKey(1.5);
        try {
            new NativeFrameEncoder().avroDatums(frame(floatKey), new ByteSink(16));
            fail("a float user key was encoded");
        } catch (AerospikeException e) {
            assertEquals(4, e.getResultCode());
            assertEquals("invalid user key type 'float': the export's Avro schema has a branch for integer, string and"
                    + " blob keys only", e.getMessage());
        }
    }
}
