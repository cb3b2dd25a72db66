package io.aerohadoop.io;

import io.aerohadoop.AerospikeException;
import java.nio.ByteBuffer;

/**
 * Walks the records of a {@link RecordFrame} in place, for transcoders that turn each record
 * straight into an output format's bytes (the layout is {@link FrameDecoder}'s): {@link #nextRecord()}
 * reads a record's header (flags, digest, generation, void time, set), then the transcoder reads
 * the user key and the bins with the value-level reads here, in order.
 *
 * <p>Reads are absolute on the frame's buffer; copies go through one duplicate of it, made per
 * frame. A read past the end of the frame, an unknown tag or leftover bytes after the last record
 * is an {@link AerospikeException} with result code -2 (parse error), as in the decoder; the
 * transcoders catch {@link IndexOutOfBoundsException} from a truncated frame through
 * {@link #corrupt(String)} as well.
 *
 * <p>Not thread-safe; one per transcoder.
 */
public final class FrameCursor {
    private static final int FLAG_USER_KEY = 1;
    private static final int FLAG_SET = 2;
    /** Deeper nesting than the server allows means a corrupt frame, not data. */
    public static final int MAX_DEPTH = 256;

    private RecordFrame frame;
    private ByteBuffer buf;
    private ByteBuffer view;
    private int limit;
    private int pos;
    private int left;
    private int recordStart;

    private int flags;
    private int digestOffset;
    private int generation;
    private long voidTime;
    private int setOffset;
    private int setLength;

    /** Starts at the first record of {@code frame}. */
    public void reset(RecordFrame frame) {
        this.frame = frame;
        buf = frame.buffer();
        view = buf.duplicate();
        limit = buf.limit();
        pos = frame.firstRecord();
        left = frame.count();
    }

    public RecordFrame frame() {
        return frame;
    }

    /**
     * Reads the next record's header and stops at its user key (if {@link #hasUserKey()}) or else
     * at its bin count.
     *
     * @return false after the last record (the frame must then be used up)
     */
    public boolean nextRecord() throws AerospikeException {
        if (left == 0) {
            if (pos != limit) {
                throw corrupt((limit - pos) + " byte(s) after the last record");
            }
            return false;
        }
        left--;
        recordStart = pos;
        need(1 + AerospikeKey.DIGEST_LENGTH + 8);
        flags = buf.get(pos) & 0xff;
        if ((flags & ~(FLAG_USER_KEY | FLAG_SET)) != 0) {
            throw corrupt("unknown record flags 0x" + Integer.toHexString(flags));
        }
        digestOffset = pos + 1;
        pos += 1 + AerospikeKey.DIGEST_LENGTH;
        generation = buf.getInt(pos);
        voidTime = buf.getInt(pos + 4) & 0xffffffffL;
        pos += 8;
        if ((flags & FLAG_SET) != 0) {
            setLength = u16();
            need(setLength);
            setOffset = pos;
            pos += setLength;
        } else {
            setLength = -1;
        }
        return true;
    }

    public int digestOffset() {
        return digestOffset;
    }

    public int generation() {
        return generation;
    }

    /** The record's TTL as {@link FrameDecoder} gives it (-1 never expires). */
    public int ttl() {
        return frame.ttl(voidTime);
    }

    public boolean hasSet() {
        return setLength >= 0;
    }

    public int setOffset() {
        return setOffset;
    }

    public int setLength() {
        return setLength;
    }

    public boolean hasUserKey() {
        return (flags & FLAG_USER_KEY) != 0;
    }

    public int position() {
        return pos;
    }

    public void position(int position) {
        pos = position;
    }

    /** The byte at {@code position}, unsigned, without moving. */
    public int peek(int position) {
        return buf.get(position) & 0xff;
    }

    public int u8() throws AerospikeException {
        need(1);
        return buf.get(pos++) & 0xff;
    }

    public int u16() throws AerospikeException {
        need(2);
        int v = buf.getShort(pos) & 0xffff;
        pos += 2;
        return v;
    }

    /** A u32 length or count of items of at least {@code bytesPerItem} bytes that the frame can hold. */
    public int count(int bytesPerItem, String what) throws AerospikeException {
        need(4);
        long n = buf.getInt(pos) & 0xffffffffL;
        pos += 4;
        if (n * bytesPerItem > limit - pos) {
            throw corrupt(what + " " + n + " exceeds the " + (limit - pos) + " byte(s) left in the frame");
        }
        return (int) n;
    }

    public long i64() throws AerospikeException {
        need(8);
        long v = buf.getLong(pos);
        pos += 8;
        return v;
    }

    /** Appends {@code length} frame bytes from {@code offset} to {@code out}; does not move. */
    public void copy(int offset, int length, ByteSink out) {
        out.ensure(length);
        view.limit(offset + length).position(offset);
        view.get(out.array(), out.length(), length);
        out.advance(length);
    }

    /** Copies {@code length} frame bytes from {@code offset} into {@code dst}; does not move. */
    public void copy(int offset, byte[] dst, int length) {
        view.limit(offset + length).position(offset);
        view.get(dst, 0, length);
    }

    /** Moves past {@code n} bytes that must be in the frame and returns where they start. */
    public int take(int n) throws AerospikeException {
        need(n);
        int at = pos;
        pos += n;
        return at;
    }

    /** Moves past {@code n} bytes that must be in the frame. */
    public void skip(int n) throws AerospikeException {
        need(n);
        pos += n;
    }

    /** Moves past one value (tag and payload). */
    public void skipValue(int depth) throws AerospikeException {
        if (depth > MAX_DEPTH) {
            throw corrupt("values nested deeper than " + MAX_DEPTH);
        }
        int tag = u8();
        switch (tag) {
            case Values.NIL:
                return;
            case Values.INT:
            case Values.FLOAT:
                skip(8);
                return;
            case Values.BOOL:
                skip(1);
                return;
            case Values.STRING:
            case Values.BLOB:
            case Values.GEOJSON:
            case Values.HLL:
                skip(count(1, "length"));
                return;
            case Values.LIST: {
                int n = count(1, "list size");
                for (int i = 0; i < n; i++) {
                    skipValue(depth + 1);
                }
                return;
            }
            case Values.MAP: {
                int n = count(2, "map size");
                for (int i = 0; i < 2 * n; i++) {
                    skipValue(depth + 1);
                }
                return;
            }
            default:
                throw unknownTag(tag);
        }
    }

    /** The error for a value tag no frame has, at the byte just read. */
    public AerospikeException unknownTag(int tag) {
        return corrupt("unknown value tag " + tag + " at byte " + (pos - 1));
    }

    private void need(int n) throws AerospikeException {
        if (n > limit - pos) {
            throw corrupt("record runs past the end of the frame");
        }
    }

    /** A malformed frame, located as {@link FrameDecoder} locates it. */
    public AerospikeException corrupt(String what) {
        return new AerospikeException(FrameDecoder.PARSE_ERROR, "corrupt record frame (record starting at byte "
                + recordStart + ", " + left + " record(s) left): " + what);
    }
}
