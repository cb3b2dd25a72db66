package io.aerohadoop.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Test;

/**
 * The write frame rust-core encodes ({@code rust-core/tests/write_frame_vectors.rs} regenerates
 * {@code write-frame-vectors.bin} and its text rendering): read here by a parser that follows the
 * format text of WRITE_PATH.md, rendered as rust-core renders it (so the records are what Rust
 * meant), then encoded again by {@link WriteFrameEncoder}, which must give the same bytes.
 */
public class WriteFrameVectorsTest {
    private static final String BIN = "/io/aerohadoop/io/write-frame-vectors.bin";
    private static final String TXT = "/io/aerohadoop/io/write-frame-vectors.txt";

    private byte[] frame;
    private String rendering;

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = WriteFrameVectorsTest.class.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    @Before
    public void load() throws IOException {
        frame = resource(BIN);
        byte[] txt = resource(TXT);
        assumeTrue("no " + BIN + " yet: rust-core's write_frame_vectors test writes it (cargo test -p"
                + " aerohadoop-core --test write_frame_vectors)", frame != null && txt != null);
        rendering = new String(txt, StandardCharsets.UTF_8);
    }

    /** One record of the frame, as the format describes it. */
    private static final class Rec {
        String set;
        Object key;
        byte[] digest;
        int generation;
        final Map<String, Object> bins = new LinkedHashMap<>();
    }

    private static List<Rec> parse(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int n = b.getInt();
        List<Rec> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Rec r = new Rec();
            int flags = b.get() & 0xff;
            assertEquals("unknown flags in record " + i, 0, flags & ~7);
            if ((flags & 4) != 0) {
                r.set = shortString(b);
            }
            if ((flags & 1) != 0) {
                r.key = value(b);
            }
            if ((flags & 2) != 0) {
                r.digest = new byte[20];
                b.get(r.digest);
            }
            r.generation = b.getInt();
            int bins = b.getShort() & 0xffff;
            for (int j = 0; j < bins; j++) {
                String name = shortString(b);
                r.bins.put(name, value(b));
            }
            records.add(r);
        }
        assertEquals("bytes after the last record", 0, b.remaining());
        return records;
    }

    private static String shortString(ByteBuffer b) {
        byte[] s = new byte[b.getShort() & 0xffff];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private static byte[] intBytes(ByteBuffer b) {
        byte[] s = new byte[b.getInt()];
        b.get(s);
        return s;
    }

    private static Object value(ByteBuffer b) {
        int tag = b.get() & 0xff;
        switch (tag) {
            case Values.NIL:
                return null;
            case Values.INT:
                return b.getLong();
            case Values.FLOAT:
                return b.getDouble();
            case Values.STRING:
                return new String(intBytes(b), StandardCharsets.UTF_8);
            case Values.BLOB:
                return intBytes(b);
            case Values.BOOL:
                return b.get() != 0;
            case Values.LIST: {
                int n = b.getInt();
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    list.add(value(b));
                }
                return list;
            }
            case Values.MAP: {
                int n = b.getInt();
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    Object k = value(b);
                    map.put(k, value(b));
                }
                return map;
            }
            case Values.GEOJSON:
                return new GeoJson(new String(intBytes(b), StandardCharsets.UTF_8));
            case Values.HLL:
                return new HyperLogLog(intBytes(b));
            default:
                throw new AssertionError("unknown tag " + tag);
        }
    }

    @Test
    public void theRecordsAreThoseRustCoreRendered() {
        StringBuilder out = new StringBuilder();
        List<Rec> records = parse(frame);
        for (int i = 0; i < records.size(); i++) {
            Rec r = records.get(i);
            out.append("record ").append(i)
                    .append(" set=").append(r.set == null ? "-" : FrameVectorsTest.quoted(r.set))
                    .append(" key=").append(r.key == null ? "-" : FrameVectorsTest.render(r.key))
                    .append(" digest=").append(r.digest == null ? "-" : FrameVectorsTest.hex(r.digest))
                    .append(" generation=").append(Integer.toUnsignedString(r.generation))
                    .append('\n');
            for (Map.Entry<String, Object> bin : r.bins.entrySet()) {
                out.append("  bin ").append(FrameVectorsTest.quoted(bin.getKey())).append(' ')
                        .append(FrameVectorsTest.render(bin.getValue())).append('\n');
            }
        }
        assertEquals(rendering, out.toString());
    }

    @Test
    public void theEncoderWritesTheSameBytesForTheSameRecords() {
        // Started small, so the buffer grows on the way, as it does for large records in a task.
        WriteFrameEncoder encoder = new WriteFrameEncoder(32);
        List<Rec> records = parse(frame);
        for (Rec r : records) {
            encoder.add(r.set, r.key, r.digest, r.generation, r.bins);
        }
        assertEquals(records.size(), encoder.recordCount());
        assertArrayEquals(frame, encoder.toByteArray());
    }
}
