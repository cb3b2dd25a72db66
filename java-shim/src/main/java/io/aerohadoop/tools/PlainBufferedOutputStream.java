package io.aerohadoop.tools;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A buffer in front of a file stream, without locks: {@code SequenceFile.Writer} writes each record
 * as two {@code writeInt}s (four one-byte writes each) and two arrays, and every one of those
 * calls on a Hadoop file stream takes the checksummer's lock; here they are array stores, and the
 * file stream sees one write per {@value #DEFAULT_SIZE} bytes. One thread owns it (export's writer
 * thread), as one thread owns any output stream of a task.
 */
final class PlainBufferedOutputStream extends OutputStream {
    static final int DEFAULT_SIZE = 1 << 16;

    private final OutputStream out;
    private final byte[] buf;
    private int count;

    PlainBufferedOutputStream(OutputStream out, int size) {
        this.out = out;
        this.buf = new byte[size];
    }

    @Override
    public void write(int b) throws IOException {
        if (count == buf.length) {
            drain();
        }
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len >= buf.length) {
            drain();
            out.write(b, off, len);
            return;
        }
        if (len > buf.length - count) {
            drain();
        }
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    private void drain() throws IOException {
        if (count > 0) {
            out.write(buf, 0, count);
            count = 0;
        }
    }

    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            drain();
        } finally {
            out.close();
        }
    }
}
