package io.aerohadoop.tools;

import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.io.ByteSink;
import io.aerohadoop.io.NameBytes;
import io.aerohadoop.io.Values;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One datum of the export's Avro schema ({@link AvroRecords#SCHEMA}, binary encoding) straight to
 * one record of the write frame, without Avro's generic objects: the record the object path
 * ({@link AvroRecords#fromAvro}, the target set, the writer's mapping and encoder) produces — bins
 * sorted by name as fromAvro sorts them, user key or digest, set override, generation. The
 * schema's {@code Value} union lists its branches in the order of the frame's tags, so a branch
 * index is the tag. Strings are copied as bytes when they are ASCII and decoded and encoded again
 * otherwise, as the object path does (so invalid UTF-8 ends the same).
 *
 * <p>{@link #transcode} declines (returns false) a datum holding a {@code MapValue} (a Java map
 * keeps one entry per key by equality) or one bin name twice; {@link #skip} then gives the datum's
 * end, for the object path to decode it. Not thread-safe; one per map task.
 */
final class AvroWriteFrame {
    private static final int MAX_U16 = 0xffff;
    private static final int MAX_DEPTH = 256;

    private final String writerSet;
    private final String targetSet;
    private final ByteSink out = new ByteSink(4096);
    /** Each bin's name and value, in file order, before sorting. */
    private final ByteSink values = new ByteSink(4096);
    private final ByteSink userKey = new ByteSink(64);
    private final NameBytes nameBytes = new NameBytes();
    private String[] names = new String[16];
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private int[] order = new int[16];
    private int ttl;

    private byte[] in;
    private int pos;
    private int end;
    private boolean declined;

    AvroWriteFrame(String writerSet, String targetSet) {
        this.writerSet = writerSet;
        this.targetSet = targetSet;
    }

    /** Reads datums from {@code bytes} (a decompressed block) from {@code offset} to {@code limit}. */
    void reset(byte[] bytes, int offset, int limit) {
        in = bytes;
        pos = offset;
        end = limit;
    }

    /** The block being read. */
    byte[] bytes() {
        return in;
    }

    /** Where the next datum starts. */
    int position() {
        return pos;
    }

    /**
     * Transcodes the datum at {@link #position()} into {@link #record()} and {@link #ttl()}, and
     * moves past it.
     *
     * @return false if the datum is for the object path; the position is then where it was
     * @throws IOException if the bytes are no datum of the schema
     */
    boolean transcode() throws IOException {
        int start = pos;
        declined = false;
        try {
            datum(true);
        } catch (IndexOutOfBoundsException e) {
            throw corrupt("runs past the end of its block");
        }
        if (declined) {
            pos = start;
            return false;
        }
        return true;
    }

    /** Moves past the datum at {@link #position()} without transcoding it. */
    void skip() throws IOException {
        try {
            datum(false);
        } catch (IndexOutOfBoundsException e) {
            throw corrupt("runs past the end of its block");
        }
    }

    ByteSink record() {
        return out;
    }

    int ttl() {
        return ttl;
    }

    private void datum(boolean encode) throws IOException {
        skipBytes(length()); // namespace: the writer's is the one written to
        String set = null;
        switch (index(2)) {
            case 1:
                set = string();
                break;
            default:
                break;
        }
        int digestAt = take(AerospikeKey.DIGEST_LENGTH);
        ByteSink k = userKey;
        k.clear();
        int keyBranch = index(4);
        switch (keyBranch) {
            case 1:
                k.write(Values.INT);
                k.writeLongBE(varLong());
                break;
            case 2:
                k.write(Values.STRING);
                stringValue(k);
                break;
            case 3: {
                k.write(Values.BLOB);
                int n = length();
                k.writeIntBE(n);
                k.write(in, take(n), n);
                break;
            }
            default:
                break;
        }
        int generation = varInt();
        int recordTtl = varInt();
        // No record has it (16 bits): the object path decides, naming the key under a generation
        // policy, which the native writer could only do by record number.
        if (!AerospikeRecord.isRecordGeneration(generation)) {
            declined = true;
        }

        // bins: map blocks of (string name, Value)
        ByteSink v = values;
        v.clear();
        int bins = 0;
        long count;
        while ((count = blockCount()) != 0) {
            for (long i = 0; i < count; i++) {
                String name = string();
                if (encode) {
                    for (int j = 0; j < bins; j++) {
                        if (names[j].equals(name)) {
                            declined = true;
                        }
                    }
                    room(bins + 1);
                    names[bins] = name;
                    starts[bins] = v.length();
                }
                value(v, 0, encode);
                if (encode) {
                    ends[bins] = v.length();
                }
                bins++;
            }
        }
        if (!encode || declined) {
            return;
        }
        if (bins > MAX_U16) {
            declined = true;
            return;
        }
        if (targetSet != null && !targetSet.equals(set)) {
            set = targetSet;
        }
        String recordSet = set != null && !set.equals(writerSet) ? set : null;
        ByteSink o = out;
        o.clear();
        boolean hasKey = keyBranch != 0;
        o.write((hasKey ? 1 : 2) | (recordSet != null ? 4 : 0));
        if (recordSet != null) {
            byte[] s = recordSet.getBytes(StandardCharsets.UTF_8);
            if (s.length > MAX_U16) {
                declined = true;
                return;
            }
            o.writeShortBE(s.length);
            o.write(s);
        }
        if (hasKey) {
            o.write(k.array(), 0, k.length());
        } else {
            o.write(in, digestAt, AerospikeKey.DIGEST_LENGTH);
        }
        o.writeIntBE(generation);
        o.writeShortBE(bins);
        // fromAvro sorts the bins by name (String order): an insertion sort, records have few bins.
        for (int i = 0; i < bins; i++) {
            int j = i;
            while (j > 0 && names[order[j - 1]].compareTo(names[i]) > 0) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = i;
        }
        for (int i = 0; i < bins; i++) {
            int b = order[i];
            byte[] name = nameBytes.of(names[b]);
            if (name.length > MAX_U16) {
                declined = true;
                return;
            }
            o.writeShortBE(name.length);
            o.write(name);
            o.write(v.array(), starts[b], ends[b] - starts[b]);
        }
        ttl = recordTtl;
    }

    /** One {@code Value} record: its union branch is the frame's tag. */
    private void value(ByteSink o, int depth, boolean encode) throws IOException {
        if (depth > MAX_DEPTH) {
            throw corrupt("values nested deeper than " + MAX_DEPTH);
        }
        int tag = index(10);
        switch (tag) {
            case Values.NIL:
                o.write(tag);
                return;
            case Values.INT:
                o.write(tag);
                o.writeLongBE(varLong());
                return;
            case Values.FLOAT: {
                int at = take(8);
                long bits = 0;
                for (int i = 7; i >= 0; i--) {
                    bits = (bits << 8) | (in[at + i] & 0xff); // little-endian in Avro
                }
                o.write(tag);
                // The object path's Double: Avro reads it with longBitsToDouble, the encoder writes raw bits.
                o.writeLongBE(Double.doubleToRawLongBits(Double.longBitsToDouble(bits)));
                return;
            }
            case Values.STRING:
            case Values.GEOJSON:
                o.write(tag);
                stringValue(o);
                return;
            case Values.BLOB:
            case Values.HLL: {
                int n = length();
                o.write(tag);
                o.writeIntBE(n);
                o.write(in, take(n), n);
                return;
            }
            case Values.BOOL: {
                int b = in[take(1)];
                o.write(tag);
                o.write(b == 1 ? 1 : 0); // Avro reads any byte but 1 as false
                return;
            }
            case Values.LIST: {
                o.write(tag);
                int at = o.length();
                o.writeIntBE(0);
                long n = 0;
                long count;
                while ((count = blockCount()) != 0) {
                    for (long i = 0; i < count; i++) {
                        value(o, depth + 1, encode);
                    }
                    n += count;
                }
                if (n > Integer.MAX_VALUE) {
                    throw corrupt("a list of " + n + " items");
                }
                o.patchIntBE(at, (int) n);
                return;
            }
            case Values.MAP: {
                declined = true;
                long count;
                while ((count = blockCount()) != 0) {
                    for (long i = 0; i < 2 * count; i++) {
                        value(o, depth + 1, encode);
                    }
                }
                return;
            }
            default:
                throw corrupt("union branch " + tag);
        }
    }

    /** A string as u32 length and the UTF-8 bytes String.getBytes gives for Avro's decoding of it. */
    private void stringValue(ByteSink o) throws IOException {
        int n = length();
        int at = take(n);
        for (int i = at; i < at + n; i++) {
            if (in[i] < 0) {
                byte[] b = new String(in, at, n, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
                o.writeIntBE(b.length);
                o.write(b);
                return;
            }
        }
        o.writeIntBE(n);
        o.write(in, at, n);
    }

    private String string() throws IOException {
        int n = length();
        return new String(in, take(n), n, StandardCharsets.UTF_8);
    }

    private void room(int n) {
        if (names.length < n) {
            int size = Math.max(n, names.length * 2);
            names = java.util.Arrays.copyOf(names, size);
            starts = java.util.Arrays.copyOf(starts, size);
            ends = java.util.Arrays.copyOf(ends, size);
            order = java.util.Arrays.copyOf(order, size);
        }
    }

    /** An array or map block's item count; a negative count is followed by the block's size in bytes. */
    private long blockCount() throws IOException {
        long n = varLong();
        if (n < 0) {
            varLong();
            n = -n;
        }
        return n;
    }

    private int index(int branches) throws IOException {
        long i = varLong();
        if (i < 0 || i >= branches) {
            throw corrupt("union branch " + i);
        }
        return (int) i;
    }

    private int length() throws IOException {
        long n = varLong();
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw corrupt("length " + n);
        }
        return (int) n;
    }

    private int varInt() throws IOException {
        long v = varLong();
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw corrupt("int " + v);
        }
        return (int) v;
    }

    /** Avro's zig-zag varint. */
    private long varLong() throws IOException {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = in[take(1)] & 0xff;
            raw |= (long) (b & 0x7f) << shift;
            if (b < 0x80) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw corrupt("a varint of more than 10 bytes");
    }

    private int take(int n) {
        if (n > end - pos) {
            throw new IndexOutOfBoundsException();
        }
        int at = pos;
        pos += n;
        return at;
    }

    private void skipBytes(int n) {
        take(n);
    }



    private static IOException corrupt(String why) {
        return new IOException("corrupt Avro record: " + why);
    }
}
