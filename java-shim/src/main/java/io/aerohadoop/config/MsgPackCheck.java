package io.aerohadoop.config;

/**
 * Checks that bytes hold exactly one well-formed MessagePack value: the shape of a filter
 * expression as {@code Expression.getBase64()} encodes it. Catches a truncated or mangled
 * {@code aerospike.input.filter.exp} when the job is submitted instead of in every task; whether the
 * expression makes sense is the server's to judge.
 */
final class MsgPackCheck {
    private MsgPackCheck() {}

    /**
     * @return null if {@code b} is one complete MessagePack value, else why not
     */
    static String problem(byte[] b) {
        if (b.length == 0) {
            return "the expression is empty";
        }
        int pos = 0;
        // Values still to read; containers add their elements. Iterative, so nesting depth cannot
        // overflow the stack.
        long pending = 1;
        while (pending > 0) {
            if (pos >= b.length) {
                return "truncated: " + pending + " value(s) missing after byte " + b.length;
            }
            int tag = b[pos++] & 0xff;
            pending--;
            long skip;
            long children = 0;
            if (tag <= 0x7f || tag >= 0xe0 || tag == 0xc0 || tag == 0xc2 || tag == 0xc3) {
                skip = 0;
            } else if (tag <= 0x8f) {
                children = 2L * (tag & 0x0f);
                skip = 0;
            } else if (tag <= 0x9f) {
                children = tag & 0x0f;
                skip = 0;
            } else if (tag <= 0xbf) {
                skip = tag & 0x1f;
            } else {
                switch (tag) {
                    case 0xc4: case 0xd9: skip = unsigned(b, pos, 1); pos += 1; break;
                    case 0xc5: case 0xda: skip = unsigned(b, pos, 2); pos += 2; break;
                    case 0xc6: case 0xdb: skip = unsigned(b, pos, 4); pos += 4; break;
                    case 0xc7: skip = unsigned(b, pos, 1) + 1; pos += 1; break;
                    case 0xc8: skip = unsigned(b, pos, 2) + 1; pos += 2; break;
                    case 0xc9: skip = unsigned(b, pos, 4) + 1; pos += 4; break;
                    case 0xca: skip = 4; break;
                    case 0xcb: skip = 8; break;
                    case 0xcc: case 0xd0: skip = 1; break;
                    case 0xcd: case 0xd1: skip = 2; break;
                    case 0xce: case 0xd2: skip = 4; break;
                    case 0xcf: case 0xd3: skip = 8; break;
                    case 0xd4: skip = 2; break;
                    case 0xd5: skip = 3; break;
                    case 0xd6: skip = 5; break;
                    case 0xd7: skip = 9; break;
                    case 0xd8: skip = 17; break;
                    case 0xdc: children = unsigned(b, pos, 2); pos += 2; skip = 0; break;
                    case 0xdd: children = unsigned(b, pos, 4); pos += 4; skip = 0; break;
                    case 0xde: children = 2 * unsigned(b, pos, 2); pos += 2; skip = 0; break;
                    case 0xdf: children = 2 * unsigned(b, pos, 4); pos += 4; skip = 0; break;
                    default: return String.format("byte %d is 0x%02x, which starts no MessagePack value", pos - 1, tag);
                }
                if (pos > b.length) {
                    return "truncated inside the header at byte " + (pos - 1);
                }
            }
            // Every element takes at least one byte: more than the bytes left means corruption.
            if (children > b.length - pos || skip > b.length - pos) {
                return "truncated: a value at byte " + (pos - 1) + " runs past the end (" + b.length + " bytes)";
            }
            pos += (int) skip;
            pending += children;
        }
        if (pos != b.length) {
            return (b.length - pos) + " byte(s) after the end of the expression";
        }
        return null;
    }

    private static long unsigned(byte[] b, int pos, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (pos + i < b.length ? b[pos + i] & 0xff : 0);
        }
        return v;
    }
}
