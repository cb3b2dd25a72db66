package io.aerohadoop.io;

import io.aerohadoop.AerospikeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One frame of the native reader's records, undecoded: the buffer, where its records start, how
 * many there are, the namespace they belong to (frames carry none) and the clock their TTLs are
 * computed against. Transcoders ({@link FrameCursor}) read the records straight from it into an
 * output format's bytes, without building an {@link AerospikeKey} and {@link AerospikeRecord} per
 * record; the layout is {@link FrameDecoder}'s.
 *
 * <p>The buffer is valid until the reader that produced the frame is asked for the next one, so a
 * consumer must be done with it before then (a map-only job's output format is: {@code write}
 * runs before the next {@code nextKeyValue}). Not a {@code Writable}: a frame never leaves the task.
 * Mutable and reused, as Hadoop values are.
 */
public final class RecordFrame {
    private String namespace = "";
    private byte[] namespaceUtf8 = new byte[0];
    private ByteBuffer buffer;
    private int firstRecord;
    private int count;
    private long nowCitrus;
    /** The heap copy {@link #copyOf} keeps, reused from frame to frame. */
    private byte[] own = new byte[0];

    public RecordFrame() {}

    /**
     * Makes this frame a copy of {@code other}: its records in this frame's own heap buffer (grown
     * as needed, reused), its namespace and its clock, so the copy transcodes to the same bytes and
     * stays valid after {@code other}'s buffer is released. For writers that work on a thread of
     * their own.
     */
    public RecordFrame copyOf(RecordFrame other) {
        int length = other.buffer.limit() - other.firstRecord;
        if (own.length < length) {
            own = new byte[Math.max(length, own.length + (own.length >> 1))];
        }
        ByteBuffer source = other.buffer.duplicate();
        source.limit(other.buffer.limit()).position(other.firstRecord);
        source.get(own, 0, length);
        namespace = other.namespace;
        namespaceUtf8 = other.namespaceUtf8;
        buffer = ByteBuffer.wrap(own, 0, length);
        firstRecord = 0;
        count = other.count;
        nowCitrus = other.nowCitrus;
        return this;
    }

    /**
     * Points this frame at {@code frame}, from its position (the record count) on.
     *
     * @param nowMillis the clock TTLs are computed against (once per frame, as the decoder does)
     * @throws AerospikeException if the frame is too short to hold its record count
     */
    public RecordFrame reset(String namespace, ByteBuffer frame, long nowMillis) throws AerospikeException {
        if (!namespace.equals(this.namespace)) {
            this.namespace = namespace;
            this.namespaceUtf8 = namespace.getBytes(StandardCharsets.UTF_8);
        }
        buffer = frame.order(ByteOrder.BIG_ENDIAN);
        int start = frame.position();
        if (frame.limit() - start < 4) {
            throw new AerospikeException(FrameDecoder.PARSE_ERROR, "corrupt record frame: " + (frame.limit() - start)
                    + " byte(s), no record count");
        }
        count = frame.getInt(start);
        if (count < 0) {
            throw new AerospikeException(FrameDecoder.PARSE_ERROR, "corrupt record frame: record count "
                    + Integer.toUnsignedString(count));
        }
        firstRecord = start + 4;
        nowCitrus = nowMillis / 1000 - FrameDecoder.CITRUS_EPOCH_SECONDS;
        return this;
    }

    public String namespace() {
        return namespace;
    }

    /**
     * Whether the records are in a heap array ({@link #recordsArray()}): a {@link #copyOf} always
     * is; a frame pointing at the native reader's buffer is not.
     */
    boolean onHeap() {
        return buffer.hasArray();
    }

    /**
     * The heap array holding the records, from {@link #recordsOffset()} for
     * {@link #recordsLength()} bytes, for the native encoders ({@link NativeFrameEncoder}); do
     * not modify.
     *
     * @throws IllegalStateException if the frame is not {@link #onHeap()}
     */
    byte[] recordsArray() {
        if (!buffer.hasArray()) {
            throw new IllegalStateException("the frame's records are not on the heap; copy the frame first");
        }
        return buffer.array();
    }

    /** Where the first record starts in {@link #recordsArray()}. */
    int recordsOffset() {
        return buffer.arrayOffset() + firstRecord;
    }

    /** The bytes of all records. */
    int recordsLength() {
        return buffer.limit() - firstRecord;
    }

    /** The clock TTLs are computed against, in seconds since 2010-01-01T00:00:00Z. */
    long nowCitrus() {
        return nowCitrus;
    }

    /** The namespace in UTF-8; do not modify. */
    byte[] namespaceUtf8() {
        return namespaceUtf8;
    }

    /** Records in the frame. */
    public int count() {
        return count;
    }

    ByteBuffer buffer() {
        return buffer;
    }

    int firstRecord() {
        return firstRecord;
    }

    /** The TTL of a record with this raw void time, as {@link FrameDecoder} gives it. */
    int ttl(long voidTime) {
        return ttl(voidTime, nowCitrus);
    }

    /**
     * Seconds left to live as the Java client counts them: -1 never (void time 0), at least 1
     * otherwise.
     */
    static int ttl(long voidTime, long nowCitrus) {
        if (voidTime == 0) {
            return AerospikeRecord.NEVER_EXPIRES;
        }
        long left = voidTime - nowCitrus;
        return left > 0 ? (int) Math.min(left, Integer.MAX_VALUE) : 1;
    }
}
