package io.aerohadoop.pig;

import io.aerohadoop.filter.Filter;
import io.aerohadoop.filter.FilterPacker;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Java client's {@code Exp.build(...).getBase64()} prints it, packed by the connector's one
 * {@link FilterPacker}), so the server sends only matching records. Pig keeps its own FILTER after
 * the load, so a translation may let through more than the condition (an untranslatable conjunct
 * is dropped) but never less: whatever is not translated exactly is left to Pig.
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

    /** The particle type a bin has when the record does not hold it. */
    private static final long NO_PARTICLE = 0;

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
                return Filter.TYPE_INT;
            case DataType.CHARARRAY:
                return Filter.TYPE_STRING;
            case DataType.BOOLEAN:
                return Filter.TYPE_BOOL;
            default:
                return -1;
        }
    }

    /** Both filters must hold; either may be null. */
    static String and(String a, String b) {
        return FilterPacker.and(a, b);
    }

    /** The base64 filter expression for {@code e}, or null if no part of it translates. */
    static String translate(Expression e, List<PigField> fields) {
        Filter f = weakened(e, fields);
        return f == null ? null : FilterPacker.base64(f);
    }

    /** Top-level conjuncts may be dropped (Pig re-applies them); anything else must be exact. */
    private static Filter weakened(Expression e, List<PigField> fields) {
        if (e.getOpType() == OpType.OP_AND) {
            BinaryExpression b = (BinaryExpression) e;
            List<Filter> kept = new ArrayList<>();
            for (Expression side : Arrays.asList(b.getLhs(), b.getRhs())) {
                Filter f = weakened(side, fields);
                if (f != null) {
                    kept.add(f);
                }
            }
            return kept.isEmpty() ? null : Filter.and(kept);
        }
        return exact(e, fields);
    }

    /** The filter equal to {@code e}, or null if some part of it cannot go to the server. */
    private static Filter exact(Expression e, List<PigField> fields) {
        OpType op = e.getOpType();
        switch (op) {
            case OP_AND:
            case OP_OR: {
                BinaryExpression b = (BinaryExpression) e;
                Filter l = exact(b.getLhs(), fields);
                Filter r = exact(b.getRhs(), fields);
                if (l == null || r == null) {
                    return null;
                }
                List<Filter> both = Arrays.asList(l, r);
                return op == OpType.OP_AND ? Filter.and(both) : Filter.or(both);
            }
            case OP_NOT: {
                Filter inner = exact(((UnaryExpression) e).getExpression(), fields);
                return inner == null ? null : new Filter.Not(inner);
            }
            case OP_NULL: {
                PigField f = field(((UnaryExpression) e).getExpression(), fields);
                if (f == null || f.kind != PigField.Kind.BIN) {
                    return null;
                }
                // binType(bin) == 0: the record has no such bin (or it holds nil).
                return new Filter.Compare(Filter.Op.EQ, Filter.Operand.binType(f.bin), NO_PARTICLE);
            }
            case OP_EQ:
            case OP_NE:
            case OP_GT:
            case OP_GE:
            case OP_LT:
            case OP_LE:
                return comparison((BinaryExpression) e, fields);
            case OP_BETWEEN: {
                BinaryExpression b = (BinaryExpression) e;
                PigField f = field(b.getLhs(), fields);
                BetweenExpression range = (BetweenExpression) b.getRhs();
                Filter lo = f == null ? null : compare(f, Filter.Op.GE, range.getLower());
                Filter hi = f == null ? null : compare(f, Filter.Op.LE, range.getUpper());
                return lo == null || hi == null ? null : Filter.and(Arrays.asList(lo, hi));
            }
            case OP_IN: {
                BinaryExpression b = (BinaryExpression) e;
                PigField f = field(b.getLhs(), fields);
                List<Object> values = ((InExpression) b.getRhs()).getValues();
                if (f == null || values.isEmpty()) {
                    return null;
                }
                List<Filter> each = new ArrayList<>();
                for (Object v : values) {
                    Filter one = compare(f, Filter.Op.EQ, v);
                    if (one == null) {
                        return null;
                    }
                    each.add(one);
                }
                return Filter.or(each);
            }
            default:
                return null;
        }
    }

    private static Filter comparison(BinaryExpression b, List<PigField> fields) {
        Filter.Op op = op(b.getOpType());
        PigField f = field(b.getLhs(), fields);
        Expression constant = b.getRhs();
        if (f == null) {
            // constant <op> field: the same test with the operands swapped.
            f = field(b.getRhs(), fields);
            constant = b.getLhs();
            op = op.mirrored();
        }
        return f != null && constant instanceof Const ? compare(f, op, ((Const) constant).getValue()) : null;
    }

    /** {@code f op value}, or null when the value's type is not the field's. */
    private static Filter compare(PigField f, Filter.Op op, Object value) {
        int type = f.kind == PigField.Kind.KEY
                ? (f.type == DataType.LONG ? Filter.TYPE_INT : Filter.TYPE_STRING) : valueType(f);
        Object literal;
        if (type == Filter.TYPE_INT && (value instanceof Integer || value instanceof Long)) {
            literal = ((Number) value).longValue();
        } else if (type == Filter.TYPE_STRING && value instanceof String) {
            literal = value;
        } else if (type == Filter.TYPE_BOOL && value instanceof Boolean && (op == Filter.Op.EQ || op == Filter.Op.NE)) {
            literal = value;
        } else {
            return null;
        }
        Filter.Operand operand = f.kind == PigField.Kind.KEY ? Filter.Operand.key(type) : Filter.Operand.bin(f.bin, type);
        return new Filter.Compare(op, operand, literal);
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

    private static Filter.Op op(OpType op) {
        switch (op) {
            case OP_EQ:
                return Filter.Op.EQ;
            case OP_NE:
                return Filter.Op.NE;
            case OP_GT:
                return Filter.Op.GT;
            case OP_GE:
                return Filter.Op.GE;
            case OP_LT:
                return Filter.Op.LT;
            default:
                return Filter.Op.LE;
        }
    }
}
