package io.aerohadoop.tools;

/**
 * Whole text lines read from a file in one piece ({@link LineBlockInputFormat}): the bytes of
 * one or more lines, each with its line break, the last one's possibly missing at the end of the
 * file. {@link #nextLine} walks them as LineRecordReader splits them: a line ends at LF, CR or
 * CR LF, and the break is not part of it. The array is the reader's and is reused.
 */
public final class LineBlock {
    private byte[] bytes = new byte[0];
    private int length;
    private int position;
    private int lineStart;
    private int lineLength;

    void set(byte[] bytes, int length) {
        this.bytes = bytes;
        this.length = length;
        this.position = 0;
    }

    /** Moves to the next line; false after the last. */
    public boolean nextLine() {
        if (position >= length) {
            return false;
        }
        byte[] b = bytes;
        int end = length;
        int i = position;
        while (i < end && b[i] != '\n' && b[i] != '\r') {
            i++;
        }
        lineStart = position;
        lineLength = i - position;
        if (i < end && b[i] == '\r' && i + 1 < end && b[i + 1] == '\n') {
            i++;
        }
        position = i + 1;
        return true;
    }

    /** The array holding the current line (from {@link #lineStart}). */
    public byte[] bytes() {
        return bytes;
    }

    public int lineStart() {
        return lineStart;
    }

    /** The current line's length, without its break. */
    public int lineLength() {
        return lineLength;
    }
}
