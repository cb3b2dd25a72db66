package io.aerohadoop.tools;

import io.aerohadoop.AerospikeException;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.ByteSink;
import io.aerohadoop.io.FrameCursor;
import io.aerohadoop.io.RecordFrame;
import io.aerohadoop.io.Values;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Frame records straight to {@link TypedJson} lines, byte for byte what {@link TypedJson#writeLine}
 * writes through Jackson for the decoded record, without decoding it: strings are copied as the
 * frame's UTF-8 with Jackson's escapes ({@code \"}, {@code \\}, {@code \b \t \n \f \r}, other
 * controls as a backslash, {@code u00} and two upper-case hex digits), integers written in decimal, floats through
 * {@link Double#toString(double)} as TypedJson does, blobs and digests in base64, the tagged
 * objects ({@code $blob}, {@code $float}, {@code $map}, ...) as TypedJson chooses them. Unit tests
 * compare the output with TypedJson's for every sample value and every ASCII character.
 *
 * <p>Not thread-safe; one per output file.
 */
final class JsonLineTranscoder {
    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** Per ASCII byte: 0 copy as is, -1 backslash-u00XX, else the letter after a backslash. */
    private static final byte[] ESCAPES = new byte[128];

    static {
        for (int i = 0; i < 0x20; i++) {
            ESCAPES[i] = -1;
        }
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
    }

    private static final byte[] NAMESPACE = ascii("{\"namespace\":");
    private static final byte[] SET = ascii(",\"set\":");
    private static final byte[] DIGEST = ascii(",\"digest\":\"");
    private static final byte[] KEY = ascii(",\"key\":");
    private static final byte[] GENERATION = ascii(",\"generation\":");
    private static final byte[] TTL = ascii(",\"ttl\":");
    private static final byte[] BINS = ascii(",\"bins\":{");
    private static final byte[] NULL = ascii("null");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] TAG_BLOB = ascii("{\"" + TypedJson.BLOB + "\":\"");
    private static final byte[] TAG_GEOJSON = ascii("{\"" + TypedJson.GEOJSON + "\":");
    private static final byte[] TAG_HLL = ascii("{\"" + TypedJson.HLL + "\":\"");
    private static final byte[] TAG_FLOAT = ascii("{\"" + TypedJson.FLOAT + "\":\"");
    private static final byte[] TAG_MAP = ascii("{\"" + TypedJson.MAP + "\":[");

    private final FrameCursor cursor = new FrameCursor();
    private byte[] scratch = new byte[64];
    /** A digest's bytes, base64 encoded from here. */
    private final byte[] digest = new byte[AerospikeKey.DIGEST_LENGTH];
    private String startNamespace;
    private byte[] start;
    /** Doubles are formatted into it: the digits of Double.toString, without a String per value. */
    private final StringBuilder number = new StringBuilder(32);

    /**
     * Appends one line per record of {@code frame} to {@code out}.
     *
     * @throws AerospikeException if the frame is malformed
     */
    void transcode(RecordFrame frame, ByteSink out) throws AerospikeException {
        FrameCursor c = cursor;
        c.reset(frame);
        byte[] start = lineStart(frame.namespace());
        try {
            while (c.nextRecord()) {
                out.write(start);
                if (c.hasSet()) {
                    out.write(SET);
                    frameString(c, c.setOffset(), c.setLength(), out);
                }
                out.write(DIGEST);
                base64(c, c.digestOffset(), AerospikeKey.DIGEST_LENGTH, out);
                out.write('"');
                // A key flagged but nil is no key to TypedJson (userKey() == null).
                if (c.hasUserKey() && c.peek(c.position()) != Values.NIL) {
                    out.write(KEY);
                    value(c, out, 0);
                } else if (c.hasUserKey()) {
                    c.skip(1);
                }
                out.write(GENERATION);
                out.writeDecimal(c.generation());
                out.write(TTL);
                out.writeDecimal(c.ttl());
                out.write(BINS);
                int bins = c.u16();
                for (int i = 0; i < bins; i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    int len = c.u16();
                    frameString(c, c.take(len), len, out);
                    out.write(':');
                    value(c, out, 0);
                }
                out.write('}');
                out.write('}');
                out.write('\n');
            }
        } catch (IndexOutOfBoundsException e) {
            throw c.corrupt("record runs past the end of the frame");
        }
    }

    /** {@code {"namespace":"<ns>"}, escaped: the same for every line of a frame, built once per namespace. */
    private byte[] lineStart(String namespace) {
        if (!namespace.equals(startNamespace)) {
            byte[] ns = namespace.getBytes(StandardCharsets.UTF_8);
            ByteSink s = new ByteSink(NAMESPACE.length + ns.length + 2);
            s.write(NAMESPACE);
            string(ns, 0, ns.length, s);
            start = Arrays.copyOf(s.array(), s.length());
            startNamespace = namespace;
        }
        return start;
    }

    private void value(FrameCursor c, ByteSink out, int depth) throws AerospikeException {
        if (depth > FrameCursor.MAX_DEPTH) {
            throw c.corrupt("values nested deeper than " + FrameCursor.MAX_DEPTH);
        }
        int tag = c.u8();
        switch (tag) {
            case Values.NIL:
                out.write(NULL);
                return;
            case Values.INT:
                out.writeDecimal(c.i64());
                return;
            case Values.FLOAT: {
                double d = Double.longBitsToDouble(c.i64());
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    out.write(TAG_FLOAT);
                    out.writeAscii(Double.toString(d));
                    out.write('"');
                    out.write('}');
                } else {
                    // As TypedJson: Double.toString always has a '.' or an 'E', so it reads back as a
                    // float. StringBuilder.append(double) writes the same characters.
                    number.setLength(0);
                    out.writeAscii(number.append(d));
                }
                return;
            }
            case Values.STRING: {
                int len = c.count(1, "string length");
                frameString(c, c.take(len), len, out);
                return;
            }
            case Values.BLOB:
                tagged64(c, TAG_BLOB, out, "blob length");
                return;
            case Values.HLL:
                tagged64(c, TAG_HLL, out, "hll length");
                return;
            case Values.GEOJSON: {
                int len = c.count(1, "geojson length");
                out.write(TAG_GEOJSON);
                frameString(c, c.take(len), len, out);
                out.write('}');
                return;
            }
            case Values.BOOL: {
                int b = c.u8();
                if (b > 1) {
                    throw c.corrupt("boolean byte " + b);
                }
                out.write(b == 1 ? TRUE : FALSE);
                return;
            }
            case Values.LIST: {
                int n = c.count(1, "list size");
                out.write('[');
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    value(c, out, depth + 1);
                }
                out.write(']');
                return;
            }
            case Values.MAP:
                map(c, out, depth);
                return;
            default:
                throw c.unknownTag(tag);
        }
    }

    /**
     * A map as TypedJson writes it: an object when every key is a string and the first does not
     * start with '$' (it would read back as a tag), else {@code {"$map":[[k,v],...]}}. The keys are
     * looked at first, then the entries written.
     */
    private void map(FrameCursor c, ByteSink out, int depth) throws AerospikeException {
        int n = c.count(2, "map size");
        int entries = c.position();
        boolean plain = true;
        for (int i = 0; i < n && plain; i++) {
            int tag = c.peek(c.position());
            if (tag != Values.STRING) {
                plain = false;
            } else if (i == 0) {
                c.skip(1);
                int len = c.count(1, "string length");
                plain = len == 0 || c.peek(c.position()) != '$';
                c.skip(len);
                c.skipValue(depth + 1);
            } else {
                c.skipValue(depth + 1);
                c.skipValue(depth + 1);
            }
        }
        c.position(entries);
        if (plain) {
            out.write('{');
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    out.write(',');
                }
                c.skip(1);
                int len = c.count(1, "string length");
                frameString(c, c.take(len), len, out);
                out.write(':');
                value(c, out, depth + 1);
            }
            out.write('}');
            return;
        }
        out.write(TAG_MAP);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write('[');
            value(c, out, depth + 1);
            out.write(',');
            value(c, out, depth + 1);
            out.write(']');
        }
        out.write(']');
        out.write('}');
    }

    private void tagged64(FrameCursor c, byte[] tag, ByteSink out, String what) throws AerospikeException {
        int len = c.count(1, what);
        out.write(tag);
        base64(c, c.take(len), len, out);
        out.write('"');
        out.write('}');
    }

    /** The frame's UTF-8 bytes at {@code offset} as a quoted, escaped JSON string. */
    private void frameString(FrameCursor c, int offset, int len, ByteSink out) {
        // Copy, then check: most strings need no escape and stay where they were copied.
        out.write('"');
        int start = out.length();
        c.copy(offset, len, out);
        byte[] a = out.array();
        for (int i = start; i < start + len; i++) {
            int b = a[i];
            if (b >= 0 && ESCAPES[b] != 0) {
                byte[] copy = scratch(len);
                System.arraycopy(a, start, copy, 0, len);
                out.truncate(start);
                escaped(copy, 0, len, out);
                break;
            }
        }
        out.write('"');
    }

    /** {@code bytes} (UTF-8) as a quoted, escaped JSON string. */
    private static void string(byte[] bytes, int off, int len, ByteSink out) {
        out.write('"');
        escaped(bytes, off, len, out);
        out.write('"');
    }

    private static void escaped(byte[] bytes, int off, int len, ByteSink out) {
        for (int i = off; i < off + len; i++) {
            int b = bytes[i];
            if (b < 0 || ESCAPES[b] == 0) {
                out.write(b);
            } else if (ESCAPES[b] > 0) {
                out.write('\\');
                out.write(ESCAPES[b]);
            } else {
                out.write('\\');
                out.write('u');
                out.write('0');
                out.write('0');
                out.write(HEX[b >> 4]);
                out.write(HEX[b & 0xf]);
            }
        }
    }

    /** Frame bytes in standard base64 with padding ({@code Base64.getEncoder()}). */
    private void base64(FrameCursor c, int offset, int len, ByteSink out) {
        byte[] src = len == digest.length ? digest : new byte[len];
        c.copy(offset, src, len);
        byte[] dst = scratch((len + 2) / 3 * 4);
        out.write(dst, 0, BASE64.encode(src, dst));
    }

    private byte[] scratch(int len) {
        if (scratch.length < len) {
            scratch = new byte[Math.max(len, scratch.length * 2)];
        }
        return scratch;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
