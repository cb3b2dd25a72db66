package io.aerohadoop.internal;

import io.aerohadoop.AerospikeException;

/**
 * The export's file formats, encoded by the native library from frames of records Java holds.
 *
 * <p>The static native is the JNI contract with {@code rust-core/src/jni/export.rs}; its name and
 * signature must not change without the Rust side. No native object is held: each call encodes
 * one frame and returns.
 */
public final class NativeExport {
    private NativeExport() {}

    /**
     * Encodes the {@code count} records at {@code frame[offset, offset + length)} (a frame's
     * records, after its record count) as JSON lines (the line layout is
     * {@code rust-core/src/json_lines.rs}'s) and copies them into {@code out} from
     * {@code outOffset}.
     *
     * @param nowCitrus the clock TTLs are computed against, in seconds since 2010-01-01T00:00:00Z
     * @return the number of bytes written; if they do not fit, nothing is written and the result
     *     is minus the number of bytes needed
     * @throws AerospikeException with result code -2 (parse error) if the frame is malformed,
     *     naming the record and what is wrong with it
     */
    public static int jsonLines(byte[] frame, int offset, int length, int count, String namespace, long nowCitrus,
            byte[] out, int outOffset) throws AerospikeException {
        NativeLibrary.load();
        return jsonLines0(frame, offset, length, count, namespace, nowCitrus, out, outOffset);
    }

    /**
     * As {@link #jsonLines}, with uncompressed SequenceFile records (the layout is
     * {@code rust-core/src/seq_records.rs}'s): {@code starts[i]} is set to where record {@code i}
     * starts, counted from {@code outOffset}; {@code starts} must hold at least {@code count}.
     */
    public static int seqRecords(byte[] frame, int offset, int length, int count, String namespace, long nowCitrus,
            byte[] out, int outOffset, int[] starts) throws AerospikeException {
        NativeLibrary.load();
        return seqRecords0(frame, offset, length, count, namespace, nowCitrus, out, outOffset, starts);
    }

    /**
     * As {@link #seqRecords}, with the export schema's Avro binary datums (the encoding is
     * {@code rust-core/src/avro_datums.rs}'s): {@code starts[i]} is where datum {@code i} starts.
     *
     * @throws AerospikeException also with result code 4 (parameter error) for a user key of a type
     *     the schema has no branch for
     */
    public static int avroDatums(byte[] frame, int offset, int length, int count, String namespace, long nowCitrus,
            byte[] out, int outOffset, int[] starts) throws AerospikeException {
        NativeLibrary.load();
        return avroDatums0(frame, offset, length, count, namespace, nowCitrus, out, outOffset, starts);
    }

    private static native int jsonLines0(byte[] frame, int offset, int length, int count, String namespace,
            long nowCitrus, byte[] out, int outOffset) throws AerospikeException;

    private static native int seqRecords0(byte[] frame, int offset, int length, int count, String namespace,
            long nowCitrus, byte[] out, int outOffset, int[] starts) throws AerospikeException;

    private static native int avroDatums0(byte[] frame, int offset, int length, int count, String namespace,
            long nowCitrus, byte[] out, int outOffset, int[] starts) throws AerospikeException;
}
