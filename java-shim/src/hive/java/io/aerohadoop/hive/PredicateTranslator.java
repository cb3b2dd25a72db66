package io.aerohadoop.hive;

import io.aerohadoop.filter.Filter;
import io.aerohadoop.hive.ColumnMapping.Column;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.hive.ql.plan.ExprNodeColumnDesc;
import org.apache.hadoop.hive.ql.plan.ExprNodeConstantDesc;
import org.apache.hadoop.hive.ql.plan.ExprNodeDesc;
import org.apache.hadoop.hive.ql.plan.ExprNodeGenericFuncDesc;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDF;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFBetween;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFIn;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPAnd;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPEqual;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPEqualOrGreaterThan;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPEqualOrLessThan;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPGreaterThan;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPLessThan;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPNot;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPNotEqual;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPNotNull;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPNull;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPOr;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfo;

/**
 * Turns Hive predicates into {@link Filter}s the server evaluates, or says it cannot (null).
 *
 * <p>Pushed: {@code = <> < <= > >=} between a column and a constant of the column's type, BETWEEN,
 * IN, IS [NOT] NULL, and AND/OR/NOT of pushable parts, on bin columns of type bigint, int, smallint,
 * tinyint, double, string, boolean or binary, on the {@code :key} column and (comparisons only) on
 * {@code :ttl}. IS [NOT] NULL works on bin columns of any type. Everything else — functions of
 * columns, float, GeoJSON, {@code :generation} and {@code :digest} columns, comparisons of two
 * columns — stays with Hive.
 *
 * <p>The server's three-valued logic matches SQL's: a missing bin makes a comparison unknown, NOT
 * of unknown is unknown, and only records whose filter is true are sent. A bin holding a value of
 * another type than its column's is also unknown to the server, where Hive would fail reading it.
 */
final class PredicateTranslator {
    private final ColumnMapping mapping;
    private final List<String> names;
    private final List<TypeInfo> types;

    PredicateTranslator(ColumnMapping mapping, List<String> names, List<TypeInfo> types) {
        this.mapping = mapping;
        this.names = names;
        this.types = types;
    }

    /** The top-level conjuncts of {@code e}: the parts of nested ANDs, or {@code e} itself. */
    static List<ExprNodeDesc> conjuncts(ExprNodeDesc e) {
        List<ExprNodeDesc> out = new ArrayList<>();
        if (e instanceof ExprNodeGenericFuncDesc && ((ExprNodeGenericFuncDesc) e).getGenericUDF() instanceof GenericUDFOPAnd) {
            for (ExprNodeDesc c : e.getChildren()) {
                out.addAll(conjuncts(c));
            }
        } else {
            out.add(e);
        }
        return out;
    }

    /** The filter equal to {@code e}, or null if some part of it cannot be pushed. */
    Filter translate(ExprNodeDesc e) {
        if (e instanceof ExprNodeColumnDesc) {
            // A boolean column on its own (WHERE flag, NOT flag): flag = true.
            return compare(Filter.Op.EQ, e, new ExprNodeConstantDesc(Boolean.TRUE));
        }
        if (!(e instanceof ExprNodeGenericFuncDesc)) {
            return null;
        }
        GenericUDF udf = ((ExprNodeGenericFuncDesc) e).getGenericUDF();
        List<ExprNodeDesc> args = e.getChildren();
        if (udf instanceof GenericUDFOPAnd || udf instanceof GenericUDFOPOr) {
            List<Filter> parts = new ArrayList<>();
            for (ExprNodeDesc c : args) {
                Filter f = translate(c);
                if (f == null) {
                    return null;
                }
                parts.add(f);
            }
            return udf instanceof GenericUDFOPAnd ? Filter.and(parts) : Filter.or(parts);
        }
        if (udf instanceof GenericUDFOPNot) {
            Filter f = args.size() == 1 ? translate(args.get(0)) : null;
            return f == null ? null : new Filter.Not(f);
        }
        if (udf instanceof GenericUDFOPNull || udf instanceof GenericUDFOPNotNull) {
            Filter.Operand o = args.size() == 1 ? existenceOperand(args.get(0)) : null;
            if (o == null) {
                return null;
            }
            Filter exists = new Filter.Exists(o);
            return udf instanceof GenericUDFOPNotNull ? exists : new Filter.Not(exists);
        }
        if (udf instanceof GenericUDFBetween) {
            // Children: the NOT flag, the column, the low and the high bound.
            if (args.size() != 4 || !(args.get(0) instanceof ExprNodeConstantDesc)) {
                return null;
            }
            Object invert = ((ExprNodeConstantDesc) args.get(0)).getValue();
            Filter low = compare(Filter.Op.GE, args.get(1), args.get(2));
            Filter high = compare(Filter.Op.LE, args.get(1), args.get(3));
            if (!(invert instanceof Boolean) || low == null || high == null) {
                return null;
            }
            List<Filter> both = List.of(low, high);
            return (Boolean) invert ? new Filter.Not(Filter.and(both)) : Filter.and(both);
        }
        if (udf instanceof GenericUDFIn) {
            if (args.size() < 2) {
                return null;
            }
            List<Filter> any = new ArrayList<>();
            for (int i = 1; i < args.size(); i++) {
                Filter f = compare(Filter.Op.EQ, args.get(0), args.get(i));
                if (f == null) {
                    return null;
                }
                any.add(f);
            }
            return Filter.or(any);
        }
        Filter.Op op = comparison(udf);
        if (op == null || args.size() != 2) {
            return null;
        }
        Filter f = compare(op, args.get(0), args.get(1));
        // A constant on the left: 5 < x is x > 5.
        return f != null ? f : compare(op.mirrored(), args.get(1), args.get(0));
    }

