package io.aerohadoop.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.io.Text;
import org.junit.Test;

public class JsonEncoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String json(String bin, Object value) {
        Map<String, Object> bins = new LinkedHashMap<>();
        bins.put(bin, value);
        return new JsonEncoder().toJson(bins);
    }

    @Test
    public void scalarsAreWrittenAsDocumented() {
        assertEquals("{\"i\":42}", json("i", 42L));
        assertEquals("{\"i\":-9223372036854775808}", json("i", Long.MIN_VALUE));
        assertEquals("{\"f\":2.5}", json("f", 2.5));
        assertEquals("{\"f\":-0.0}", json("f", -0.0));
        assertEquals("{\"f\":1.0E300}", json("f", 1e300));
        assertEquals("{\"f\":\"NaN\"}", json("f", Double.NaN));
        assertEquals("{\"f\":\"Infinity\"}", json("f", Double.POSITIVE_INFINITY));
        assertEquals("{\"f\":\"-Infinity\"}", json("f", Double.NEGATIVE_INFINITY));
        assertEquals("{\"s\":\"\"}", json("s", ""));
        assertEquals("{\"b\":true}", json("b", true));
        assertEquals("{\"n\":null}", json("n", null));
        assertEquals("{\"x\":\"AAH/\"}", json("x", new byte[] {0, 1, (byte) 0xff}));
        assertEquals("{\"h\":\"AQI=\"}", json("h", new HyperLogLog(new byte[] {1, 2})));
        assertEquals("{\"g\":\"{\\\"type\\\":\\\"Point\\\"}\"}", json("g", new GeoJson("{\"type\":\"Point\"}")));
        assertEquals("{}", new JsonEncoder().toJson(Collections.<String, Object>emptyMap()));
    }

    @Test
    public void quotesBackslashesAndControlCharactersAreEscaped() {
        assertEquals("{\"s\":\"a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh\\u0001i\\u001fj\u007f\"}",
                json("s", "a\"b\\c\nd\re\tf\bg\fh\u0001i\u001fj\u007f"));
        assertEquals("{\"we\\\"ird\":1}", json("we\"ird", 1L));
    }

    @Test
    public void nonAsciiIsWrittenAsUtf8AndALoneSurrogateIsEscaped() {
        Text t = new Text();
        new JsonEncoder().encode(Collections.singletonMap("u", "é世\uD83D\uDE00"), t);
        byte[] expected = "{\"u\":\"é世\uD83D\uDE00\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(expected.length, t.getLength());
        assertEquals("{\"u\":\"é世\uD83D\uDE00\"}", t.toString());
        assertEquals("{\"u\":\"x\\ud800y\"}", json("u", "x\uD800y"));
    }

    @Test
    public void mapKeysBecomeStringsAndNestingIsKept() {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(1L, "one");
        m.put("two", SampleValues.list(2L, null, SampleValues.list()));
        m.put(new byte[] {(byte) 0xfb}, false);
        m.put(true, Collections.emptyMap());
        assertEquals("{\"m\":{\"1\":\"one\",\"two\":[2,null,[]],\"+w==\":false,\"true\":{}}}", json("m", m));
    }

    @Test
    public void everySampleBinParsesBackToItsValue() throws Exception {
        Map<String, Object> bins = SampleValues.bins();
        String text = new JsonEncoder().toJson(bins);
        JsonNode root = JSON.readTree(text);
        assertEquals(bins.size(), root.size());
        Iterator<String> names = root.fieldNames();
        for (String bin : bins.keySet()) {
            assertEquals("bin order", bin, names.next());
            assertTrue(bin + " in " + text, matches(bins.get(bin), root.get(bin)));
        }
    }

    @Test
    public void aReusedEncoderAndTextHoldOnlyTheLastRecord() {
        JsonEncoder e = new JsonEncoder();
        Text t = new Text();
        Map<String, Object> big = new LinkedHashMap<>();
        big.put("long", String.join("", Collections.nCopies(2000, "x")));
        e.encode(big, t);
        e.encode(Collections.singletonMap("a", 1L), t);
        assertEquals("{\"a\":1}", t.toString());
    }

    /** The documented mapping, checked against what a JSON parser reads. */
    private static boolean matches(Object v, JsonNode n) {
        if (v == null) {
            return n.isNull();
        } else if (v instanceof Long) {
            return n.isIntegralNumber() && n.longValue() == (Long) v;
        } else if (v instanceof Double) {
            double d = (Double) v;
            if (Double.isNaN(d)) {
                return n.isTextual() && n.textValue().equals("NaN");
            } else if (Double.isInfinite(d)) {
                return n.isTextual() && n.textValue().equals(d > 0 ? "Infinity" : "-Infinity");
            }
            return n.isNumber() && Double.compare(n.doubleValue(), d) == 0;
        } else if (v instanceof String) {
            return n.isTextual() && n.textValue().equals(v);
        } else if (v instanceof byte[]) {
            return n.isTextual() && java.util.Arrays.equals(Base64.getDecoder().decode(n.textValue()), (byte[]) v);
        } else if (v instanceof Boolean) {
            return n.isBoolean() && n.booleanValue() == (Boolean) v;
        } else if (v instanceof GeoJson) {
            return n.isTextual() && n.textValue().equals(((GeoJson) v).json());
        } else if (v instanceof HyperLogLog) {
            return n.isTextual()
                    && java.util.Arrays.equals(Base64.getDecoder().decode(n.textValue()), ((HyperLogLog) v).bytes());
        } else if (v instanceof java.util.List) {
            java.util.List<?> l = (java.util.List<?>) v;
            if (!n.isArray() || n.size() != l.size()) {
                return false;
            }
            for (int i = 0; i < l.size(); i++) {
                if (!matches(l.get(i), n.get(i))) {
                    return false;
                }
            }
            return true;
        } else if (v instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) v;
            if (!n.isObject() || n.size() != m.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object k = e.getKey();
                String key = k instanceof byte[] ? Base64.getEncoder().encodeToString((byte[]) k) : String.valueOf(k);
                if (!n.has(key) || !matches(e.getValue(), n.get(key))) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
}
