package io.aerohadoop.pig;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.apache.pig.Expression;
import org.apache.pig.Expression.BetweenExpression;
import org.apache.pig.Expression.BinaryExpression;
import org.apache.pig.Expression.Column;
import org.apache.pig.Expression.Const;
import org.apache.pig.Expression.InExpression;
import org.apache.pig.Expression.OpType;
import org.apache.pig.Expression.UnaryExpression;
import org.apache.pig.data.DataType;

/**
 * Turns the FILTER condition Pig hands a {@code LoadPredicatePushdown} loader into an Aerospike
 * filter expression ({@code aerospike.input.filter.exp}, base64 of its MessagePack form, as the
 * Java client's {@code Exp.build(...).getBase64()} prints it), so the server sends only matching
 * records. Pig keeps its own FILTER after the load, so a translation may let through more than the
 * condition (an untranslatable conjunct is dropped) but never less: whatever is not translated
 * exactly is left to Pig.
 *
 * <p>Pushed: {@code == != < <= > >=} between a field and a constant, {@code IS NULL},
 * {@code NOT}, {@code AND}, {@code OR}, {@code BETWEEN}, {@code IN}, on fields of bins typed int,
 * long, chararray or boolean, and the user key ({@code :key}) typed long or chararray. Float and
 * double fields are not pushed: they also read integers, which the server compares only with
 * integers.
 */
final class FilterTranslator {
    static final List<OpType> SUPPORTED = Collections.unmodifiableList(Arrays.asList(OpType.OP_EQ, OpType.OP_NE,
            OpType.OP_GT, OpType.OP_GE, OpType.OP_LT, OpType.OP_LE, OpType.OP_AND, OpType.OP_OR, OpType.OP_NOT,
            OpType.OP_NULL, OpType.OP_BETWEEN, OpType.OP_IN));

    // Expression operation codes and value types of the wire protocol (Aerospike's Exp).
    private static final int EQ = 1;
    private static final int NE = 2;
    private static final int GT = 3;
    private static final int GE = 4;
    private static final int LT = 5;
    private static final int LE = 6;
    private static final int AND = 16;
    private static final int OR = 17;
    private static final int NOT = 18;
    private static final int KEY = 80;
    private static final int BIN = 81;
    private static final int BIN_TYPE = 82;
    private static final int TYPE_NIL = 0;
    private static final int TYPE_BOOL = 1;
    private static final int TYPE_INT = 2;
    private static final int TYPE_STRING = 3;
    /** The particle type byte that prefixes a string value inside an expression. */
    private static final int PARTICLE_STRING = 3;

    private FilterTranslator() {}

    /** Whether conditions on the field can go to the server. */
    static boolean filterable(PigField f) {
        if (f.kind == PigField.Kind.BIN) {
            return valueType(f) >= 0;
        }
        return f.kind == PigField.Kind.KEY && (f.type == DataType.LONG || f.type == DataType.CHARARRAY);
    }

    private static int valueType(PigField f) {
        switch (f.type) {
            case DataType.INTEGER:
            case DataType.LONG:
                return TYPE_INT;
            case DataType.CHARARRAY:
                return TYPE_STRING;
            case DataType.BOOLEAN:
                return TYPE_BOOL;
            default:
                return -1;
        }
    }

    /** Both filters must hold; either may be null. */
    static String and(String a, String b) {
        if (a == null || a.isEmpty()) {
            return b;
        } else if (b == null || b.isEmpty()) {
            return a;
        }
        Packer p = new Packer();
        p.array(3).integer(AND);
        p.raw(Base64.getDecoder().decode(a));
        p.raw(Base64.getDecoder().decode(b));
        return p.base64();
    }

    /** The base64 filter expression for {@code e}, or null if no part of it translates. */
    static String translate(Expression e, List<PigField> fields) {
        Packer p = new Packer();
        return weakened(e, fields, p) ? p.base64() : null;
    }

    /** Top-level conjuncts may be dropped (Pig re-applies them); anything else must be exact. */
    private static boolean weakened(Expression e, List<PigField> fields, Packer out) {
        if (e.getOpType() == OpType.OP_AND) {
            BinaryExpression b = (BinaryExpression) e;
            Packer l = new Packer();
            Packer r = new Packer();
            boolean hasL = weakened(b.getLhs(), fields, l);
            boolean hasR = weakened(b.getRhs(), fields, r);
            if (hasL && hasR) {
                out.array(3).integer(AND).raw(l.bytes()).raw(r.bytes());
            } else if (hasL || hasR) {
                out.raw((hasL ? l : r).bytes());
            }
            return hasL || hasR;
        }
        return exact(e, fields, out);
    }