    private static Filter.Op comparison(GenericUDF udf) {
        if (udf instanceof GenericUDFOPEqual) {
            return Filter.Op.EQ;
        } else if (udf instanceof GenericUDFOPNotEqual) {
            return Filter.Op.NE;
        } else if (udf instanceof GenericUDFOPGreaterThan) {
            return Filter.Op.GT;
        } else if (udf instanceof GenericUDFOPEqualOrGreaterThan) {
            return Filter.Op.GE;
        } else if (udf instanceof GenericUDFOPLessThan) {
            return Filter.Op.LT;
        } else if (udf instanceof GenericUDFOPEqualOrLessThan) {
            return Filter.Op.LE;
        }
        return null;
    }

    /** {@code column op constant}, or null unless they are exactly that, of matching types. */
    private Filter compare(Filter.Op op, ExprNodeDesc column, ExprNodeDesc constant) {
        if (!(column instanceof ExprNodeColumnDesc) || !(constant instanceof ExprNodeConstantDesc)) {
            return null;
        }
        int i = index(((ExprNodeColumnDesc) column).getColumn());
        Object value = ((ExprNodeConstantDesc) constant).getValue();
        if (i < 0 || value == null) {
            return null;
        }
        Column c = mapping.column(i);
        TypeInfo type = types.get(i);
        Filter.Operand operand;
        Object literal;
        if (HiveTypes.isInteger(type)) {
            literal = value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                    ? ((Number) value).longValue() : null;
            operand = c.kind == ColumnMapping.Kind.BIN ? Filter.Operand.bin(c.bin, Filter.TYPE_INT)
                    : c.kind == ColumnMapping.Kind.KEY ? Filter.Operand.key(Filter.TYPE_INT)
                    : c.kind == ColumnMapping.Kind.TTL ? Filter.Operand.ttl() : null;
        } else if (HiveTypes.is(type, "double") && c.kind == ColumnMapping.Kind.BIN) {
            literal = value instanceof Double ? value
                    : value instanceof Integer || value instanceof Long ? (Object) ((Number) value).doubleValue() : null;
            operand = Filter.Operand.bin(c.bin, Filter.TYPE_FLOAT);
        } else if (HiveTypes.is(type, "string") && !c.geoJson
                && (c.kind == ColumnMapping.Kind.BIN || c.kind == ColumnMapping.Kind.KEY)) {
            literal = value instanceof String ? value : null;
            operand = c.kind == ColumnMapping.Kind.BIN ? Filter.Operand.bin(c.bin, Filter.TYPE_STRING)
                    : Filter.Operand.key(Filter.TYPE_STRING);
        } else if (HiveTypes.is(type, "binary") && (c.kind == ColumnMapping.Kind.BIN || c.kind == ColumnMapping.Kind.KEY)) {
            literal = value instanceof byte[] ? value : null;
            operand = c.kind == ColumnMapping.Kind.BIN ? Filter.Operand.bin(c.bin, Filter.TYPE_BLOB)
                    : Filter.Operand.key(Filter.TYPE_BLOB);
        } else if (HiveTypes.is(type, "boolean") && c.kind == ColumnMapping.Kind.BIN
                && (op == Filter.Op.EQ || op == Filter.Op.NE)) {
            literal = value instanceof Boolean ? value : null;
            operand = Filter.Operand.bin(c.bin, Filter.TYPE_BOOL);
        } else {
            return null;
        }
        if (literal == null || operand == null) {
            return null;
        }
        return new Filter.Compare(op, operand, literal);
    }

    /** The operand whose presence IS [NOT] NULL tests: any bin column, or the user key. */
    private Filter.Operand existenceOperand(ExprNodeDesc e) {
        if (!(e instanceof ExprNodeColumnDesc)) {
            return null;
        }
        int i = index(((ExprNodeColumnDesc) e).getColumn());
        if (i < 0) {
            return null;
        }
        Column c = mapping.column(i);
        if (c.kind == ColumnMapping.Kind.BIN) {
            return Filter.Operand.bin(c.bin, 0);
        }
        return c.kind == ColumnMapping.Kind.KEY ? Filter.Operand.key(0) : null;
    }

    private int index(String column) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(column)) {
                return i;
            }
        }
        return -1;
    }
}
