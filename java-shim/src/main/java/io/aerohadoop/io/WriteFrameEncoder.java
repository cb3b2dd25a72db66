package io.aerohadoop.io;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Encodes records to write into the native writer's write frame (format in {@code WRITE_PATH.md},
 * decoded by {@code rust-core/src/write_frame.rs}), in one reused direct buffer.
 *
 * <pre>
 * Frame  := u32 recordCount, recordCount × Record                        (big-endian)
 * Record := u8 flags (bit0 user key, bit1 digest, bit2 set override),
 *           [u16 len + UTF-8 set], [Value user key], [20 digest], u32 generation,
 *           u16 binCount × (u16 len + UTF-8 name, Value)      -- Value NIL deletes the bin
 * Value  := u8 tag + payload as in the read frame (tags of {@link Values}; u32 lengths and counts)
 * </pre>
 *
 * <p>Records are appended with {@link #add}; the caller hands {@link #buffer()} (the first
 * {@link #size()} bytes) to the native writer when {@link #recordCount()} or {@link #size()} says
 * a batch is full, then calls {@link #clear()} and reuses the buffer. A record that does not fit
 * grows the buffer (its capacity doubles until the record fits), so a frame always holds whole
 * records. A record that cannot be encoded leaves the frame as it was before it.
 *
 * <p>Not thread-safe; one per record writer.
 */
public final class WriteFrameEncoder {
    static final int FLAG_USER_KEY = 1;
    static final int FLAG_DIGEST = 2;
    static final int FLAG_SET = 4;

    /** Header: the u32 record count. */
    private static final int HEADER = 4;
    private static final int MAX_U16 = 0xffff;

    private ByteBuffer buf;
    private int records;
    private final NameBytes names = new NameBytes();

    /** An encoder whose buffer starts at {@code initialCapacity} bytes (at least the header). */
    public WriteFrameEncoder(int initialCapacity) {
        buf = ByteBuffer.allocateDirect(Math.max(HEADER + 16, initialCapacity)).order(ByteOrder.BIG_ENDIAN);
        clear();
    }

    /**
     * Appends one record.
     *
     * @param set the set of this record when it differs from the writer's, else null
     * @param userKey the user key (Long/Integer/Short/Byte, String or byte[]), or null
     * @param digest the 20-byte digest to write by when there is no user key, or null
     * @param generation the expected generation (used by generation policies; 0 otherwise)
     * @param bins bin name to value ({@link Values}); a null value deletes the bin
     * @throws IllegalArgumentException if the record has neither user key nor digest, a value is of
     *     no Aerospike type, or a name, count or length exceeds the format's limits
     */
    public void add(String set, Object userKey, byte[] digest, int generation, Map<String, ?> bins) {
        if (userKey == null && digest == null) {
            throw new IllegalArgumentException("a record to write needs a user key or a digest");
        }
        if (userKey != null) {
            int tag = Values.tagOf(userKey);
            if (tag != Values.INT && tag != Values.STRING && tag != Values.BLOB) {
                throw new IllegalArgumentException("a user key is an integer, a string or a blob, not a "
                        + Values.tagName(tag));
            }
        }
        if (digest != null && digest.length != AerospikeKey.DIGEST_LENGTH) {
            throw new IllegalArgumentException("a digest has " + AerospikeKey.DIGEST_LENGTH + " bytes, not "
                    + digest.length);
        }
        if (bins.size() > MAX_U16) {
            throw new IllegalArgumentException("a record has at most " + MAX_U16 + " bins, not " + bins.size());
        }
        int start = buf.position();
        while (true) {
            try {
                encode(set, userKey, digest, generation, bins);
                break;
            } catch (BufferOverflowException e) {
                buf.position(start);
                grow();
            } catch (RuntimeException e) {
                buf.position(start);
                throw e;
            }
        }
        records++;
        buf.putInt(0, records);
    }

    /**
     * Appends one record already in the frame's record layout (a transcoder's output, e.g.
     * {@link WritableWriteFrame}): {@code length} bytes of {@code record} from {@code offset}. The
     * bytes are not checked here; the native writer rejects a malformed frame as a whole.
     */
    public void addEncoded(byte[] record, int offset, int length) {
        while (buf.remaining() < length) {
            grow();
        }
        buf.put(record, offset, length);
        records++;
        buf.putInt(0, records);
    }

    private void encode(String set, Object userKey, byte[] digest, int generation, Map<String, ?> bins) {
        int flags = (userKey != null ? FLAG_USER_KEY : 0) | (digest != null ? FLAG_DIGEST : 0)
                | (set != null ? FLAG_SET : 0);
        buf.put((byte) flags);
        if (set != null) {
            putShortBytes(set.getBytes(StandardCharsets.UTF_8), "set name");
        }
        if (userKey != null) {
            putValue(userKey, 0);
        }
        if (digest != null) {
            buf.put(digest);
        }
        buf.putInt(generation);
        buf.putShort((short) bins.size());
        for (Map.Entry<String, ?> bin : bins.entrySet()) {
            putShortBytes(names.of(bin.getKey()), "bin name");
            try {
                putValue(bin.getValue(), 0);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bin '" + bin.getKey() + "': " + e.getMessage(), e);
            }
        }
    }

    private void putShortBytes(byte[] b, String what) {
        if (b.length > MAX_U16) {
            throw new IllegalArgumentException("a " + what + " of " + b.length + " bytes is longer than the "
                    + MAX_U16 + " the frame allows");
        }
        buf.putShort((short) b.length);
        buf.put(b);
    }

    /**
     * One value at {@code depth} (a bin's own value is at 0). Lists and maps nest at most
     * {@link FrameCursor#MAX_DEPTH} deep, the most the connector reads back (the native writer
     * refuses deeper frames too).
     */
    private void putValue(Object v, int depth) {
        if (depth > FrameCursor.MAX_DEPTH) {
            throw new IllegalArgumentException("lists and maps nested deeper than " + FrameCursor.MAX_DEPTH
                    + " (the most the connector reads back)");
        }
        int tag = Values.tagOf(v);
        buf.put((byte) tag);
        switch (tag) {
            case Values.NIL:
                break;
            case Values.INT:
                buf.putLong(((Number) v).longValue());
                break;
            case Values.FLOAT:
                buf.putDouble(((Number) v).doubleValue());
                break;
            case Values.STRING:
                putIntBytes(((String) v).getBytes(StandardCharsets.UTF_8));
                break;
            case Values.BLOB:
                putIntBytes((byte[]) v);
                break;
            case Values.BOOL:
                buf.put((byte) ((Boolean) v ? 1 : 0));
                break;
            case Values.LIST: {
                List<?> list = (List<?>) v;
                buf.putInt(list.size());
                for (Object e : list) {
                    putValue(e, depth + 1);
                }
                break;
            }
            case Values.MAP: {
                Map<?, ?> map = (Map<?, ?>) v;
                buf.putInt(map.size());
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    putValue(e.getKey(), depth + 1);
                    putValue(e.getValue(), depth + 1);
                }
                break;
            }
            case Values.GEOJSON:
                putIntBytes(((GeoJson) v).json().getBytes(StandardCharsets.UTF_8));
                break;
            case Values.HLL:
                putIntBytes(((HyperLogLog) v).bytes());
                break;
            default:
                throw new IllegalStateException("tag " + tag);
        }
    }

    private void putIntBytes(byte[] b) {
        buf.putInt(b.length);
        buf.put(b);
    }

    private void grow() {
        int capacity = buf.capacity();
        if (capacity > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("a record does not fit in a frame of " + capacity + " bytes");
        }
        ByteBuffer bigger = ByteBuffer.allocateDirect(capacity * 2).order(ByteOrder.BIG_ENDIAN);
        buf.flip();
        bigger.put(buf);
        buf = bigger;
    }

    /** Records in the frame. */
    public int recordCount() {
        return records;
    }

    /** Bytes of the frame so far, header included. */
    public int size() {
        return buf.position();
    }

    /** Bytes the buffer holds before it has to grow. */
    public int capacity() {
        return buf.capacity();
    }

    /** The direct buffer holding the frame in its first {@link #size()} bytes. */
    public ByteBuffer buffer() {
        return buf;
    }

    /** Empties the frame, keeping the buffer. */
    public void clear() {
        buf.clear();
        buf.putInt(0);
        records = 0;
    }

    /** A copy of the frame's bytes (tests and diagnostics). */
    public byte[] toByteArray() {
        byte[] out = new byte[buf.position()];
        ByteBuffer view = buf.duplicate();
        view.flip();
        view.get(out);
        return out;
    }
}
