package io.aerohadoop.tools;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;

/** How export opens the file each of its tasks writes. */
final class ExportFiles {
    static final String BUFFER_KEY = "io.file.buffer.size";
    /**
     * The least buffer the file system stream is given. Hadoop's default, 4 KiB, makes the local
     * file system write each 4.5 KiB checksummed chunk with its own call, straddling pages: 150 MB
     * took 150 ms that way here, 63 ms with 64 KiB (a million exported records are 96 MB as a
     * SequenceFile, about 150 MB as JSON lines).
     */
    static final int MIN_BUFFER = 1 << 16;

    private ExportFiles() {}

    /** Creates {@code file} (which must not exist) with at least a {@value #MIN_BUFFER}-byte buffer. */
    static FSDataOutputStream create(Configuration conf, Path file) throws IOException {
        int buffer = Math.max(conf.getInt(BUFFER_KEY, MIN_BUFFER), MIN_BUFFER);
        return file.getFileSystem(conf).create(file, false, buffer);
    }
}
