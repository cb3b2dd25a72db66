package io.aerohadoop.io;

import io.aerohadoop.AerospikeException;

/**
 * Frame records straight to the bytes {@link AerospikeKey#write} and {@link AerospikeRecord#write}
 * produce (a SequenceFile's raw key and value), without the objects: the same fields in the same
 * order, strings and lengths as Hadoop vints, values tagged as {@link ValueCodec} tags them. The
 * frame and the Writable encodings share their tags and big-endian numbers, so most of a value is
 * a copy. Floats go through {@code doubleToLongBits}, as {@code DataOutput.writeDouble} does (one
 * NaN). Unit tests compare the output with the Writables' own for every sample value.
 *
 * <p>Not thread-safe; one per output file.
 */
public final class WritableTranscoder {
    private final FrameCursor cursor = new FrameCursor();
    private final ByteSink key = new ByteSink(256);
    private final ByteSink value = new ByteSink(4096);

    /** Starts on the first record of {@code frame}. */
    public void reset(RecordFrame frame) {
        cursor.reset(frame);
    }

    /**
     * Transcodes the next record into {@link #key()} and {@link #value()} (both refilled).
     *
     * @return false after the last record of the frame
     * @throws AerospikeException if the frame is malformed
     */
    public boolean next() throws AerospikeException {
        FrameCursor c = cursor;
        try {
            if (!c.nextRecord()) {
                return false;
            }
            key.clear();
            writeKey(c, key);
            value.clear();
            writeValue(c, value);
            return true;
        } catch (IndexOutOfBoundsException e) {
            throw c.corrupt("record runs past the end of the frame");
        }
    }

    /**
     * Appends the next record's key bytes and then its value bytes to {@code out}, for a writer that
     * lays many records out in one buffer (an uncompressed SequenceFile's records).
     *
     * @return the length of the key, or -1 after the last record of the frame ({@code out} untouched)
     * @throws AerospikeException if the frame is malformed
     */
    public int nextInto(ByteSink out) throws AerospikeException {
        FrameCursor c = cursor;
        try {
            if (!c.nextRecord()) {
                return -1;
            }
            int start = out.length();
            writeKey(c, out);
            int keyLength = out.length() - start;
            writeValue(c, out);
            return keyLength;
        } catch (IndexOutOfBoundsException e) {
            throw c.corrupt("record runs past the end of the frame");
        }
    }

    /** {@link AerospikeKey#write}'s fields. */
    private static void writeKey(FrameCursor c, ByteSink k) throws AerospikeException {
        byte[] ns = c.frame().namespaceUtf8();
        writeVLong(k, ns.length);
        k.write(ns);
        if (c.hasSet()) {
            k.write(1);
            writeVLong(k, c.setLength());
            c.copy(c.setOffset(), c.setLength(), k);
        } else {
            k.write(0);
        }
        c.copy(c.digestOffset(), AerospikeKey.DIGEST_LENGTH, k);
        if (c.hasUserKey()) {
            value(c, k, 0);
        } else {
            k.write(Values.NIL);
        }
    }

    /** {@link AerospikeRecord#write}'s fields. */
    private static void writeValue(FrameCursor c, ByteSink v) throws AerospikeException {
        v.writeIntBE(c.generation());
        v.writeIntBE(c.ttl());
        int bins = c.u16();
        writeVLong(v, bins);
        for (int i = 0; i < bins; i++) {
            int len = c.u16();
            writeVLong(v, len);
            c.copy(c.take(len), len, v);
            value(c, v, 0);
        }
    }

    /** {@link AerospikeKey#write}'s bytes of the record {@link #next()} read. */
    public ByteSink key() {
        return key;
    }

    /** {@link AerospikeRecord#write}'s bytes of the record {@link #next()} read. */
    public ByteSink value() {
        return value;
    }

    private static void value(FrameCursor c, ByteSink out, int depth) throws AerospikeException {
        if (depth > FrameCursor.MAX_DEPTH) {
            throw c.corrupt("values nested deeper than " + FrameCursor.MAX_DEPTH);
        }
        int tag = c.u8();
        switch (tag) {
            case Values.NIL:
                out.write(tag);
                return;
            case Values.INT:
                out.write(tag);
                out.writeLongBE(c.i64());
                return;
            case Values.FLOAT:
                out.write(tag);
                // DataOutput.writeDouble writes doubleToLongBits: every NaN as the canonical one.
                out.writeLongBE(Double.doubleToLongBits(Double.longBitsToDouble(c.i64())));
                return;
            case Values.BOOL: {
                int b = c.u8();
                if (b > 1) {
                    throw c.corrupt("boolean byte " + b);
                }
                out.write(tag);
                out.write(b);
                return;
            }
            case Values.STRING:
            case Values.BLOB:
            case Values.GEOJSON:
            case Values.HLL: {
                int len = c.count(1, "length");
                out.write(tag);
                writeVLong(out, len);
                c.copy(c.take(len), len, out);
                return;
            }
            case Values.LIST: {
                int n = c.count(1, "list size");
                out.write(tag);
                writeVLong(out, n);
                for (int i = 0; i < n; i++) {
                    value(c, out, depth + 1);
                }
                return;
            }
            case Values.MAP: {
                int n = c.count(2, "map size");
                out.write(tag);
                writeVLong(out, n);
                for (int i = 0; i < 2 * n; i++) {
                    value(c, out, depth + 1);
                }
                return;
            }
            default:
                throw c.unknownTag(tag);
        }
    }

    /** {@code WritableUtils.writeVLong}'s encoding: one byte for -112..127, else a length byte and big-endian bytes. */
    static void writeVLong(ByteSink out, long i) {
        if (i >= -112 && i <= 127) {
            out.write((int) i);
            return;
        }
        int len = -112;
        if (i < 0) {
            i ^= -1L;
            len = -120;
        }
        for (long tmp = i; tmp != 0; tmp >>= 8) {
            len--;
        }
        out.write(len);
        int bytes = len < -120 ? -(len + 120) : -(len + 112);
        for (int idx = bytes; idx != 0; idx--) {
            out.write((int) (i >> ((idx - 1) * 8)));
        }
    }
}
