package io.aerohadoop.io;

import io.aerohadoop.AerospikeException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Decodes the native reader's record frames (format in {@code READ_PATH.md}, written by
 * {@code rust-core/src/frame.rs}) into reused {@link AerospikeKey} and {@link AerospikeRecord}
 * objects.
 *
 * <pre>
 * Frame  := u32 recordCount, recordCount × Record            (big-endian)
 * Record := u8 flags (bit0 user key, bit1 set name), [20] digest, u32 generation,
 *           u32 voidTime (seconds since 2010-01-01; 0 never), [u16 len + UTF-8 set],
 *           [Value user key], u16 binCount × (u16 len + UTF-8 name, Value)
 * Value  := u8 tag + payload, tags as in {@link Values}
 * </pre>
 *
 * <p>Per record it allocates only what the caller gets to keep: the bin values. Bin names and set
 * names repeat from record to record, so their strings are reused while the bytes match; the
 * digest is copied into the key's own array.
 *
 * <p>Not thread-safe; one per reader. A malformed frame is an {@link AerospikeException} with
 * result code -2 (parse error) saying where, never a silent short read.
 */
public final class FrameDecoder {
    /** Result code of a malformed frame, as the Java client numbers a parse error. */
    static final int PARSE_ERROR = -2;

    /** 2010-01-01T00:00:00Z, the origin of Aerospike void times, in Unix seconds. */
    static final long CITRUS_EPOCH_SECONDS = 1_262_304_000L;

    private static final int FLAG_USER_KEY = 1;
    private static final int FLAG_SET = 2;
    /** Deeper nesting than the frames carry means a corrupt frame, not data. */
    private static final int MAX_DEPTH = FrameCursor.MAX_DEPTH;

    private final String namespace;
    private final LongSupplier clockMillis;

    private ByteBuffer buf;
    private int remaining;
    private int recordStart;
    private long nowCitrus;
    private long lastVoidTime;
    private byte[] scratch = new byte[256];

    private byte[] setBytes = new byte[0];
    private String setName;
    private byte[][] binNameBytes = new byte[8][];
    private String[] binNames = new String[8];

    /** A decoder for records of {@code namespace} (frames carry no namespace). */
    public FrameDecoder(String namespace) {
        this(namespace, System::currentTimeMillis);
    }

    /** As {@link #FrameDecoder(String)}, with the clock TTLs are computed against. */
    FrameDecoder(String namespace, LongSupplier clockMillis) {
        this.namespace = namespace;
        this.clockMillis = clockMillis;
    }

    /** Starts decoding {@code frame} from its current position; the buffer must stay valid until drained. */
    public void reset(ByteBuffer frame) throws AerospikeException {
        buf = frame.order(ByteOrder.BIG_ENDIAN);
        recordStart = buf.position();
        try {
            remaining = count(buf.getInt(), 1, "record count");
        } catch (BufferUnderflowException e) {
            throw corrupt("frame of " + (buf.limit() - recordStart) + " bytes has no record count");
        }
        // One clock read per frame: the TTL is accurate to a frame's decoding time.
        nowCitrus = clockMillis.getAsLong() / 1000 - CITRUS_EPOCH_SECONDS;
        checkEnd();
    }

    /** Records of the current frame not decoded yet. */
    public int remaining() {
        return remaining;
    }

    /**
     * Decodes the next record of the frame into {@code key} and {@code record}.
     *
     * @return false if the frame has no more records (nothing is changed then)
     */
    public boolean next(AerospikeKey key, AerospikeRecord record) throws AerospikeException {
        if (remaining == 0) {
            return false;
        }
        recordStart = buf.position();
        try {
            int flags = buf.get() & 0xff;
            if ((flags & ~(FLAG_USER_KEY | FLAG_SET)) != 0) {
                throw corrupt("unknown record flags 0x" + Integer.toHexString(flags));
            }
            buf.get(key.digestArray());
            int generation = buf.getInt();
            long voidTime = buf.getInt() & 0xffffffffL;
            lastVoidTime = voidTime;
            key.setNamespace(namespace);
            key.setSet((flags & FLAG_SET) != 0 ? setName() : null);
            key.setUserKey((flags & FLAG_USER_KEY) != 0 ? value(0) : null);

            record.clear();
            record.setGeneration(generation);
            record.setTtl(ttl(voidTime));
            Map<String, Object> bins = record.bins();
            int binCount = buf.getShort() & 0xffff;
            for (int i = 0; i < binCount; i++) {
                String name = binName(i);
                bins.put(name, value(0));
            }
        } catch (BufferUnderflowException e) {
            throw corrupt("record runs past the end of the frame");
        }
        remaining--;
        checkEnd();
        return true;
    }

