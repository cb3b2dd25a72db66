package io.aerohadoop.io;

import io.aerohadoop.AerospikeException;
import io.aerohadoop.internal.NativeExport;

/**
 * Frame records straight to an export file's bytes, encoded by the native library
 * ({@link NativeExport}) from the frame's bytes, without decoding them into objects:
 *
 * <ul>
 *   <li>{@link #jsonLines}: one typed JSON line per record ({@code rust-core/src/json_lines.rs}),
 *       byte for byte what the tools' {@code TypedJson.writeLine} writes through Jackson for the
 *       decoded record, except that a float carries the shortest digits that read back as the
 *       same double (Java 19's {@code Double.toString}; Java 17's sometimes has one digit more);
 *   <li>{@link #seqRecords}: uncompressed SequenceFile records ({@code rust-core/src/seq_records.rs})
 *       whose key and value are the bytes {@link AerospikeKey#write} and
 *       {@link AerospikeRecord#write} produce for the decoded record;
 *   <li>{@link #avroDatums}: binary datums of the export's Avro schema
 *       ({@code rust-core/src/avro_datums.rs}), byte for byte what Avro's
 *       {@code GenericDatumWriter} writes for the tools' {@code AvroRecords.toAvro} of the
 *       decoded record.
 * </ul>
 *
 * Unit tests compare both with the object encoders for every sample value. Why native: an export
 * is CPU-bound on a small machine, and the native encoders spend a fraction of the CPU per record
 * of the Java transcoders they replaced (bench/RESULTS.md, "Tools").
 *
 * <p>Not thread-safe; one per output file.
 */
public final class NativeFrameEncoder {
    /** A frame not on the heap (the native reader's own buffer) is copied here first. */
    private final RecordFrame heapCopy = new RecordFrame();
    private int[] starts = new int[256];

    /** One encoding call into {@code out} from {@code at}: bytes written, or minus the bytes needed. */
    private interface Encoding {
        int into(byte[] out, int at) throws AerospikeException;
    }

    /**
     * Appends one typed JSON line per record of {@code frame} to {@code out}.
     *
     * @throws AerospikeException with result code -2 if the frame is malformed (nothing is appended)
     */
    public void jsonLines(RecordFrame frame, ByteSink out) throws AerospikeException {
        RecordFrame f = onHeap(frame);
        encode(out, (array, at) -> NativeExport.jsonLines(f.recordsArray(), f.recordsOffset(), f.recordsLength(),
                f.count(), f.namespace(), f.nowCitrus(), array, at));
    }

    /**
     * Appends {@code frame}'s records to {@code out} as an uncompressed SequenceFile holds them:
     * for each, {@code [int record length][int key length][key][value]}, record length being key
     * plus value.
     *
     * @return where each record starts in {@code out}: the first {@code frame.count()} entries,
     *     valid until the next call
     * @throws AerospikeException with result code -2 if the frame is malformed (nothing is appended)
     */
    public int[] seqRecords(RecordFrame frame, ByteSink out) throws AerospikeException {
        return withStarts(frame, out, NativeExport::seqRecords);
    }

    /**
     * Appends {@code frame}'s records to {@code out} as Avro binary datums, one after the other.
     *
     * @return where each datum starts in {@code out} (the next one's start, or {@code out}'s
     *     length for the last, is where it ends): the first {@code frame.count()} entries, valid
     *     until the next call
     * @throws AerospikeException with result code -2 if the frame is malformed, 4 if a user key
     *     is of a type the schema has no branch for (nothing is appended)
     */
    public int[] avroDatums(RecordFrame frame, ByteSink out) throws AerospikeException {
        return withStarts(frame, out, NativeExport::avroDatums);
    }

    /** An encoding that also says where each record starts ({@link NativeExport}'s signature). */
    private interface StartsEncoding {
        int into(byte[] frame, int offset, int length, int count, String namespace, long nowCitrus, byte[] out,
                int outOffset, int[] starts) throws AerospikeException;
    }

    /** Encodes {@code frame} into {@code out}; returns where each record starts in {@code out}. */
    private int[] withStarts(RecordFrame frame, ByteSink out, StartsEncoding encoding) throws AerospikeException {
        RecordFrame f = onHeap(frame);
        int count = f.count();
        if (starts.length < count) {
            starts = new int[Math.max(count, starts.length * 2)];
        }
        int[] s = starts;
        int from = out.length();
        encode(out, (array, at) -> encoding.into(f.recordsArray(), f.recordsOffset(), f.recordsLength(), count,
                f.namespace(), f.nowCitrus(), array, at, s));
        for (int i = 0; i < count; i++) {
            s[i] += from;
        }
        return s;
    }

    private RecordFrame onHeap(RecordFrame frame) {
        return frame.onHeap() ? frame : heapCopy.copyOf(frame);
    }

    /** Encodes into {@code out}, growing it once to the size the native side asks for. */
    private static void encode(ByteSink out, Encoding encoding) throws AerospikeException {
        int at = out.length();
        int written = encoding.into(out.array(), at);
        if (written < 0) {
            out.ensure(-written);
            written = encoding.into(out.array(), at);
            if (written < 0) {
                throw new IllegalStateException("the native encoder asked for " + -written + " bytes after being given "
                        + (out.array().length - at));
            }
        }
        out.advance(written);
    }
}
