package io.aerohadoop.io;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.io.Text;

/**
 * Writes a record's bins as one JSON object, straight to UTF-8 bytes in a reused buffer: the
 * {@code aerospike.input.value.format=json} value.
 *
 * <p>Mapping (also in {@code docs/types.md}): integer and float as numbers (NaN and ±infinity, which
 * JSON has no numbers for, as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"});
 * string as a string; blob and HLL as base64 strings; boolean as {@code true}/{@code false}; nil as
 * {@code null}; list as an array; map as an object whose keys are written as strings (integer keys
 * in decimal, blob keys in base64); GeoJSON as a string holding the GeoJSON text.
 *
 * <p>Written here rather than taken from Jackson: which Jackson a Hadoop, Hive or Pig classpath
 * carries varies, and escaping JSON is small enough to own.
 */
public final class JsonEncoder {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf = new byte[512];
    private int len;

    /** Encodes {@code bins} as a JSON object into {@code out}. */
    public void encode(Map<String, ?> bins, Text out) {
        len = 0;
        writeMap(bins);
        out.set(buf, 0, len);
    }

    /** Encodes {@code bins} as a JSON object and returns it as a String. */
    public String toJson(Map<String, ?> bins) {
        len = 0;
        writeMap(bins);
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }

    private void writeValue(Object v) {
        if (v == null) {
            ascii("null");
        } else if (v instanceof String) {
            string((String) v);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            ascii(v.toString());
        } else if (v instanceof Double) {
            number((Double) v);
        } else if (v instanceof Float) {
            float f = (Float) v;
            if (Float.isNaN(f) || Float.isInfinite(f)) {
                number((double) f);
            } else {
                ascii(Float.toString(f));
            }
        } else if (v instanceof Boolean) {
            ascii((Boolean) v ? "true" : "false");
        } else if (v instanceof byte[]) {
            base64((byte[]) v);
        } else if (v instanceof List) {
            put('[');
            boolean first = true;
            for (Object e : (List<?>) v) {
                if (!first) {
                    put(',');
                }
                first = false;
                writeValue(e);
            }
            put(']');
        } else if (v instanceof Map) {
            writeMap((Map<?, ?>) v);
        } else if (v instanceof GeoJson) {
            string(((GeoJson) v).json());
        } else if (v instanceof HyperLogLog) {
            base64(((HyperLogLog) v).bytes());
        } else {
            // Values.tagOf names the accepted types in its message.
            Values.tagOf(v);
        }
    }

    private void writeMap(Map<?, ?> map) {
        put('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!first) {
                put(',');
            }
            first = false;
            key(e.getKey());
            put(':');
            writeValue(e.getValue());
        }
        put('}');
    }

    /** JSON object keys are strings: scalars by their text, blobs in base64. */
    private void key(Object k) {
        if (k instanceof String) {
            string((String) k);
        } else if (k instanceof byte[]) {
            base64((byte[]) k);
        } else if (k instanceof HyperLogLog) {
            base64(((HyperLogLog) k).bytes());
        } else if (k instanceof GeoJson) {
            string(((GeoJson) k).json());
        } else if (k instanceof Double && (((Double) k).isNaN() || ((Double) k).isInfinite())) {
            number((Double) k);
        } else if (k == null || k instanceof Number || k instanceof Boolean) {
            string(String.valueOf(k));
        } else {
            string(Values.toString(k));
        }
    }

    private void number(double d) {
        if (Double.isNaN(d)) {
            ascii("\"NaN\"");
        } else if (Double.isInfinite(d)) {
            ascii(d > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        } else {
            // Double.toString is valid JSON number syntax (1.0E10, -0.0, 4.9E-324) and round-trips.
            ascii(Double.toString(d));
        }
    }

    private void base64(byte[] b) {
        put('"');
        ascii(Base64.getEncoder().encodeToString(b));
        put('"');
    }

    /** A JSON string: quotes, backslash and control characters escaped, the rest as UTF-8. */
    private void string(String s) {
        put('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80) {
                if (c == '"' || c == '\\') {
                    put('\\');
                }
                put(c);
            } else if (c < 0x20) {
                switch (c) {
                    case '\n': put('\\'); put('n'); break;
                    case '\r': put('\\'); put('r'); break;
                    case '\t': put('\\'); put('t'); break;
                    case '\b': put('\\'); put('b'); break;
                    case '\f': put('\\'); put('f'); break;
                    default: unicodeEscape(c);
                }
            } else if (c < 0x800) {
                put(0xc0 | (c >> 6));
                put(0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                put(0xf0 | (cp >> 18));
                put(0x80 | ((cp >> 12) & 0x3f));
                put(0x80 | ((cp >> 6) & 0x3f));
                put(0x80 | (cp & 0x3f));
            } else if (Character.isSurrogate(c)) {
                // A lone surrogate has no UTF-8 form; the escape keeps the text valid JSON.
                unicodeEscape(c);
            } else {
                put(0xe0 | (c >> 12));
                put(0x80 | ((c >> 6) & 0x3f));
                put(0x80 | (c & 0x3f));
            }
        }
        put('"');
    }

    private void unicodeEscape(char c) {
        put('\\');
        put('u');
        put(HEX[(c >> 12) & 0xf]);
        put(HEX[(c >> 8) & 0xf]);
        put(HEX[(c >> 4) & 0xf]);
        put(HEX[c & 0xf]);
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void put(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
