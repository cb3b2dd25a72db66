package io.aerohadoop.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array that transcoders append an output format's bytes to, then hand on whole
 * (one stream write per frame, or one raw append per record). Only the encodings every format
 * shares are here: raw bytes, big-endian integers, ASCII text; format-specific ones (Hadoop vints,
 * Avro varints, JSON escapes) live with their transcoders.
 *
 * <p>Not thread-safe; reused from record to record ({@link #clear()}).
 */
public final class ByteSink {
    private static final byte[] LONG_MIN = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int len;

    public ByteSink(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    /** Room for {@code n} more bytes. */
    public void ensure(int n) {
        if (buf.length - len < n) {
            long want = Math.max((long) buf.length * 2, (long) len + n);
            if (want > Integer.MAX_VALUE - 8) {
                throw new OutOfMemoryError("a record of more than 2 GiB in one output format buffer");
            }
            buf = Arrays.copyOf(buf, (int) want);
        }
    }

    /** The backing array; valid up to {@link #length()} until the next append. */
    public byte[] array() {
        return buf;
    }

    public int length() {
        return len;
    }

    /** Counts {@code n} bytes written into {@link #array()} directly (after {@link #ensure}). */
    public void advance(int n) {
        len += n;
    }

    /** Cuts back to {@code length} bytes (undoes appends after a mark). */
    public void truncate(int length) {
        len = length;
    }

    /** Drops the first {@code n} bytes (handed on already), keeping the rest at the start. */
    public void discardFirst(int n) {
        System.arraycopy(buf, n, buf, 0, len - n);
        len -= n;
    }

    public void clear() {
        len = 0;
    }

    public void write(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    public void write(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    public void writeShortBE(int v) {
        ensure(2);
        buf[len] = (byte) (v >>> 8);
        buf[len + 1] = (byte) v;
        len += 2;
    }

    public void writeIntBE(int v) {
        ensure(4);
        buf[len] = (byte) (v >>> 24);
        buf[len + 1] = (byte) (v >>> 16);
        buf[len + 2] = (byte) (v >>> 8);
        buf[len + 3] = (byte) v;
        len += 4;
    }

    /** Overwrites the four bytes at {@code at} (a length written before its content was known). */
    public void patchIntBE(int at, int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    public void writeLongBE(long v) {
        writeIntBE((int) (v >>> 32));
        writeIntBE((int) v);
    }

    /** Text known to be ASCII (names of fields, numbers), one byte per char. */
    public void writeAscii(CharSequence s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len + i] = (byte) s.charAt(i);
        }
        len += n;
    }

    /** {@code v} in decimal, as {@link Long#toString(long)} writes it, without a String. */
    public void writeDecimal(long v) {
        if (v == Long.MIN_VALUE) {
            write(LONG_MIN);
            return;
        }
        ensure(20);
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int end = len + digits;
        for (int i = end - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        len = end;
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
    }
}
