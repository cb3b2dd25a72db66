package io.aerohadoop.io;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Frames for the transcoder tests of other packages: records holding every sample value, large
 * and nested values, every ASCII character, with and without set and user key, and the decoder's
 * reading of them (the objects the existing encoders start from).
 */
public final class TestFrames {
    /** 2030-01-01T00:00:00Z, the clock of decoder and transcoders alike. */
    public static final long NOW_MILLIS = 1_893_456_000_000L;
    private static final long NOW_CITRUS = NOW_MILLIS / 1000 - FrameDecoder.CITRUS_EPOCH_SECONDS;

    private TestFrames() {}

    /** One decoded record. */
    public static final class Decoded {
        public final AerospikeKey key;
        public final AerospikeRecord record;

        Decoded(AerospikeKey key, AerospikeRecord record) {
            this.key = key;
            this.record = record;
        }
    }

    /** Every ASCII character once, then a few beyond. */
    public static String everyAsciiCharacter() {
        StringBuilder s = new StringBuilder();
        for (char c = 0; c < 128; c++) {
            s.append(c);
        }
        return s.append("\u0080\u00ff\u2028\u2029\uFFFD\uD83D\uDE00").toString();
    }

    /** Records covering every value the transcoders must reproduce. */
    public static ByteBuffer sample() {
        Map<String, Object> large = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append(i % 7 == 0 ? "\"é\\\n" : "abcd");
        }
        large.put("text", text.toString());
        byte[] blob = new byte[70_000];
        for (int i = 0; i < blob.length; i++) {
            blob[i] = (byte) (i * 31);
        }
        large.put("blob", blob);
        List<Object> longs = new ArrayList<>();
        for (long i = -600; i < 600; i++) {
            longs.add(i * 1_000_003L);
        }
        large.put("longs", longs);
        Map<Object, Object> wide = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            wide.put("k" + i, (double) i / 7);
        }
        large.put("wide", wide);
        Map<Object, Object> dollar = new LinkedHashMap<>();
        dollar.put("$blob", "not a blob");
        dollar.put("b", 1L);
        large.put("dollar", dollar);
        Map<Object, Object> emptyKey = new LinkedHashMap<>();
        emptyKey.put("", "empty key");
        emptyKey.put("$later", true);
        large.put("emptykey", emptyKey);
        Map<Object, Object> geoKey = new LinkedHashMap<>();
        geoKey.put("a", 1L);
        geoKey.put(new GeoJson("{}"), 2L);
        large.put("geokey", geoKey);
        large.put("ascii", everyAsciiCharacter());
        large.put("numbers", SampleValues.list(0L, -1L, 127L, 128L, -112L, -113L, 1L << 31, -(1L << 40), 1e7, 1e-3,
                0.1, 123456789.125, Double.MIN_VALUE, Double.MAX_VALUE, -0.0));
        Map<String, Object> odd = new LinkedHashMap<>();
        odd.put("nested", SampleValues.list(SampleValues.list(SampleValues.list(Collections.singletonMap(7L,
                SampleValues.list((Object) null))))));
        return new FrameBuilder()
                .record(SampleValues.digest(1), 3, NOW_CITRUS + 100, "people", "user-1", true, SampleValues.bins())
                .record(SampleValues.digest(2), 1, 0, null, null, false, SampleValues.bins())
                .record(SampleValues.digest(3), 7, NOW_CITRUS + 5_000_000_000L, "s", 7L, true, large)
                .record(SampleValues.digest(4), -5, NOW_CITRUS - 10, "sé\"t", new byte[] {1, 2, (byte) 250}, true,
                        Collections.<String, Object>emptyMap())
                .record(SampleValues.digest(5), Integer.MIN_VALUE, 1, null, null, true, odd)
                .record(SampleValues.digest(6), 0, 0, "s", Long.MIN_VALUE, true, Collections.singletonMap("ü\t", "x"))
                .direct();
    }

    /**
     * {@code n} small records of the benchmarks' shape (user key, an int, a 20-character string, a
     * float): many to a SequenceFile's sync interval, where {@link #sample()}'s are few and large.
     */
    public static ByteBuffer small(int n) {
        FrameBuilder frame = new FrameBuilder();
        for (int i = 0; i < n; i++) {
            Map<String, Object> bins = new LinkedHashMap<>();
            bins.put("i", (long) i);
            bins.put("s", String.format("%020d", i));
            bins.put("f", i / 3.0);
            frame.record(SampleValues.digest(i), 1, 0, "bench", (long) i, true, bins);
        }
        return frame.direct();
    }

    /** One record whose bin {@code f} is the list {@code values}, in a heap buffer. */
    public static ByteBuffer listOf(List<?> values) {
        return new FrameBuilder()
                .record(SampleValues.digest(1), 1, 0, null, null, false, Collections.singletonMap("f", values))
                .heap();
    }

    /** One record with the user key {@code key} and no bins, in a heap buffer. */
    public static ByteBuffer withUserKey(Object key) {
        return new FrameBuilder()
                .record(SampleValues.digest(1), 1, 0, null, key, true, Collections.<String, Object>emptyMap())
                .heap();
    }

    /** {@code frame} as {@link FrameDecoder} reads it into objects, for namespace {@code ns}. */
    public static List<Decoded> decode(String ns, ByteBuffer frame) throws java.io.IOException {
        FrameDecoder d = new FrameDecoder(ns, () -> NOW_MILLIS);
        d.reset(frame.duplicate());
        List<Decoded> out = new ArrayList<>();
        while (true) {
            AerospikeKey key = new AerospikeKey();
            AerospikeRecord record = new AerospikeRecord();
            if (!d.next(key, record)) {
                return out;
            }
            out.add(new Decoded(key, record));
        }
    }

    /** The namespace used in the tests, with a character JSON must escape. */
    public static String namespace() {
        return new String("te\"st".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}