    private static boolean exact(Expression e, List<PigField> fields, Packer out) {
        OpType op = e.getOpType();
        switch (op) {
            case OP_AND:
            case OP_OR: {
                BinaryExpression b = (BinaryExpression) e;
                Packer l = new Packer();
                Packer r = new Packer();
                if (!exact(b.getLhs(), fields, l) || !exact(b.getRhs(), fields, r)) {
                    return false;
                }
                out.array(3).integer(op == OpType.OP_AND ? AND : OR).raw(l.bytes()).raw(r.bytes());
                return true;
            }
            case OP_NOT: {
                Packer inner = new Packer();
                if (!exact(((UnaryExpression) e).getExpression(), fields, inner)) {
                    return false;
                }
                out.array(2).integer(NOT).raw(inner.bytes());
                return true;
            }
            case OP_NULL: {
                PigField f = field(((UnaryExpression) e).getExpression(), fields);
                if (f == null || f.kind != PigField.Kind.BIN) {
                    return false;
                }
                // binType(bin) == NIL: the record has no such bin (or it holds nil).
                out.array(3).integer(EQ);
                out.array(2).integer(BIN_TYPE).string(f.bin);
                out.integer(TYPE_NIL);
                return true;
            }
            case OP_EQ:
            case OP_NE:
            case OP_GT:
            case OP_GE:
            case OP_LT:
            case OP_LE:
                return comparison((BinaryExpression) e, fields, out);
            case OP_BETWEEN: {
                BinaryExpression b = (BinaryExpression) e;
                PigField f = field(b.getLhs(), fields);
                BetweenExpression range = (BetweenExpression) b.getRhs();
                Packer lo = new Packer();
                Packer hi = new Packer();
                if (f == null || !compare(f, GE, range.getLower(), lo) || !compare(f, LE, range.getUpper(), hi)) {
                    return false;
                }
                out.array(3).integer(AND).raw(lo.bytes()).raw(hi.bytes());
                return true;
            }
            case OP_IN: {
                BinaryExpression b = (BinaryExpression) e;
                PigField f = field(b.getLhs(), fields);
                List<Object> values = ((InExpression) b.getRhs()).getValues();
                if (f == null || values.isEmpty()) {
                    return false;
                }
                List<byte[]> each = new ArrayList<>();
                for (Object v : values) {
                    Packer one = new Packer();
                    if (!compare(f, EQ, v, one)) {
                        return false;
                    }
                    each.add(one.bytes());
                }
                if (each.size() == 1) {
                    out.raw(each.get(0));
                } else {
                    out.array(each.size() + 1).integer(OR);
                    each.forEach(out::raw);
                }
                return true;
            }
            default:
                return false;
        }
    }

    private static boolean comparison(BinaryExpression b, List<PigField> fields, Packer out) {
        int op = code(b.getOpType());
        PigField f = field(b.getLhs(), fields);
        Expression constant = b.getRhs();
        if (f == null) {
            // constant <op> field: the same test with the operands swapped.
            f = field(b.getRhs(), fields);
            constant = b.getLhs();
            op = swapped(op);
        }
        return f != null && constant instanceof Const && compare(f, op, ((Const) constant).getValue(), out);
    }

    private static boolean compare(PigField f, int op, Object value, Packer out) {
        Packer v = new Packer();
        int type = f.kind == PigField.Kind.KEY ? (f.type == DataType.LONG ? TYPE_INT : TYPE_STRING) : valueType(f);
        if (type == TYPE_INT && (value instanceof Integer || value instanceof Long)) {
            v.integer(((Number) value).longValue());
        } else if (type == TYPE_STRING && value instanceof String) {
            v.particleString((String) value);
        } else if (type == TYPE_BOOL && value instanceof Boolean && (op == EQ || op == NE)) {
            v.bool((Boolean) value);
        } else {
            return false;
        }
        out.array(3).integer(op);
        if (f.kind == PigField.Kind.KEY) {
            out.array(2).integer(KEY).integer(type);
        } else {
            out.array(3).integer(BIN).integer(type).string(f.bin);
        }
        out.raw(v.bytes());
        return true;
    }

    private static PigField field(Expression e, List<PigField> fields) {
        if (!(e instanceof Column)) {
            return null;
        }
        String name = ((Column) e).getName();
        for (PigField f : fields) {
            if (f.name.equals(name) && filterable(f)) {
                return f;
            }
        }
        return null;
    }

    private static int code(OpType op) {
        switch (op) {
            case OP_EQ:
                return EQ;
            case OP_NE:
                return NE;
            case OP_GT:
                return GT;
            case OP_GE:
                return GE;
            case OP_LT:
                return LT;
            default:
                return LE;
        }
    }

    private static int swapped(int op) {
        switch (op) {
            case GT:
                return LT;
            case GE:
                return LE;
            case LT:
                return GT;
            case LE:
                return GE;
            default:
                return op;
        }
    }

    /** The few MessagePack forms expressions use, encoded as the Aerospike Java client's Packer does. */
    static final class Packer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Packer array(int n) {
            if (n < 16) {
                out.write(0x90 | n);
            } else {
                out.write(0xdc);
                out.write(n >>> 8);
                out.write(n);
            }
            return this;
        }

        Packer integer(long v) {
            if (v >= 0) {
                if (v < 128) {
                    out.write((int) v);
                } else if (v < 256) {
                    out.write(0xcc);
                    out.write((int) v);
                } else if (v < 65536) {
                    out.write(0xcd);
                    be(v, 2);
                } else if (v < 4294967296L) {
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
                out.write((int) v);
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
            return this;
        }

        Packer bool(boolean v) {
            out.write(v ? 0xc3 : 0xc2);
            return this;
        }

        /** A plain MessagePack string (bin names). */
        Packer string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            header(b.length);
            out.write(b, 0, b.length);
            return this;
        }

        /** A string value: the particle type byte, then the UTF-8 bytes, in one MessagePack string. */
        Packer particleString(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            header(b.length + 1);
            out.write(PARTICLE_STRING);
            out.write(b, 0, b.length);
            return this;
        }

        private void header(int n) {
            if (n < 32) {
                out.write(0xa0 | n);
            } else if (n < 256) {
                out.write(0xd9);
                out.write(n);
            } else if (n < 65536) {
                out.write(0xda);
                be(n, 2);
            } else {
                out.write(0xdb);
                be(n, 4);
            }
        }

        Packer raw(byte[] b) {
            out.write(b, 0, b.length);
            return this;
        }

        private void be(long v, int bytes) {
            for (int i = bytes - 1; i >= 0; i--) {
                out.write((int) (v >>> (8 * i)));
            }
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        String base64() {
            return Base64.getEncoder().encodeToString(bytes());
        }
    }
}
