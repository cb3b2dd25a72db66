package io.aerohadoop.filter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Packs a {@link Filter} into the MessagePack form of an Aerospike filter expression, byte for byte
 * what the Aerospike Java client's {@code Exp.build(...).getBase64()} prints for the same expression
 * (checked by {@code FilterPackerTest} against client 9.2), so {@code aerospike.input.filter.exp}
 * takes it as it takes the client's. Written here rather than shipping the client (several MB and
 * its own dependencies) in the connector jar for a few dozen bytes of encoding.
 */
public final class FilterPacker {
    // Op codes of the expression wire format (the client's Exp constants).
    private static final int AND = 16;
    private static final int OR = 17;
    private static final int NOT = 18;
    private static final int TTL = 69;
    private static final int KEY_EXISTS = 71;
    private static final int KEY = 80;
    private static final int BIN = 81;
    private static final int BIN_TYPE = 82;

    // Particle types prefixed to string and blob constants inside expressions.
    private static final int PARTICLE_STRING = 3;
    private static final int PARTICLE_BLOB = 4;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private FilterPacker() {}

    public static byte[] pack(Filter f) {
        FilterPacker p = new FilterPacker();
        p.filter(f);
        return p.out.toByteArray();
    }

    public static String base64(Filter f) {
        return Base64.getEncoder().encodeToString(pack(f));
    }

    /**
     * Both base64 filter expressions must hold ({@code [AND, a, b]}); either may be null or empty.
     * One that is not base64 is returned as it is, so the reader's configuration check refuses it
     * naming {@code aerospike.input.filter.exp} rather than the other part being sent without it.
     */
    public static String and(String a, String b) {
        if (a == null || a.trim().isEmpty()) {
            return b;
        } else if (b == null || b.trim().isEmpty()) {
            return a;
        }
        byte[] left;
        byte[] right;
        try {
            left = Base64.getDecoder().decode(a.trim());
        } catch (IllegalArgumentException e) {
            return a;
        }
        try {
            right = Base64.getDecoder().decode(b.trim());
        } catch (IllegalArgumentException e) {
            return b;
        }
        FilterPacker p = new FilterPacker();
        p.arrayHeader(3);
        p.integer(AND);
        p.out.write(left, 0, left.length);
        p.out.write(right, 0, right.length);
        return Base64.getEncoder().encodeToString(p.out.toByteArray());
    }

    private void filter(Filter f) {
        if (f instanceof Filter.Compare) {
            Filter.Compare c = (Filter.Compare) f;
            arrayHeader(3);
            integer(c.op.code);
            operand(c.operand);
            literal(c.literal);
        } else if (f instanceof Filter.Exists) {
            Filter.Operand o = ((Filter.Exists) f).operand;
            if (o.kind == Filter.Operand.Kind.KEY) {
                arrayHeader(1);
                integer(KEY_EXISTS);
            } else {
                // Exp.binExists(name): binType(name) != 0 (a missing bin has type NULL).
                arrayHeader(3);
                integer(Filter.Op.NE.code);
                arrayHeader(2);
                integer(BIN_TYPE);
                string(o.bin);
                integer(0);
            }
        } else if (f instanceof Filter.Junction) {
            Filter.Junction j = (Filter.Junction) f;
            arrayHeader(1 + j.parts.size());
            integer(j.and ? AND : OR);
            for (Filter part : j.parts) {
                filter(part);
            }
        } else if (f instanceof Filter.Not) {
            arrayHeader(2);
            integer(NOT);
            filter(((Filter.Not) f).part);
        } else {
            throw new IllegalArgumentException("not a filter: " + f);
        }
    }

    private void operand(Filter.Operand o) {
        switch (o.kind) {
            case BIN:
                arrayHeader(3);
                integer(BIN);
                integer(o.type);
                string(o.bin);
                return;
            case KEY:
                arrayHeader(2);
                integer(KEY);
                integer(o.type);
                return;
            case BIN_TYPE:
                arrayHeader(2);
                integer(BIN_TYPE);
                string(o.bin);
                return;
            default:
                arrayHeader(1);
                integer(TTL);
        }
    }

    private void literal(Object v) {
        if (v instanceof Long) {
            integer((Long) v);
        } else if (v instanceof Double) {
            out.write(0xcb);
            long bits = Double.doubleToLongBits((Double) v);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (bits >>> shift));
            }
        } else if (v instanceof Boolean) {
            out.write((Boolean) v ? 0xc3 : 0xc2);
        } else if (v instanceof String) {
            prefixed(PARTICLE_STRING, ((String) v).getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof byte[]) {
            prefixed(PARTICLE_BLOB, (byte[]) v);
        } else {
            throw new IllegalArgumentException("no expression constant for " + v.getClass().getName());
        }
    }

    /** A string or blob constant: a MessagePack string whose first byte is the particle type. */
    private void prefixed(int particle, byte[] bytes) {
        stringHeader(bytes.length + 1);
        out.write(particle);
        out.write(bytes, 0, bytes.length);
    }

    /** A name (bin): a plain MessagePack string. */
    private void string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        stringHeader(b.length);
        out.write(b, 0, b.length);
    }

    private void stringHeader(int n) {
        if (n < 32) {
            out.write(0xa0 | n);
        } else if (n < 0x10000) {
            out.write(0xda);
            be(n, 2);
        } else {
            out.write(0xdb);
            be(n, 4);
        }
    }

    private void arrayHeader(int n) {
        if (n < 16) {
            out.write(0x90 | n);
        } else if (n < 0x10000) {
            out.write(0xdc);
            be(n, 2);
        } else {
            out.write(0xdd);
            be(n, 4);
        }
    }

    /** The shortest MessagePack integer, as the client's packer chooses it. */
    private void integer(long v) {
        if (v >= 0) {
            if (v < 0x80) {
                out.write((int) v);
            } else if (v < 0x100) {
                out.write(0xcc);
                be(v, 1);
            } else if (v < 0x10000) {
                out.write(0xcd);
                be(v, 2);
            } else if (v < 0x100000000L) {
                out.write(0xce);
                be(v, 4);
            } else {
                out.write(0xcf);
                be(v, 8);
            }
        } else if (v >= -32) {
            out.write((int) v & 0xff);
        } else if (v >= Byte.MIN_VALUE) {
            out.write(0xd0);
            be(v, 1);
        } else if (v >= Short.MIN_VALUE) {
            out.write(0xd1);
            be(v, 2);
        } else if (v >= Integer.MIN_VALUE) {
            out.write(0xd2);
            be(v, 4);
        } else {
            out.write(0xd3);
            be(v, 8);
        }
    }

    private void be(long v, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)));
        }
    }
}
