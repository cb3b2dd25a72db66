package io.aerohadoop.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes {@link AerospikeKey#write} and {@link AerospikeRecord#write} produce (a SequenceFile
 * export's raw key and value) straight to one record of the write frame
 * ({@link WriteFrameEncoder#addEncoded}), without the objects: the record
 * {@code WriteFrameEncoder.add} would encode for the decoded key and record as the connector's
 * output mapping and the import's target set map them — set override when the key's set (or the
 * target set) differs from the writer's, user key when there is one, else the digest, generation,
 * bins in order. Both encodings share their value tags and big-endian numbers; lengths and counts
 * go from Hadoop vints to u32 (u16 for names), so most of a record is a copy. Unit tests compare
 * the output with the encoder's for every sample value.
 *
 * <p>ASCII strings are copied as bytes; others are decoded and encoded again as the object path
 * does, so that invalid UTF-8 ends the same. Not thread-safe; one per map task.
 */
public final class WritableWriteFrame {
    private static final int MAX_U16 = 0xffff;
    /** Deeper nesting than this is refused (the frame's own limit, {@link FrameCursor#MAX_DEPTH}). */
    private static final int MAX_DEPTH = FrameCursor.MAX_DEPTH;

    private final byte[] writerSet;
    private final byte[] targetSet;
    private final ByteSink out = new ByteSink(4096);
    private int ttl;

    private byte[] in;
    private int pos;
    private int end;

    /**
     * @param writerSet the writer's set ({@code aerospike.output.setname}), or null
     * @param targetSet the set every record goes to (import --set), or null: each keeps its own
     */
    public WritableWriteFrame(String writerSet, String targetSet) {
        this.writerSet = writerSet == null ? null : writerSet.getBytes(StandardCharsets.UTF_8);
        this.targetSet = targetSet == null ? null : targetSet.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Transcodes one key and record into {@link #record()} (refilled) and {@link #ttl()}.
     *
     * @throws IOException if the bytes are not an AerospikeKey and AerospikeRecord, or the record
     *     cannot be written (a user key of no key type, more than 65535 bins, a name too long), with
     *     the message the object path gives
     */
    public void transcode(byte[] key, int keyOffset, int keyLength, byte[] value, int valueOffset, int valueLength)
            throws IOException {
        try {
            transcodeUnchecked(key, keyOffset, keyLength, value, valueOffset, valueLength);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot write the record of key " + describeKey(key, keyOffset, keyLength) + ": "
                    + e.getMessage(), e);
        }
    }

    private void transcodeUnchecked(byte[] key, int keyOffset, int keyLength, byte[] value, int valueOffset,
            int valueLength) throws IOException {
        ByteSink o = out;
        o.clear();
        start(key, keyOffset, keyLength);
        skip(count()); // the namespace: the writer's is the one written to
        byte[] set = null;
        int setOffset = 0;
        int setLength = 0;
        if (u8() != 0) {
            setLength = count();
            setOffset = take(setLength);
            set = in;
            if (!ascii(set, setOffset, setLength)) {
                set = new String(in, setOffset, setLength, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
                setOffset = 0;
                setLength = set.length;
            }
        }
        if (targetSet != null && (set == null || !same(set, setOffset, setLength, targetSet))) {
            set = targetSet;
            setOffset = 0;
            setLength = targetSet.length;
        }
        boolean override = set != null && (writerSet == null || !same(set, setOffset, setLength, writerSet));
        int digestOffset = take(AerospikeKey.DIGEST_LENGTH);
        int keyTag = u8();
        if (keyTag != Values.NIL && keyTag != Values.INT && keyTag != Values.STRING && keyTag != Values.BLOB) {
            throw new IllegalArgumentException("a user key is an integer, a string or a blob, not a "
                    + Values.tagName(keyTag));
        }
        int flags = (keyTag != Values.NIL ? WriteFrameEncoder.FLAG_USER_KEY : WriteFrameEncoder.FLAG_DIGEST)
                | (override ? WriteFrameEncoder.FLAG_SET : 0);
        o.write(flags);
        if (override) {
            if (setLength > MAX_U16) {
                throw new IllegalArgumentException("a set name of " + setLength + " bytes is longer than the " + MAX_U16
                        + " the frame allows");
            }
            o.writeShortBE(setLength);
            o.write(set, setOffset, setLength);
        }
        if (keyTag != Values.NIL) {
            pos--;
            value(0);
        } else {
            o.write(key, digestOffset, AerospikeKey.DIGEST_LENGTH);
        }

        start(value, valueOffset, valueLength);
        o.write(in, take(4), 4); // generation, big-endian in both
        int ttlAt = take(4);
        ttl = ((in[ttlAt] & 0xff) << 24) | ((in[ttlAt + 1] & 0xff) << 16) | ((in[ttlAt + 2] & 0xff) << 8)
                | (in[ttlAt + 3] & 0xff);
        int bins = count();
        if (bins > MAX_U16) {
            throw new IllegalArgumentException("a record has at most " + MAX_U16 + " bins, not " + bins);
        }
        o.writeShortBE(bins);
        for (int i = 0; i < bins; i++) {
            int len = count();
            int at = take(len);
            byte[] name = in;
            if (!ascii(in, at, len)) {
                name = new String(in, at, len, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
                at = 0;
                len = name.length;
            }
            if (len > MAX_U16) {
                throw new IllegalArgumentException("a bin name of " + len + " bytes is longer than the " + MAX_U16
                        + " the frame allows");
            }
            o.writeShortBE(len);
            o.write(name, at, len);
            value(0);
        }
    }

    /** The write frame record of the last {@link #transcode}; valid until the next. */
    public ByteSink record() {
        return out;
    }

    /** The record's TTL as exported ({@link AerospikeRecord#ttl()}). */
    public int ttl() {
        return ttl;
    }

    private void value(int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw corrupt("values nested deeper than " + MAX_DEPTH);
        }
        ByteSink o = out;
        int tag = u8();
        switch (tag) {
            case Values.NIL:
                o.write(tag);
                return;
            case Values.INT:
            case Values.FLOAT:
                o.write(tag);
                o.write(in, take(8), 8);
                return;
            case Values.BOOL:
                o.write(tag);
                o.write(u8() != 0 ? 1 : 0); // DataInput.readBoolean: any byte but 0 is true
                return;
            case Values.STRING:
            case Values.GEOJSON: {
                int len = count();
                int at = take(len);
                o.write(tag);
                if (ascii(in, at, len)) {
                    o.writeIntBE(len);
                    o.write(in, at, len);
                } else {
                    byte[] b = new String(in, at, len, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
                    o.writeIntBE(b.length);
                    o.write(b);
                }
                return;
            }
            case Values.BLOB:
            case Values.HLL: {
                int len = count();
                o.write(tag);
                o.writeIntBE(len);
                o.write(in, take(len), len);
                return;
            }
            case Values.LIST: {
                int n = count();
                o.write(tag);
                o.writeIntBE(n);
                for (int i = 0; i < n; i++) {
                    value(depth + 1);
                }
                return;
            }
            case Values.MAP: {
                int n = count();
                o.write(tag);
                o.writeIntBE(n);
                for (int i = 0; i < n; i++) {
                    value(depth + 1);
                    value(depth + 1);
                }
                return;
            }
            default:
                throw corrupt("unknown value tag " + tag);
        }
    }


    private void start(byte[] bytes, int offset, int length) {
        in = bytes;
        pos = offset;
        end = offset + length;
    }

    private int u8() throws IOException {
        return in[take(1)] & 0xff;
    }

    /** Claims {@code n} bytes; returns where they start. */
    private int take(int n) throws IOException {
        if (n > end - pos) {
            throw corrupt("runs past its end");
        }
        int at = pos;
        pos += n;
        return at;
    }

    private void skip(int n) throws IOException {
        take(n);
    }

    /** A length or count: {@code WritableUtils.readVInt}, non-negative (as {@link ValueCodec#readCount}). */
    private int count() throws IOException {
        int first = in[take(1)];
        long v;
        if (first >= -112) {
            v = first;
        } else {
            int bytes = first < -120 ? -120 - first : -112 - first;
            v = 0;
            int at = take(bytes);
            for (int i = 0; i < bytes; i++) {
                v = (v << 8) | (in[at + i] & 0xff);
            }
            if (first < -120) {
                v = ~v;
            }
        }
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw corrupt("negative or oversized length " + v);
        }
        return (int) v;
    }

    private static boolean ascii(byte[] b, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean same(byte[] a, int offset, int length, byte[] b) {
        return Arrays.equals(a, offset, offset + length, b, 0, b.length);
    }

    private static IOException corrupt(String why) {
        return new IOException("corrupt AerospikeRecord data: " + why);
    }

    /** The key as {@link AerospikeKey#toString()} has it, for messages (decoded only then). */
    private static String describeKey(byte[] key, int offset, int length) {
        try {
            AerospikeKey k = new AerospikeKey();
            org.apache.hadoop.io.DataInputBuffer b = new org.apache.hadoop.io.DataInputBuffer();
            b.reset(key, offset, length);
            k.readFields(b);
            return k.toString();
        } catch (IOException | RuntimeException e) {
            return "(undecodable: " + e.getMessage() + ")";
        }
    }
}
