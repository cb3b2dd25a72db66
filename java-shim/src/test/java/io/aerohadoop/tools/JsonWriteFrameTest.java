package io.aerohadoop.tools;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import io.aerohadoop.config.OutputKeys;
import io.aerohadoop.config.WriteConfig;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.io.SampleValues;
import io.aerohadoop.io.WriteFrameEncoder;
import io.aerohadoop.write.OutputMapping;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.Test;

/**
 * The JSON import's fast path: a typed JSON line transcoded to exactly the write frame record the
 * object path (TypedJson.decode, target set, OutputMapping, WriteFrameEncoder) produces, and
 * declined (left to the object path) for every shape it does not transcode.
 */
public class JsonWriteFrameTest {
    private static final String WRITER_SET = "users";

    private static String line(AerospikeKey key, AerospikeRecord record) throws IOException {
        StringWriter w = new StringWriter();
        JsonGenerator g = TypedJson.lineGenerator(w);
        TypedJson.writeLine(g, key, record);
        g.flush();
        String s = w.toString();
        return s.substring(0, s.length() - 1); // without the '\n', as the line reader gives it
    }

    private static byte[] objectPath(String writerSet, String target, String line) throws IOException {
        Configuration conf = new Configuration(false);
        conf.set(OutputKeys.NAMESPACE, "test");
        if (writerSet != null) {
            conf.set(OutputKeys.SET_NAME, writerSet);
        }
        if (target != null) {
            conf.set(TargetSet.KEY, target);
        }
        AerospikeKey key = new AerospikeKey();
        AerospikeRecord record = new AerospikeRecord();
        TypedJson.decode(line, key, record);
        new TargetSet(conf).apply(key);
        WriteFrameEncoder encoder = new WriteFrameEncoder(64);
        new OutputMapping(WriteConfig.from(conf)).add(key, record, encoder);
        byte[] frame = encoder.toByteArray();
        return Arrays.copyOfRange(frame, 4, frame.length);
    }

    /** The fast path's record, or null if it declined the line. */
    private static byte[] fastPath(String writerSet, String target, String line, int expectedTtl) {
        JsonWriteFrame t = new JsonWriteFrame(writerSet, target);
        byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[utf8.length + 7];
        System.arraycopy(utf8, 0, padded, 3, utf8.length);
        if (!t.transcode(padded, 3, utf8.length)) {
            return null;
        }
        assertEquals("ttl", expectedTtl, t.ttl());
        return Arrays.copyOf(t.record().array(), t.record().length());
    }

