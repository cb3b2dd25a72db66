package io.aerohadoop.hive;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A predicate the server can evaluate, in the terms of Aerospike filter expressions: comparisons
 * of a bin, the user key or the TTL with a constant, existence tests, and AND/OR/NOT. Built by
 * {@link PredicateTranslator} from Hive's pushed predicate, packed by {@link FilterPacker}.
 */
abstract class Filter {
    private Filter() {}

    /** Expression types of the Aerospike client's {@code Exp.Type}. */
    static final int TYPE_BOOL = 1;
    static final int TYPE_INT = 2;
    static final int TYPE_STRING = 3;
    static final int TYPE_BLOB = 6;
    static final int TYPE_FLOAT = 7;

    /** What a comparison reads from the record. */
    static final class Operand {
        enum Kind { BIN, KEY, TTL }

        final Kind kind;
        final String bin;
        final int type;

        private Operand(Kind kind, String bin, int type) {
            this.kind = kind;
            this.bin = bin;
            this.type = type;
        }

        static Operand bin(String name, int type) {
            return new Operand(Kind.BIN, name, type);
        }

        static Operand key(int type) {
            return new Operand(Kind.KEY, null, type);
        }

        static Operand ttl() {
            return new Operand(Kind.TTL, null, TYPE_INT);
        }

        @Override
        public String toString() {
            return kind == Kind.BIN ? "bin(" + bin + ")" : kind == Kind.KEY ? "key()" : "ttl()";
        }
    }

    /** Comparison operators with the op codes of the expression wire format. */
    enum Op {
        EQ(1, "=="), NE(2, "!="), GT(3, ">"), GE(4, ">="), LT(5, "<"), LE(6, "<=");

        final int code;
        final String symbol;

        Op(int code, String symbol) {
            this.code = code;
            this.symbol = symbol;
        }

        /** The operator with its operands swapped: {@code 5 < x} is {@code x > 5}. */
        Op mirrored() {
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
    static final class Compare extends Filter {
        final Op op;
        final Operand operand;
        final Object literal;

        Compare(Op op, Operand operand, Object literal) {
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
    static final class Exists extends Filter {
        final Operand operand;

        Exists(Operand operand) {
            this.operand = operand;
        }

        @Override
        public String toString() {
            return "exists(" + operand + ")";
        }
    }

    /** AND or OR of two or more filters. */
    static final class Junction extends Filter {
        final boolean and;
        final List<Filter> parts;

        Junction(boolean and, List<Filter> parts) {
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

    static final class Not extends Filter {
        final Filter part;

        Not(Filter part) {
            this.part = part;
        }

        @Override
        public String toString() {
            return "not " + part;
        }
    }

    static Filter and(List<Filter> parts) {
        return parts.size() == 1 ? parts.get(0) : new Junction(true, parts);
    }

    static Filter or(List<Filter> parts) {
        return parts.size() == 1 ? parts.get(0) : new Junction(false, parts);
    }
}
