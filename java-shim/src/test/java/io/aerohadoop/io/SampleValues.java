package io.aerohadoop.io;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One bin per case of docs/types.md, shared by the Writable, frame and JSON tests. */
public final class SampleValues {
    private SampleValues() {}

    public static Map<String, Object> bins() {
        Map<String, Object> bins = new LinkedHashMap<>();
        bins.put("int", 42L);
        bins.put("negint", Long.MIN_VALUE);
        bins.put("maxint", Long.MAX_VALUE);
        bins.put("float", -2.5e-300);
        bins.put("nan", Double.NaN);
        bins.put("posinf", Double.POSITIVE_INFINITY);
        bins.put("neginf", Double.NEGATIVE_INFINITY);
        bins.put("negzero", -0.0);
        bins.put("str", "plain");
        bins.put("empty", "");
        bins.put("unicode", "Grüße, 世界 \uD83D\uDE00");
        bins.put("escapes", "q\"b\\n\nt\tc\u0001");
        bins.put("blob", new byte[] {0, 1, (byte) 0xff, (byte) 0x80});
        bins.put("emptyblob", new byte[0]);
        bins.put("true", Boolean.TRUE);
        bins.put("false", Boolean.FALSE);
        bins.put("nil", null);
        bins.put("list", list(1L, "two", 3.0, null, list(), list(list(true)), new byte[] {7}));
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put("a", 1L);
        map.put(2L, "b");
        map.put(new byte[] {9}, list(1L));
        map.put("nested", Collections.singletonMap("x", null));
        bins.put("map", map);
        bins.put("emptymap", new LinkedHashMap<>());
        bins.put("geo", new GeoJson("{\"type\":\"Point\",\"coordinates\":[-122.0,37.5]}"));
        bins.put("hll", new HyperLogLog("sketch".getBytes(StandardCharsets.US_ASCII)));
        return bins;
    }

    /**
     * Bins whose sizes need more than one byte of every length prefix: a 200,000-character string
     * of a two-byte character, a 70,000-byte blob and a list of 300 strings and large integers.
     */
    public static Map<String, Object> largeBins() {
        Map<String, Object> bins = new LinkedHashMap<>();
        char[] text = new char[200_000];
        Arrays.fill(text, '\u00e9');
        bins.put("bigstring", new String(text));
        byte[] blob = new byte[70_000];
        for (int i = 0; i < blob.length; i++) {
            blob[i] = (byte) i;
        }
        bins.put("bigblob", blob);
        List<Object> list = new ArrayList<>();
        for (long i = 0; i < 300; i++) {
            list.add(i % 3 == 0 ? (Object) ("s" + i) : (Object) (i * 1_000_000_007L));
        }
        bins.put("biglist", list);
        return bins;
    }

    public static List<Object> list(Object... items) {
        return new ArrayList<>(Arrays.asList(items));
    }

    public static byte[] digest(int seed) {
        byte[] d = new byte[AerospikeKey.DIGEST_LENGTH];
        for (int i = 0; i < d.length; i++) {
            d[i] = (byte) (seed * 31 + i * 7);
        }
        return d;
    }
}
