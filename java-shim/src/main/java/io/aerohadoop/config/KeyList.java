package io.aerohadoop.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * The value of {@code aerospike.input.keys}: user keys in base64 of a MessagePack array, so that
 * each key keeps its exact type (the integer 5 and the string "5" are different records). An
 * integer element is an integer key (Long), a str element a string key (String), a bin element a
 * blob key (byte[]); nothing else is a key.
 *
 * <p>Build the value with {@link #encode}: {@code conf.set("aerospike.input.keys",
 * KeyList.encode(Arrays.asList("k17", 42L, new byte[] {1, 2})))}. The native reader decodes the
 * same bytes ({@code rust-core/src/user_key.rs}).
 */
public final class KeyList {
    private KeyList() {}

    /**
     * Encodes keys: {@link Long}, {@link Integer}, {@link Short} or {@link Byte} (integer keys),
     * {@link String} (string keys) and {@code byte[]} (blob keys).
     *
     * @throws IllegalArgumentException naming the first element of another type
     */
    public static String encode(List<?> keys) {
        return Base64.getEncoder().encodeToString(pack(keys));
    }

    /** {@link #encode} before base64: the MessagePack array the native planner takes. */
    public static byte[] pack(List<?> keys) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = keys.size();
        if (n < 16) {
            out.write(0x90 | n);
        } else if (n <= 0xffff) {
            out.write(0xdc);
            writeInt(out, n, 2);
        } else {
            out.write(0xdd);
            writeInt(out, n, 4);
        }
        for (int i = 0; i < n; i++) {
            Object k = keys.get(i);
            if (k instanceof Long || k instanceof Integer || k instanceof Short || k instanceof Byte) {
                out.write(0xd3);
                writeInt(out, ((Number) k).longValue(), 8);
            } else if (k instanceof String) {
                byte[] b = ((String) k).getBytes(StandardCharsets.UTF_8);
                out.write(0xdb);
                writeInt(out, b.length, 4);
                out.write(b, 0, b.length);
            } else if (k instanceof byte[]) {
                byte[] b = (byte[]) k;
                out.write(0xc6);
                writeInt(out, b.length, 4);
                out.write(b, 0, b.length);
            } else {
                throw new IllegalArgumentException("key " + i + " (" + k + ") is "
                        + (k == null ? "null" : "a " + k.getClass().getName())
                        + "; a key is a Long, Integer, Short, Byte, String or byte[]");
            }
        }
        return out.toByteArray();
    }

    private static void writeInt(ByteArrayOutputStream out, long v, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }

    /**
     * Decodes the value of {@code configKey}: the keys as Long, String and byte[], in order.
     *
     * @throws InvalidConfigurationException naming {@code configKey}, the value, and the element at
     *     fault with its position
     */
    public static List<Object> decode(String configKey, String value) throws InvalidConfigurationException {
        byte[] b;
        try {
            b = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw InvalidConfigurationException.invalid(configKey, value,
                    "not base64 (" + e.getMessage() + "); build it with KeyList.encode", e);
        }
        Reader r = new Reader(configKey, value, b);
        long count = r.arrayLength();
        if (count == 0) {
            throw r.bad("the key list is empty");
        }
        if (count > b.length) {
            throw r.bad("an array of " + count + " keys in " + b.length + " bytes");
        }
        List<Object> keys = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            keys.add(r.key(i));
        }
        if (r.pos != b.length) {
            throw r.bad((b.length - r.pos) + " bytes after the array's " + count + " keys");
        }
        return Collections.unmodifiableList(keys);
    }

    private static final class Reader {
        private final String configKey;
        private final String value;
        private final byte[] b;
        private int pos;

        Reader(String configKey, String value, byte[] b) {
            this.configKey = configKey;
            this.value = value;
            this.b = b;
        }

        InvalidConfigurationException bad(String reason) {
            String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
            return InvalidConfigurationException.invalid(configKey, shown,
                    "not a MessagePack array of integer, string and blob keys: " + reason);
        }

        private long uint(int n, String what) throws InvalidConfigurationException {
            if (pos + n > b.length) {
                throw bad(what + " runs past the end at byte " + pos);
            }
            long v = 0;
            for (int i = 0; i < n; i++) {
                v = (v << 8) | (b[pos++] & 0xff);
            }
            return v;
        }

        private byte[] take(long n, String what) throws InvalidConfigurationException {
            if (n > b.length - pos) {
                throw bad(what + " runs past the end at byte " + pos);
            }
            byte[] out = new byte[(int) n];
            System.arraycopy(b, pos, out, 0, (int) n);
            pos += (int) n;
            return out;
        }

        long arrayLength() throws InvalidConfigurationException {
            int m = (int) uint(1, "the array header");
            if (m >= 0x90 && m <= 0x9f) {
                return m & 0x0f;
            }
            if (m == 0xdc) {
                return uint(2, "the array length");
            }
            if (m == 0xdd) {
                return uint(4, "the array length");
            }
            throw bad(String.format("starts with 0x%02x, not an array", m));
        }

        Object key(int i) throws InvalidConfigurationException {
            String what = "key " + i;
            int m = (int) uint(1, what);
            if (m <= 0x7f) {
                return (long) m;
            }
            if (m >= 0xe0) {
                return (long) (byte) m;
            }
            if (m >= 0xcc && m <= 0xcf) {
                int n = 1 << (m - 0xcc);
                long v = uint(n, what);
                if (n == 8 && v < 0) {
                    throw bad(what + ": the integer " + Long.toUnsignedString(v) + " does not fit a 64-bit key");
                }
                return v;
            }
            if (m >= 0xd0 && m <= 0xd3) {
                int n = 1 << (m - 0xd0);
                long v = uint(n, what);
                int shift = 64 - 8 * n;
                return (v << shift) >> shift;
            }
            if ((m >= 0xa0 && m <= 0xbf) || (m >= 0xd9 && m <= 0xdb)) {
                long n = m <= 0xbf ? m & 0x1f : uint(1 << (m - 0xd9), what);
                byte[] text = take(n, what);
                try {
                    return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .decode(java.nio.ByteBuffer.wrap(text)).toString();
                } catch (CharacterCodingException e) {
                    throw bad(what + ": a string that is not UTF-8");
                }
            }
            if (m >= 0xc4 && m <= 0xc6) {
                return take(uint(1 << (m - 0xc4), what), what);
            }
            throw bad(String.format("%s: MessagePack type 0x%02x; a key is an integer, a string or a blob", what, m));
        }
    }
}
