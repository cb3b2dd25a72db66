package io.aerohadoop.io;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes frames in the native reader's format, for decoder tests that do not need the native
 * library. Independent of {@link FrameDecoder}: it follows the format text of READ_PATH.md.
 */
final class FrameBuilder {
    private final ByteArrayOutputStream records = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(records);
    private int count;

    /** Appends a record; {@code set} and {@code userKey} may be null (absent). */
    FrameBuilder record(byte[] digest, int generation, long voidTime, String set, Object userKey, boolean hasUserKey,
            Map<String, ?> bins) {
        try {
            out.writeByte((hasUserKey ? 1 : 0) | (set != null ? 2 : 0));
            out.write(digest);
            out.writeInt(generation);
            out.writeInt((int) voidTime);
            if (set != null) {
                byte[] s = set.getBytes(StandardCharsets.UTF_8);
                out.writeShort(s.length);
                out.write(s);
            }
            if (hasUserKey) {
                value(userKey);
            }
            out.writeShort(bins.size());
            for (Map.Entry<String, ?> e : bins.entrySet()) {
                byte[] n = e.getKey().getBytes(StandardCharsets.UTF_8);
                out.writeShort(n.length);
                out.write(n);
                value(e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        count++;
        return this;
    }

    /** Appends raw bytes, each int taken as its low 8 bits (for corrupt frames). */
    FrameBuilder raw(int... bytes) {
        for (int b : bytes) {
            records.write(b);
        }
        return this;
    }

    /** Declares {@code n} records whatever was appended. */
    FrameBuilder count(int n) {
        count = n;
        return this;
    }

    /** The frame as a heap buffer. */
    ByteBuffer heap() {
        byte[] body = records.toByteArray();
        ByteBuffer b = ByteBuffer.allocate(4 + body.length);
        b.putInt(count).put(body).flip();
        return b;
    }

    /** The frame in native memory, as the reader hands it over. */
    ByteBuffer direct() {
        ByteBuffer h = heap();
        ByteBuffer d = ByteBuffer.allocateDirect(h.remaining());
        d.put(h).flip();
        return d;
    }

    private void value(Object v) throws IOException {
        if (v == null) {
            out.writeByte(0);
        } else if (v instanceof Long) {
            out.writeByte(1);
            out.writeLong((Long) v);
        } else if (v instanceof Double) {
            out.writeByte(2);
            out.writeDouble((Double) v);
        } else if (v instanceof String) {
            out.writeByte(3);
            bytes(((String) v).getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof byte[]) {
            out.writeByte(4);
            bytes((byte[]) v);
        } else if (v instanceof Boolean) {
            out.writeByte(5);
            out.writeByte((Boolean) v ? 1 : 0);
        } else if (v instanceof List) {
            out.writeByte(6);
            out.writeInt(((List<?>) v).size());
            for (Object e : (List<?>) v) {
                value(e);
            }
        } else if (v instanceof Map) {
            out.writeByte(7);
            out.writeInt(((Map<?, ?>) v).size());
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                value(e.getKey());
                value(e.getValue());
            }
        } else if (v instanceof GeoJson) {
            out.writeByte(8);
            bytes(((GeoJson) v).json().getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof HyperLogLog) {
            out.writeByte(9);
            bytes(((HyperLogLog) v).bytes());
        } else {
            throw new IllegalArgumentException(v.getClass().getName());
        }
    }

    private void bytes(byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }
}
