package io.aerohadoop.filter;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A predicate the server can evaluate, in the terms of Aerospike filter expressions: comparisons
 * of a bin, the user key, the TTL or a bin's particle type with a constant, existence tests, and
 * AND/OR/NOT. Built by each integration from its own predicate language (Hive's pushed predicate,
 * Pig's FILTER, the reader's own probes) and packed by {@link FilterPacker}, so every pushed filter
 * is encoded once, one way.
 */
public abstract class Filter {
    private Filter() {}

    /** Expression types of the Aerospike client's {@code Exp.Type}. */
    public static final int TYPE_BOOL = 1;
    public static final int TYPE_INT = 2;
    public static final int TYPE_STRING = 3;
    public static final int TYPE_BLOB = 6;
    public static final int TYPE_FLOAT = 7;

    /** What a comparison reads from the record. */
    public static final class Operand {
        /** A bin's value, the stored user key, the record's TTL, or the particle type of a bin. */
        public enum Kind { BIN, KEY, TTL, BIN_TYPE }

        public final Kind kind;
        /** The bin's name (BIN, BIN_TYPE), else null. */
        public final String bin;
        /** The expression type the value is read as (TYPE_*); BIN_TYPE and TTL read an integer. */
        public final int type;

        private Operand(Kind kind, String bin, int type) {
            this.kind = kind;
            this.bin = bin;
            this.type = type;
        }

        public static Operand bin(String name, int type) {
            return new Operand(Kind.BIN, name, type);
        }

        public static Operand key(int type) {
            return new Operand(Kind.KEY, null, type);
        }

        public static Operand ttl() {
            return new Operand(Kind.TTL, null, TYPE_INT);
        }

        /** The particle type of a bin (0 when the record has no such bin), compared as an integer. */
        public static Operand binType(String name) {
            return new Operand(Kind.BIN_TYPE, name, TYPE_INT);
        }

        @Override
        public String toString() {
            switch (kind) {
                case BIN:
                    return "bin(" + bin + ")";
                case BIN_TYPE:
                    return "binType(" + bin + ")";
                case KEY:
                    return "key()";
                default:
                    return "ttl()";
            }
        }
    }

    /** Comparison operators with the op codes of the expression wire format. */
    public enum Op {
        EQ(1, "=="), NE(2, "!="), GT(3, ">"), GE(4, ">="), LT(5, "<"), LE(6, "<=");

        public final int code;
        public final String symbol;

        Op(int code, String symbol) {
            this.code = code;
            this.symbol = symbol;
        }

        /** The operator with its operands swapped: {@code 5 < x} is {@code x > 5}. */
        public Op mirrored() {
            switch (this) {
                case GT: return LT;
                case GE: return LE;
                case LT: return GT;
                case LE: return GE;
                default: return this;
            }
        }
    }

    /** {@code operand op literal}; literal is a Long, Double, String, byte[] or Boolean. */
    public static final class Compare extends Filter {
        public final Op op;
        public final Operand operand;
        public final Object literal;

        public Compare(Op op, Operand operand, Object literal) {
            this.op = op;
            this.operand = operand;
            this.literal = Objects.requireNonNull(literal);
        }

        @Override
        public String toString() {
            return operand + " " + op.symbol + " " + (literal instanceof String ? "'" + literal + "'" : literal);
        }
    }

    /** The operand has a value: a bin exists, a user key is stored. */
    public static final class Exists extends Filter {
        public final Operand operand;

        public Exists(Operand operand) {
            this.operand = operand;
        }

        @Override
        public String toString() {
            return "exists(" + operand + ")";
        }
    }

    /** AND or OR of two or more filters. */
    public static final class Junction extends Filter {
        public final boolean and;
        public final List<Filter> parts;

        public Junction(boolean and, List<Filter> parts) {
            this.and = and;
            this.parts = Collections.unmodifiableList(parts);
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("(");
            for (int i = 0; i < parts.size(); i++) {
                s.append(i == 0 ? "" : and ? " and " : " or ").append(parts.get(i));
            }
            return s.append(')').toString();
        }
    }

    public static final class Not extends Filter {
        public final Filter part;

        public Not(Filter part) {
            this.part = part;
        }

        @Override
        public String toString() {
            return "not " + part;
        }
    }

    /** AND of the parts; one part is itself. */
    public static Filter and(List<Filter> parts) {
        return parts.size() == 1 ? parts.get(0) : new Junction(true, parts);
    }

    /** OR of the parts; one part is itself. */
    public static Filter or(List<Filter> parts) {
        return parts.size() == 1 ? parts.get(0) : new Junction(false, parts);
    }
}