    private static void assertTranscoded(String what, String writerSet, String target, String line, int ttl)
            throws IOException {
        byte[] fast = fastPath(writerSet, target, line, ttl);
        assertTrue(what + ": declined " + line, fast != null);
        assertArrayEquals(what + ": " + line, objectPath(writerSet, target, line), fast);
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

    @Test
    public void everySampleValueTranscodesToTheObjectPathsRecordButMapsWithOtherKeys() throws IOException {
        AerospikeKey key = new AerospikeKey("test", WRITER_SET, SampleValues.digest(1), "k");
        int transcoded = 0;
        for (Map.Entry<String, Object> bin : SampleValues.bins().entrySet()) {
            String line = line(key, record(Collections.singletonMap(bin.getKey(), bin.getValue()), 3, 100));
            if (bin.getKey().equals("map")) {
                // Keys 2L and a blob: written as {"$map": ...}, the object path's.
                assertFalse("a $map was transcoded", fastPath(WRITER_SET, null, line, 100) != null);
                continue;
            }
            assertTranscoded(bin.getKey(), WRITER_SET, null, line, 100);
            transcoded++;
        }
        assertEquals(SampleValues.bins().size() - 1, transcoded);
        Map<String, Object> all = new LinkedHashMap<>(SampleValues.bins());
        all.remove("map");
        assertTranscoded("all bins", WRITER_SET, null, line(key, record(all, 0, -1)), -1);
        assertTranscoded("no bins", WRITER_SET, null, line(key, record(Collections.emptyMap(), 1, 1)), 1);
    }

    @Test
    public void everyKeyShapeWriterSetAndTargetSetMatchesTheObjectPath() throws IOException {
        Map<String, Object> bins = new LinkedHashMap<>(SampleValues.bins());
        bins.remove("map");
        AerospikeRecord r = record(bins, 12, 3600);
        Object[] userKeys = {null, 7L, Long.MIN_VALUE, "k1", "", "Grüße", new byte[] {1, 2, 3}, new byte[0]};
        int checked = 0;
        int seed = 0;
        for (Object userKey : userKeys) {
            for (String set : new String[] {null, WRITER_SET, "other"}) {
                AerospikeKey key = new AerospikeKey("test", set, SampleValues.digest(seed++), userKey);
                String line = line(key, r);
                for (String writerSet : new String[] {null, WRITER_SET}) {
                    for (String target : new String[] {null, WRITER_SET, "moved"}) {
                        assertTranscoded(key + " writer set " + writerSet + " target " + target, writerSet, target,
                                line, 3600);
                        checked++;
                    }
                }
            }
        }
        assertEquals(24 * 6, checked);
    }

    @Test
    public void fieldsInAnyOrderSpacingAndDefaultsMatchTheObjectPath() throws IOException {
        String d = java.util.Base64.getEncoder().encodeToString(SampleValues.digest(9));
        String[] lines = {
            "{\"bins\":{\"a\":1,\"b\":[1,\"x\",{\"y\":null}]},\"key\":5,\"digest\":\"" + d + "\",\"namespace\":\"test\"}",
            "  { \"namespace\" : \"test\", \"set\" : null, \"digest\" : \"" + d + "\", \"bins\" : { } }  ",
            "{\"namespace\":\"test\",\"set\":\"s1\",\"set\":null,\"digest\":\"" + d + "\",\"key\":\"a\",\"key\":null,"
                    + "\"bins\":{\"m\":{\"$blob\":\"AQI=\"},\"n\":{\"z\":1,\"$notatag\":2}}}",
            "{\"namespace\":\"test\",\"digest\":\"" + d + "\",\"generation\":7,\"ttl\":0,\"bins\":{\"f\":1e300,"
                    + "\"g\":-0.0,\"h\":{\"$float\":\"-Infinity\"},\"u\":\"\\u00e9\\ud83d\\ude00\\u0001\"}}",
        };
        int[] ttls = {-1, -1, -1, 0};
        for (int i = 0; i < lines.length; i++) {
            assertTranscoded("line " + i, WRITER_SET, null, lines[i], ttls[i]);
        }
    }

    @Test
    public void digestsInEveryBase64FormTheDecoderTakesMatchTheObjectPath() throws IOException {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 300; i++) {
            byte[] digest = new byte[AerospikeKey.DIGEST_LENGTH];
            random.nextBytes(digest);
            // No user key: the digest is what the frame record carries.
            AerospikeKey key = new AerospikeKey("test", null, digest, null);
            assertTranscoded("digest " + i, WRITER_SET, null, line(key, record(Collections.singletonMap("a", 1L), 0, -1)),
                    -1);
        }
        String[] texts = {
            "AAAAAAAAAAAAAAAAAAAAAAAAAAB=", // non-zero padding bits, which Base64's decoder ignores
            "AAECAwQFBgcICQoLDA0ODxAREhM", // no padding
            "/+/+/+/+/+/+/+/+/+/+/+/+/+8=",
        };
        for (String text : texts) {
            assertTranscoded(text, WRITER_SET, null, "{\"namespace\":\"test\",\"digest\":\"" + text
                    + "\",\"bins\":{\"a\":1}}", -1);
        }
        assertFalse("a digest of 21 bytes was transcoded", fastPath(WRITER_SET, null,
                "{\"namespace\":\"test\",\"digest\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAA\",\"bins\":{}}", -1) != null);
    }

