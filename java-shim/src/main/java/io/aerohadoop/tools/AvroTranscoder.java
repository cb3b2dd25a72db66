package io.aerohadoop.tools;

import io.aerohadoop.AerospikeException;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.ByteSink;
import io.aerohadoop.io.FrameCursor;
import io.aerohadoop.io.RecordFrame;
import io.aerohadoop.io.Values;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Frame records straight to Avro binary datums of {@link AvroRecords#SCHEMA} (for
 * {@code DataFileWriter.appendEncoded}), byte for byte what {@code GenericDatumWriter} writes for
 * {@link AvroRecords#toAvro} of the decoded record, without building the generic records: fields
 * in schema order, union branches by their index in {@code aerospike-record.avsc}, longs and ints
 * as zig-zag varints, strings and bytes length-prefixed, doubles little-endian, maps and arrays as
 * one block of {@code count} items then 0 (just 0 when empty). Unit tests compare the output with
 * Avro's own for every sample value.
 *
 * <p>Not thread-safe; one per output file.
 */
final class AvroTranscoder {
    // Branches of the "key" union: ["null", "long", "string", "bytes"].
    private static final int KEY_NULL = 0;
    private static final int KEY_LONG = 1;
    private static final int KEY_STRING = 2;
    private static final int KEY_BYTES = 3;
    // Branches of Value.value: null, long, double, string, bytes, boolean, ListValue, MapValue,
    // GeoJSON, HyperLogLog.
    private static final int V_NULL = 0;
    private static final int V_LONG = 1;
    private static final int V_DOUBLE = 2;
    private static final int V_STRING = 3;
    private static final int V_BYTES = 4;
    private static final int V_BOOLEAN = 5;
    private static final int V_LIST = 6;
    private static final int V_MAP = 7;
    private static final int V_GEOJSON = 8;
    private static final int V_HLL = 9;

    private final FrameCursor cursor = new FrameCursor();
    private final ByteSink datum = new ByteSink(4096);
    private byte[] namespace = new byte[0];
    private String namespaceName;

    /** Starts on the first record of {@code frame}. */
    void reset(RecordFrame frame) {
        cursor.reset(frame);
        if (!frame.namespace().equals(namespaceName)) {
            namespaceName = frame.namespace();
            namespace = namespaceName.getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * Transcodes the next record into {@link #datum()} (refilled).
     *
     * @return false after the last record of the frame
     * @throws IOException if the frame is malformed ({@link AerospikeException}), or a user key is of a type the schema
     *     has no branch for (the server stores integer, string and blob keys only)
     */
    boolean next() throws IOException {
        FrameCursor c = cursor;
        ByteSink out = datum;
        try {
            if (!c.nextRecord()) {
                return false;
            }
            out.clear();
            writeLong(out, namespace.length);
            out.write(namespace);
            // Union branches are zig-zag ints too: set's ["null", "string"] is 0 or 2.
            if (c.hasSet()) {
                out.write(1 << 1);
                writeLong(out, c.setLength());
                c.copy(c.setOffset(), c.setLength(), out);
            } else {
                out.write(0);
            }
            c.copy(c.digestOffset(), AerospikeKey.DIGEST_LENGTH, out);
            if (c.hasUserKey()) {
                userKey(c, out);
            } else {
                writeLong(out, KEY_NULL);
            }
            writeLong(out, c.generation());
            writeLong(out, c.ttl());
            int bins = c.u16();
            if (bins > 0) {
                writeLong(out, bins);
                for (int i = 0; i < bins; i++) {
                    int len = c.u16();
                    writeLong(out, len);
                    c.copy(c.take(len), len, out);
                    value(c, out, 0);
                }
            }
            writeLong(out, 0);
            return true;
        } catch (IndexOutOfBoundsException e) {
            throw c.corrupt("record runs past the end of the frame");
        }
    }

    /** The datum of the record {@link #next()} read. */
    ByteSink datum() {
        return datum;
    }

    private static void userKey(FrameCursor c, ByteSink out) throws IOException {
        int tag = c.u8();
        switch (tag) {
            case Values.NIL:
                writeLong(out, KEY_NULL);
                return;
            case Values.INT:
                writeLong(out, KEY_LONG);
                writeLong(out, c.i64());
                return;
            case Values.STRING:
                writeLong(out, KEY_STRING);
                bytes(c, out, "string length");
                return;
            case Values.BLOB:
                writeLong(out, KEY_BYTES);
                bytes(c, out, "blob length");
                return;
            default:
                throw new IOException("a user key of type " + Values.tagName(tag)
                        + " has no branch in the export schema (integer, string or blob)");
        }
    }

    /** One {@code Value} record: its union branch, then the branch's encoding. */
    private static void value(FrameCursor c, ByteSink out, int depth) throws AerospikeException {
        if (depth > FrameCursor.MAX_DEPTH) {
            throw c.corrupt("values nested deeper than " + FrameCursor.MAX_DEPTH);
        }
        int tag = c.u8();
        switch (tag) {
            case Values.NIL:
                out.write(V_NULL << 1);
                return;
            case Values.INT:
                out.write(V_LONG << 1);
                writeLong(out, c.i64());
                return;
            case Values.FLOAT: {
                out.write(V_DOUBLE << 1);
                long bits = c.i64();
                out.ensure(8);
                for (int i = 0; i < 8; i++) {
                    out.write((int) (bits >>> (8 * i)));
                }
                return;
            }
            case Values.STRING:
                out.write(V_STRING << 1);
                bytes(c, out, "string length");
                return;
            case Values.BLOB:
                out.write(V_BYTES << 1);
                bytes(c, out, "blob length");
                return;
            case Values.BOOL: {
                int b = c.u8();
                if (b > 1) {
                    throw c.corrupt("boolean byte " + b);
                }
                out.write(V_BOOLEAN << 1);
                out.write(b);
                return;
            }
            case Values.GEOJSON:
                out.write(V_GEOJSON << 1);
                bytes(c, out, "geojson length");
                return;
            case Values.HLL:
                out.write(V_HLL << 1);
                bytes(c, out, "hll length");
                return;
            case Values.LIST: {
                int n = c.count(1, "list size");
                out.write(V_LIST << 1);
                if (n > 0) {
                    writeLong(out, n);
                    for (int i = 0; i < n; i++) {
                        value(c, out, depth + 1);
                    }
                }
                writeLong(out, 0);
                return;
            }
            case Values.MAP: {
                int n = c.count(2, "map size");
                out.write(V_MAP << 1);
                if (n > 0) {
                    writeLong(out, n);
                    // MapEntry {Value key; Value value}: the two values, one after the other.
                    for (int i = 0; i < 2 * n; i++) {
                        value(c, out, depth + 1);
                    }
                }
                writeLong(out, 0);
                return;
            }
            default:
                throw c.unknownTag(tag);
        }
    }

    /** A u32-length frame field as Avro bytes/string: varint length, then the bytes. */
    private static void bytes(FrameCursor c, ByteSink out, String what) throws AerospikeException {
        int len = c.count(1, what);
        writeLong(out, len);
        c.copy(c.take(len), len, out);
    }

    /** Avro's long (and int) encoding: zig-zag, then 7 bits a byte, low first. */
    static void writeLong(ByteSink out, long v) {
        long n = (v << 1) ^ (v >> 63);
        out.ensure(10);
        while ((n & ~0x7FL) != 0) {
            out.write((int) ((n & 0x7f) | 0x80));
            n >>>= 7;
        }
        out.write((int) n);
    }
}
