package io.aerohadoop.tools;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.core.JsonGenerator;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.io.GeoJson;
import io.aerohadoop.io.HyperLogLog;
import io.aerohadoop.io.Values;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The export's typed JSON lines: every particle type reads back as itself; bad lines are refused naming why. */
public class TypedJsonTest {
    private static final byte[] DIGEST = new byte[20];

    static {
        for (int i = 0; i < DIGEST.length; i++) {
            DIGEST[i] = (byte) (i * 13 - 100);
        }
    }

    private static String line(AerospikeKey key, AerospikeRecord record) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = TypedJson.lineGenerator(out)) {
            TypedJson.writeLine(g, key, record);
        }
        return out.toString();
    }

    private static Map<Object, Object> map(Object... kv) {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    public void everyParticleTypeReadsBackAsItselfWithKeyDigestGenerationAndTtl() throws IOException {
        AerospikeRecord record = new AerospikeRecord();
        record.put("int", -7L).put("big", Long.MIN_VALUE).put("float", 2.0).put("negzero", -0.0)
                .put("nan", Double.NaN).put("inf", Double.NEGATIVE_INFINITY).put("tiny", Double.MIN_VALUE)
                .put("str", "a \"quote\" \\ ü\n").put("empty", "").put("blob", new byte[] {0, -1, 7})
                .put("noblob", new byte[0]).put("yes", true).put("nil", null)
                .put("geo", new GeoJson("{\"type\":\"Point\",\"coordinates\":[1.5,2]}"))
                .put("hll", new HyperLogLog(new byte[] {1, 2, 3}))
                .put("list", Arrays.asList(1L, "x", Arrays.asList(2.5, Collections.emptyList()), map("k", new byte[] {9})))
                .put("strmap", map("a", 1L, "b", map()))
                .put("intmap", map(1L, "one", "two", 2L, new byte[] {5}, 3.5))
                .put("dollar", map("$blob", "not a blob", "other", 1L))
                .put("dollar2", map("a", 1L, "$blob", "fine when not first"));
        record.setGeneration(3);
        record.setTtl(3599);
        AerospikeKey key = new AerospikeKey("test", "s", DIGEST, new byte[] {1, 2});
        String json = line(key, record);
        assertTrue(json, json.endsWith("}\n"));
        assertEquals(1, json.split("\n").length);
        assertTrue(json, json.contains("\"float\":2.0,"));
        assertTrue(json, json.contains("\"nan\":{\"$float\":\"NaN\"}"));
        assertTrue(json, json.contains("\"dollar\":{\"$map\":[[\"$blob\",\"not a blob\"],[\"other\",1]]}"));

        AerospikeKey k = new AerospikeKey();
        AerospikeRecord r = new AerospikeRecord();
        TypedJson.decode(json.trim(), k, r);
        assertEquals(key, k);
        assertArrayEquals(new byte[] {1, 2}, (byte[]) k.userKey());
        assertEquals(3, r.generation());
        assertEquals(3599, r.ttl());
        assertEquals(record.bins().keySet(), r.bins().keySet());
        for (Map.Entry<String, Object> bin : record.bins().entrySet()) {
            Object back = r.get(bin.getKey());
            assertTrue(bin.getKey() + ": " + Values.toString(back), Values.deepEquals(bin.getValue(), back));
            if (bin.getValue() != null) {
                assertEquals(bin.getKey(), Values.tagOf(bin.getValue()), Values.tagOf(back));
            }
        }
        assertEquals(Double.class, r.get("float").getClass());
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) r.get("negzero")));
        assertEquals(Arrays.asList(1L, "two", "fine when not first"), Arrays.asList(
                ((Map<?, ?>) r.get("intmap")).keySet().iterator().next(),
                ((Map<?, ?>) r.get("intmap")).keySet().toArray()[1],
                ((Map<?, ?>) r.get("dollar2")).get("$blob")));
    }

    @Test
    public void aRecordWithoutSetOrStoredKeyKeepsBoth() throws IOException {
        AerospikeRecord record = new AerospikeRecord().put("n", 1L);
        String json = line(new AerospikeKey("ns", null, DIGEST, null), record);
        assertTrue(json, !json.contains("\"set\"") && !json.contains("\"key\""));
        AerospikeKey k = new AerospikeKey();
        TypedJson.decode(json, k, new AerospikeRecord());
        assertNull(k.set());
        assertNull(k.userKey());
        assertArrayEquals(DIGEST, k.digest());
    }

    /** An integer inside {@code depth} JSON arrays. */
    private static String nestedLists(int depth) {
        StringBuilder b = new StringBuilder(depth * 2 + 1);
        for (int i = 0; i < depth; i++) {
            b.append('[');
        }
        b.append('7');
        for (int i = 0; i < depth; i++) {
            b.append(']');
        }
        return b.toString();
    }

    /** The deepest value the connector writes and reads back decodes: 256 lists around an integer. */
    @Test
    public void valuesNestedAsDeepAsTheFramesCarryDecode() throws IOException {
        String digest = java.util.Base64.getEncoder().encodeToString(DIGEST);
        AerospikeRecord r = new AerospikeRecord();
        TypedJson.decode("{\"namespace\":\"t\",\"digest\":\"" + digest + "\",\"bins\":{\"l\":" + nestedLists(256)
                + "}}", new AerospikeKey(), r);
        Object v = r.bins().get("l");
        for (int i = 0; i < 256; i++) {
            assertTrue("level " + i + ": " + v, v instanceof List && ((List<?>) v).size() == 1);
            v = ((List<?>) v).get(0);
        }
        assertEquals(7L, v);
    }

    @Test
    public void malformedLinesAreRefusedNamingWhatIsWrong() {
        String digest = java.util.Base64.getEncoder().encodeToString(DIGEST);
        String ok = "{\"namespace\":\"t\",\"digest\":\"" + digest + "\",\"bins\":{";
        List<String[]> cases = Arrays.asList(
                new String[] {"not JSON", "{\"namespace\":"},
                new String[] {"digest has 3 bytes, not 20", "{\"namespace\":\"t\",\"digest\":\"AQID\",\"bins\":{}}"},
                new String[] {"needs namespace, digest and bins", "{\"namespace\":\"t\",\"bins\":{}}"},
                new String[] {"unknown field 'colour'", ok + "},\"colour\":1}"},
                new String[] {"does not fit 64 bits", ok + "\"n\":99999999999999999999}}"},
                new String[] {"unknown tag '$date'", ok + "\"d\":{\"$date\":\"x\"}}}"},
                new String[] {"$blob is not base64", ok + "\"b\":{\"$blob\":\"!!\"}}}"},
                new String[] {"$float is NaN, Infinity or -Infinity, not 'big'", ok + "\"f\":{\"$float\":\"big\"}}}"},
                new String[] {"a $map entry is [key, value]", ok + "\"m\":{\"$map\":[[1,2,3]]}}}"},
                new String[] {"text after the record", ok + "}} {}"},
                new String[] {"key must be an integer, a string or a blob", ok + "},\"key\":[1]}"},
                new String[] {"generation: expected an integer, found a string", ok + "},\"generation\":\"2\"}"},
                new String[] {"lists and maps nested deeper than 256", ok + "\"l\":" + nestedLists(257) + "}}"},
                new String[] {"lists and maps nested deeper than 256", ok + "\"m\":{\"a\":" + nestedLists(256) + "}}}"},
                new String[] {"lists and maps nested deeper than 256",
                        ok + "\"m\":{\"$map\":[[1," + nestedLists(256) + "]]}}}"},
                // Far deeper than a recursion could follow: refused at the bound, not a StackOverflowError.
                new String[] {"lists and maps nested deeper than 256", ok + "\"l\":" + nestedLists(1_000_000) + "}}"});
        for (String[] c : cases) {
            try {
                TypedJson.decode(c[1], new AerospikeKey(), new AerospikeRecord());
                fail("accepted " + c[1]);
            } catch (IOException e) {
                assertTrue("'" + e.getMessage() + "' for " + c[1] + " should say " + c[0], e.getMessage().contains(c[0]));
            }
        }
    }
}