    @Test
    public void manyBinsAndKeysPastTheLinearScanStillFindARepeatedOne() throws IOException {
        StringBuilder bins = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            bins.append(i == 0 ? "" : ",").append("\"b").append(i).append("\":").append(i);
        }
        String d = java.util.Base64.getEncoder().encodeToString(SampleValues.digest(3));
        String head = "{\"namespace\":\"test\",\"digest\":\"" + d + "\",\"bins\":{";
        assertTranscoded("40 bins", WRITER_SET, null, head + bins + ",\"m\":{" + bins + "}}}", -1);
        assertFalse("a repeated 40th bin was transcoded",
                fastPath(WRITER_SET, null, head + bins + ",\"b17\":0}}", -1) != null);
        assertFalse("a repeated key in a map of 41 was transcoded",
                fastPath(WRITER_SET, null, head + "\"m\":{" + bins + ",\"b3\":0}}}", -1) != null);
    }

    @Test
    public void largeValuesMatchTheObjectPath() throws IOException {
        Map<String, Object> bins = SampleValues.largeBins();
        Map<Object, Object> map = new LinkedHashMap<>();
        for (long i = 0; i < 130; i++) {
            map.put("k" + i, SampleValues.list(i, "v" + i, Collections.singletonMap("deep", i)));
        }
        bins.put("bigmap", map);
        for (int i = 0; i < 200; i++) {
            bins.put("b" + i, (long) i);
        }
        AerospikeKey key = new AerospikeKey("test", "other", SampleValues.digest(5), ((String) bins.get("bigstring")).substring(0, 1000));
        assertTranscoded("large", WRITER_SET, null, line(key, record(bins, 65_535, Integer.MAX_VALUE)),
                Integer.MAX_VALUE);
    }

    /** The deepest value the frames carry (256 lists, or maps, around an integer) takes the fast path. */
    @Test
    public void valuesAsDeepAsTheFramesCarryMatchTheObjectPath() throws IOException {
        Object list = 7L;
        Object map = 7L;
        for (int i = 0; i < io.aerohadoop.io.FrameCursor.MAX_DEPTH; i++) {
            list = Collections.singletonList(list);
            map = Collections.singletonMap("k", map);
        }
        Map<String, Object> bins = new LinkedHashMap<>();
        bins.put("l", list);
        bins.put("m", map);
        AerospikeKey key = new AerospikeKey("test", null, SampleValues.digest(3), 1L);
        assertTranscoded("deepest", WRITER_SET, null, line(key, record(bins, 1, 5)), 5);
    }

    @Test
    public void malformedLinesAndShapesOnlyTheObjectPathHandlesAreDeclined() {
        String d = java.util.Base64.getEncoder().encodeToString(SampleValues.digest(9));
        String head = "{\"namespace\":\"test\",\"digest\":\"" + d + "\",";
        String[] declined = {
            "not json",
            head + "\"bins\":{\"a\":1}} trailing",
            head + "\"bins\":{\"a\":1,\"a\":2}}",
            head + "\"bins\":{\"m\":{\"x\":1,\"x\":2}}}",
            head + "\"bins\":{\"a\":1},\"bins\":{\"b\":2}}",
            head + "\"bins\":{\"m\":{\"$map\":[[1,2]]}}}",
            head + "\"bins\":{\"m\":{\"$blob\":\"AQI=\",\"x\":1}}}",
            head + "\"bins\":{\"m\":{\"$unknown\":\"x\"}}}",
            head + "\"bins\":{\"i\":123456789012345678901234567890}}",
            head + "\"key\":1.5,\"bins\":{}}",
            head + "\"key\":{\"$geojson\":\"{}\"},\"bins\":{}}",
            head + "\"generation\":99999999999,\"bins\":{}}",
            // No record has these generations (16 bits): the object path names the key under a policy.
            head + "\"generation\":65536,\"bins\":{}}",
            head + "\"generation\":-1,\"bins\":{}}",
            head + "\"extra\":1,\"bins\":{}}",
            "{\"namespace\":\"test\",\"digest\":\"AQI=\",\"bins\":{}}",
            "{\"namespace\":\"test\",\"digest\":\"@@@\",\"bins\":{}}",
            "{\"namespace\":\"test\",\"bins\":{}}",
            head + "\"bins\":{\"a\":1}",
            // Nested past what the frames carry: the object path says so, naming the line.
            head + "\"bins\":{\"l\":" + "[".repeat(257) + "1" + "]".repeat(257) + "}}",
        };
        for (String line : declined) {
            assertFalse("transcoded: " + line, fastPath(WRITER_SET, null, line, -1) != null);
        }
        JsonWriteFrame t = new JsonWriteFrame(WRITER_SET, null);
        byte[] bom = ("\uFEFF" + head + "\"bins\":{}}").getBytes(StandardCharsets.UTF_8);
        assertFalse("a line behind a byte order mark was transcoded", t.transcode(bom, 0, bom.length));
    }

    @Test
    public void oneTranscoderOverManyLinesDecidesAndWritesAsAFreshOnePerLine() throws IOException {
        // The transcoder keeps its parser from line to line: after accepted lines, after lines
        // declined half way (errors, truncation, trailing tokens, shapes for the object path) and in
        // arrays of other sizes and offsets, each line must come out as a fresh transcoder's.
        String d = java.util.Base64.getEncoder().encodeToString(SampleValues.digest(9));
        String head = "{\"namespace\":\"test\",\"digest\":\"" + d + "\",";
        Map<String, Object> bins = new LinkedHashMap<>(SampleValues.bins());
        bins.remove("map");
        AerospikeKey key = new AerospikeKey("test", "other", SampleValues.digest(3), "k");
        String full = line(key, record(bins, 4, 50));
        String[] lines = {
            full,
            head + "\"bins\":{\"a\":1}}",
            head + "\"bins\":{\"s\":\"unterminated",
            head + "\"bins\":{\"a\":[1,2,{\"b\":\"x\"}]}} \t\r",
            head + "\"bins\":{\"a\":1,\"a\":2}}",
            head + "\"ttl\":9,\"bins\":{\"a\":\"y\"}}",
            head + "\"bins\":{\"a\":1}} 7",
            head + "\"bins\":{\"a\":1}} // a comment",
            head + "\"bins\":{\"a\":1}}{}",
            head + "\"bins\":{\"m\":{\"$map\":[[1,2]]}}}",
            head + "\"bins\":{\"a\":[[[",
            head + "\"bins\":{\"a\":1}",
            full,
            head + "\"bins\":{\"a\":tru}}",
            head + "\"key\":\"k2\",\"bins\":{\"b\":-1.5,\"c\":null}}",
            "",
            "{}",
            full,
        };
        JsonWriteFrame shared = new JsonWriteFrame(WRITER_SET, "moved");
        int accepted = 0;
        for (int i = 0; i < lines.length; i++) {
            byte[] utf8 = lines[i].getBytes(StandardCharsets.UTF_8);
            byte[] padded = new byte[utf8.length + 2 * i + 1];
            System.arraycopy(utf8, 0, padded, i, utf8.length);
            java.util.Arrays.fill(padded, i + utf8.length, padded.length, (byte) '}');
            byte[] fresh = fastPath(WRITER_SET, "moved", lines[i], i == 5 ? 9 : (lines[i] == full ? 50 : -1));
            boolean ok = shared.transcode(padded, i, utf8.length);
            assertEquals("line " + i + " decided as a fresh transcoder: " + lines[i], fresh != null, ok);
            if (ok) {
                byte[] got = Arrays.copyOf(shared.record().array(), shared.record().length());
                assertArrayEquals("line " + i, fresh, got);
                assertArrayEquals("line " + i + " against the object path", objectPath(WRITER_SET, "moved", lines[i]), got);
                assertEquals("line " + i + " ttl", i == 5 ? 9 : (lines[i] == full ? 50 : -1), shared.ttl());
                accepted++;
            }
        }
        assertEquals(7, accepted);
        shared.close();
        byte[] again = full.getBytes(StandardCharsets.UTF_8);
        assertTrue("a closed transcoder takes the next line", shared.transcode(again, 0, again.length));
        assertArrayEquals(objectPath(WRITER_SET, "moved", full), Arrays.copyOf(shared.record().array(), shared.record().length()));
    }

    @Test
    public void thisJacksonsParserCanBeRePointed() {
        // Tests run with Jackson 2.17, jobs with Hadoop's 2.12 (ToolsRoundTripTest covers that one's
        // transcoding): both must keep the parser from line to line, or import reads JSON slower.
        assertTrue(com.fasterxml.jackson.core.json.PackageVersion.VERSION + " parser re-pointable", LineJsonParsers.REUSABLE);
    }
}