    /**
     * The raw void time of the record decoded last (seconds since 2010-01-01, 0 never). The record
     * carries the TTL derived from it; the cross-language vector test compares the raw value.
     */
    long lastVoidTime() {
        return lastVoidTime;
    }

    /** After the last record the frame must be used up: leftover bytes mean the two sides disagree. */
    private void checkEnd() throws AerospikeException {
        if (remaining == 0 && buf.hasRemaining()) {
            recordStart = buf.position();
            throw corrupt(buf.remaining() + " byte(s) after the last record");
        }
    }

    /** Seconds left to live as the Java client counts them: -1 never, at least 1 otherwise. */
    private int ttl(long voidTime) {
        return RecordFrame.ttl(voidTime, nowCitrus);
    }

    private String setName() throws AerospikeException {
        int len = buf.getShort() & 0xffff;
        fill(len);
        if (setName == null || !Arrays.equals(scratch, 0, len, setBytes, 0, setBytes.length)) {
            setBytes = Arrays.copyOf(scratch, len);
            setName = new String(setBytes, StandardCharsets.UTF_8);
        }
        return setName;
    }

    private String binName(int index) throws AerospikeException {
        int len = buf.getShort() & 0xffff;
        fill(len);
        if (index >= binNames.length) {
            int n = Math.max(index + 1, binNames.length * 2);
            binNames = Arrays.copyOf(binNames, n);
            binNameBytes = Arrays.copyOf(binNameBytes, n);
        }
        byte[] cached = binNameBytes[index];
        if (cached == null || !Arrays.equals(scratch, 0, len, cached, 0, cached.length)) {
            cached = Arrays.copyOf(scratch, len);
            binNameBytes[index] = cached;
            binNames[index] = new String(cached, StandardCharsets.UTF_8);
        }
        return binNames[index];
    }

    private Object value(int depth) throws AerospikeException {
        if (depth > MAX_DEPTH) {
            throw corrupt("values nested deeper than " + MAX_DEPTH);
        }
        int tag = buf.get() & 0xff;
        switch (tag) {
            case Values.NIL:
                return null;
            case Values.INT:
                return buf.getLong();
            case Values.FLOAT:
                return buf.getDouble();
            case Values.STRING:
                return string(count(buf.getInt(), 1, "string length"));
            case Values.BLOB:
                return bytes(count(buf.getInt(), 1, "blob length"));
            case Values.BOOL: {
                int b = buf.get() & 0xff;
                if (b > 1) {
                    throw corrupt("boolean byte " + b);
                }
                return b == 1;
            }
            case Values.LIST: {
                // Each element takes at least its tag byte.
                int n = count(buf.getInt(), 1, "list size");
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(value(depth + 1));
                }
                return list;
            }
            case Values.MAP: {
                int n = count(buf.getInt(), 2, "map size");
                Map<Object, Object> map = new LinkedHashMap<>(capacity(n));
                for (int i = 0; i < n; i++) {
                    Object k = value(depth + 1);
                    map.put(k, value(depth + 1));
                }
                return map;
            }
            case Values.GEOJSON:
                return new GeoJson(string(count(buf.getInt(), 1, "geojson length")));
            case Values.HLL:
                return new HyperLogLog(bytes(count(buf.getInt(), 1, "hll length")));
            default:
                buf.position(buf.position() - 1);
                throw corrupt("unknown value tag " + tag + " at byte " + buf.position());
        }
    }

    private static int capacity(int n) {
        return n < 3 ? n + 1 : (int) Math.min(1 << 30, n / 3L * 4 + 1);
    }

    /** A u32 count or length, refused if the rest of the frame cannot hold it. */
    private int count(int raw, int bytesPerItem, String what) throws AerospikeException {
        long n = raw & 0xffffffffL;
        if (n * bytesPerItem > buf.remaining()) {
            throw corrupt(what + " " + n + " exceeds the " + buf.remaining() + " byte(s) left in the frame");
        }
        return (int) n;
    }

    private String string(int len) {
        if (buf.hasArray()) {
            int at = buf.arrayOffset() + buf.position();
            buf.position(buf.position() + len);
            return new String(buf.array(), at, len, StandardCharsets.UTF_8);
        }
        fill(len);
        return new String(scratch, 0, len, StandardCharsets.UTF_8);
    }

    private byte[] bytes(int len) {
        byte[] b = new byte[len];
        buf.get(b);
        return b;
    }

    /** Copies the next {@code len} bytes into {@link #scratch}. */
    private void fill(int len) {
        if (scratch.length < len) {
            scratch = new byte[Math.max(len, scratch.length * 2)];
        }
        buf.get(scratch, 0, len);
    }

    private AerospikeException corrupt(String what) {
        return new AerospikeException(PARSE_ERROR, "corrupt record frame (record starting at byte " + recordStart
                + ", " + remaining + " record(s) left): " + what);
    }
}
