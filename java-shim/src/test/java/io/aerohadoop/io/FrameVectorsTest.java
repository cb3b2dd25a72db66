package io.aerohadoop.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Test;

/**
 * Decodes the frame {@code rust-core} writes ({@code rust-core/tests/frame_vectors.rs} regenerates
 * {@code frame-vectors.bin} and its text rendering {@code frame-vectors.txt}): the Java decoder must
 * read exactly what the Rust encoder means. The rendering is reproduced here from the decoded Java
 * objects and compared with the Rust one line by line; selected values are also checked directly.
 */
public class FrameVectorsTest {
    private static final String BIN = "/io/aerohadoop/io/frame-vectors.bin";
    private static final String TXT = "/io/aerohadoop/io/frame-vectors.txt";

    private byte[] frame;
    private String rendering;

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = FrameVectorsTest.class.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    @Before
    public void load() throws IOException {
        frame = resource(BIN);
        byte[] txt = resource(TXT);
        assumeTrue("no " + BIN + " yet: rust-core's frame_vectors test writes it (cargo test -p aerohadoop-core"
                + " --test frame_vectors)", frame != null && txt != null);
        rendering = new String(txt, StandardCharsets.UTF_8);
    }

    /** One decoded record with the raw void time the decoder saw. */
    private static final class Decoded {
        final AerospikeKey key = new AerospikeKey();
        final AerospikeRecord record = new AerospikeRecord();
        long voidTime;
    }

    private static List<Decoded> decode(ByteBuffer buffer, long clockMillis) throws Exception {
        FrameDecoder d = new FrameDecoder("vectors", () -> clockMillis);
        d.reset(buffer);
        List<Decoded> out = new ArrayList<>();
        while (true) {
            Decoded x = new Decoded();
            if (!d.next(x.key, x.record)) {
                return out;
            }
            x.voidTime = d.lastVoidTime();
            out.add(x);
        }
    }

    private ByteBuffer direct() {
        ByteBuffer b = ByteBuffer.allocateDirect(frame.length);
        b.put(frame).flip();
        return b;
    }

    @Test
    public void theJavaRenderingOfTheDecodedFrameIsTheRustOne() throws Exception {
        StringBuilder out = new StringBuilder();
        List<Decoded> records = decode(direct(), 0);
        for (int i = 0; i < records.size(); i++) {
            Decoded r = records.get(i);
            out.append("record ").append(i)
                    .append(" digest=").append(hex(r.key.digest()))
                    .append(" generation=").append(Integer.toUnsignedString(r.record.generation()))
                    .append(" voidTime=").append(r.voidTime)
                    .append(" set=").append(r.key.set() == null ? "-" : quoted(r.key.set()))
                    .append(" key=").append(r.key.userKey() == null ? "-" : render(r.key.userKey()))
                    .append('\n');
            for (Map.Entry<String, Object> bin : r.record.bins().entrySet()) {
                out.append("  bin ").append(quoted(bin.getKey())).append(' ').append(render(bin.getValue())).append('\n');
            }
        }
        assertEquals(rendering, out.toString());
    }

