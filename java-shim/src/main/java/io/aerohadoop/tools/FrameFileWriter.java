package io.aerohadoop.tools;

import io.aerohadoop.io.RecordFrame;
import java.io.Closeable;
import java.io.IOException;

/** Writes frames of records into one export file, each record transcoded into the file's format. */
interface FrameFileWriter extends Closeable {
    /** Appends every record of {@code frame}; the frame may be reused once this returns. */
    void write(RecordFrame frame) throws IOException;
}
