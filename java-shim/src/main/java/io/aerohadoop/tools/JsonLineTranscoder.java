package io.aerohadoop.tools;

import io.aerohadoop.AerospikeException;
import io.aerohadoop.internal.NativeExport;
import io.aerohadoop.io.ByteSink;
import io.aerohadoop.io.RecordFrame;

/**
 * Frame records straight to {@link TypedJson} lines, encoded by the native library
 * ({@link NativeExport#jsonLines}; the layout, escapes and tags are in
 * {@code rust-core/src/json_lines.rs}): byte for byte what {@link TypedJson#writeLine} writes
 * through Jackson for the decoded record, except that a float carries the shortest digits that
 * read back as the same double (Java 19's {@code Double.toString}; Java 17's sometimes has one
 * digit more). Unit tests compare the output with TypedJson's for every sample value and every
 * ASCII character, and the floats by the double they read back as.
 *
 * <p>Why native: the JSON export is CPU-bound on a small machine, and the native encoder spends
 * about half the CPU per record of the Java one it replaced (bench/RESULTS.md, "Tools").
 *
 * <p>Not thread-safe; one per output file.
 */
final class JsonLineTranscoder {
    /** A frame not on the heap (the native reader's own buffer) is copied here first. */
    private final RecordFrame heapCopy = new RecordFrame();

    /**
     * Appends one line per record of {@code frame} to {@code out}.
     *
     * @throws AerospikeException if the frame is malformed (nothing is appended then)
     */
    void transcode(RecordFrame frame, ByteSink out) throws AerospikeException {
        RecordFrame f = frame.onHeap() ? frame : heapCopy.copyOf(frame);
        int at = out.length();
        int written = encode(f, out, at);
        if (written < 0) {
            out.ensure(-written);
            written = encode(f, out, at);
            if (written < 0) {
                throw new IllegalStateException("the native JSON encoder asked for " + -written
                        + " bytes after being given " + (out.array().length - at));
            }
        }
        out.advance(written);
    }

    private static int encode(RecordFrame f, ByteSink out, int at) throws AerospikeException {
        return NativeExport.jsonLines(f.recordsArray(), f.recordsOffset(), f.recordsLength(), f.count(), f.namespace(),
                f.nowCitrus(), out.array(), at);
    }
}