    @Test
    public void selectedValuesHaveTheirJavaTypesAndBits() throws Exception {
        // A heap buffer this time; the rendering test used native memory.
        List<Decoded> records = decode(ByteBuffer.wrap(frame), (FrameDecoder.CITRUS_EPOCH_SECONDS + 100) * 1000);
        assertEquals(5, records.size());

        AerospikeRecord every = records.get(0).record;
        assertNull(records.get(0).key.set());
        assertNull(records.get(0).key.userKey());
        assertEquals("the namespace comes from the reader", "vectors", records.get(0).key.namespace());
        assertEquals(AerospikeRecord.NEVER_EXPIRES, every.ttl());
        assertTrue(every.bins().containsKey("nil"));
        assertNull(every.get("nil"));
        assertEquals(Long.MIN_VALUE, every.get("int_min"));
        assertEquals(-1L, every.get("int_neg"));
        assertEquals(1.5, (Double) every.get("float"), 0);
        assertEquals(0x8000000000000000L, Double.doubleToRawLongBits((Double) every.get("float_negzero")));
        assertTrue(Double.isNaN((Double) every.get("float_nan")));
        assertEquals(Double.POSITIVE_INFINITY, every.get("float_posinf"));
        assertEquals(Double.NEGATIVE_INFINITY, every.get("float_neginf"));
        assertEquals(Double.MIN_VALUE, every.get("float_tiny"));
        assertEquals("", every.get("str_empty"));
        assertEquals("héllo wörld ✓ 日本語 😀", every.get("str_utf8"));
        assertEquals("quote \" backslash \\ tab \t newline \n", every.get("str_escapes"));
        assertEquals("non-ASCII bin name", every.get("名前"));
        assertArrayEquals(new byte[0], (byte[]) every.get("blob_empty"));
        assertArrayEquals(new byte[] {0, 1, 0x7f, (byte) 0x80, (byte) 0xff}, (byte[]) every.get("blob"));
        assertEquals(Boolean.TRUE, every.get("bool_true"));
        assertEquals(Boolean.FALSE, every.get("bool_false"));
        assertTrue(((List<?>) every.get("list_empty")).isEmpty());
        List<?> list = (List<?>) every.get("list");
        assertEquals(8, list.size());
        assertEquals(-5L, ((List<?>) ((List<?>) list.get(6)).get(0)).get(0));
        assertEquals(-7L, ((Map<?, ?>) list.get(7)).get("k"));
        assertTrue(((Map<?, ?>) every.get("map_empty")).isEmpty());
        Map<?, ?> map = (Map<?, ?>) every.get("map");
        assertEquals("b", map.get(2L));
        assertEquals(1L, map.get("a"));
        assertEquals(new ArrayList<>(java.util.Collections.singletonList(null)), map.get(-3L));
        Object deep = ((Map<?, ?>) ((List<?>) ((Map<?, ?>) map.get("nested")).get("x")).get(1)).get("deep");
        assertEquals(0.25, (Double) deep, 0);
        assertEquals(new GeoJson("{\"type\":\"Point\",\"coordinates\":[-122.5,37.5]}"), every.get("geo"));
        assertEquals(new HyperLogLog(new byte[] {0, 0x0e, 0, 0, (byte) 0xff, 0x10}), every.get("hll"));

        Decoded ann = records.get(1);
        assertEquals("people", ann.key.set());
        assertEquals(42L, ann.key.userKey());
        assertEquals(7, ann.record.generation());
        assertEquals("void time 123456789 seen 100 s after the epoch", 123456789 - 100, ann.record.ttl());
        assertEquals("Ann", ann.record.get("name"));

        Decoded noBins = records.get(2);
        assertNull(noBins.key.set());
        assertEquals("ключ", noBins.key.userKey());
        assertTrue(noBins.record.bins().isEmpty());
        assertEquals("generation is an unsigned 32-bit count", 4294967295L, Integer.toUnsignedLong(noBins.record.generation()));

        Decoded due = records.get(3);
        assertEquals("sät", due.key.set());
        assertNull(due.key.userKey());
        assertEquals("a void time already past reads as 1, not 0 or negative", 1, due.record.ttl());
        assertFalse(due.record.bins().isEmpty());

        assertArrayEquals(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef},
                (byte[]) records.get(4).key.userKey());
        assertEquals("", records.get(4).record.get("s"));
    }

    static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format("%02x", b));
        }
        return s.toString();
    }

    /** As rust-core's rendering quotes: {@code "} and {@code \} escaped, control characters as {@code \\uXXXX}. */
    static String quoted(String text) {
        StringBuilder s = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            if (c == '"') {
                s.append("\\\"");
            } else if (c == '\\') {
                s.append("\\\\");
            } else if (c < 0x20) {
                s.append(String.format("\\u%04x", c));
            } else {
                s.appendCodePoint(c);
            }
        });
        return s.append('"').toString();
    }

    static String render(Object v) {
        if (v == null) {
            return "nil";
        } else if (v instanceof Long) {
            return "int(" + v + ")";
        } else if (v instanceof Double) {
            return String.format("float(0x%016x)", Double.doubleToRawLongBits((Double) v));
        } else if (v instanceof String) {
            return "str(" + quoted((String) v) + ")";
        } else if (v instanceof byte[]) {
            return "blob(" + hex((byte[]) v) + ")";
        } else if (v instanceof Boolean) {
            return "bool(" + v + ")";
        } else if (v instanceof List) {
            List<String> parts = new ArrayList<>();
            for (Object e : (List<?>) v) {
                parts.add(render(e));
            }
            return "list[" + String.join(", ", parts) + "]";
        } else if (v instanceof Map) {
            List<String> parts = new ArrayList<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                parts.add(render(e.getKey()) + ": " + render(e.getValue()));
            }
            return "map{" + String.join(", ", parts) + "}";
        } else if (v instanceof GeoJson) {
            return "geo(" + quoted(((GeoJson) v).json()) + ")";
        } else if (v instanceof HyperLogLog) {
            return "hll(" + hex(((HyperLogLog) v).bytes()) + ")";
        }
        throw new AssertionError("the decoder produced a " + v.getClass());
    }
}
