package io.aerohadoop.hive;

import io.aerohadoop.filter.Filter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The integer bins a pushed filter bounds on both sides at its top level ({@code x BETWEEN a AND b},
 * {@code x >= a AND x < b}, {@code x = a}): candidates for a secondary-index range query, which
 * reads only the records in range instead of scanning the set. The whole filter still applies to
 * what the index returns, so choosing a range never changes the result.
 */
final class IndexRange {
    final String bin;
    final long begin;
    final long end;

    private IndexRange(String bin, long begin, long end) {
        this.bin = bin;
        this.begin = begin;
        this.end = end;
    }

    /** Ranges bounded on both sides, in the order their bins first appear; empty ranges left out. */
    static List<IndexRange> candidates(Filter filter) {
        Map<String, long[]> bounds = new LinkedHashMap<>();
        List<Filter> parts = filter instanceof Filter.Junction && ((Filter.Junction) filter).and
                ? ((Filter.Junction) filter).parts : List.of(filter);
        for (Filter p : parts) {
            collect(p, bounds);
        }
        List<IndexRange> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : bounds.entrySet()) {
            long[] b = e.getValue();
            if (b[2] == 3 && b[0] <= b[1]) {
                out.add(new IndexRange(e.getKey(), b[0], b[1]));
            }
        }
        return out;
    }

    /** bounds per bin: [low, high, which sides are set: 1 low, 2 high]. */
    private static void collect(Filter p, Map<String, long[]> bounds) {
        if (p instanceof Filter.Junction && ((Filter.Junction) p).and) {
            for (Filter q : ((Filter.Junction) p).parts) {
                collect(q, bounds);
            }
            return;
        }
        if (!(p instanceof Filter.Compare)) {
            return;
        }
        Filter.Compare c = (Filter.Compare) p;
        if (c.operand.kind != Filter.Operand.Kind.BIN || c.operand.type != Filter.TYPE_INT) {
            return;
        }
        long v = (Long) c.literal;
        long[] b = bounds.computeIfAbsent(c.operand.bin, k -> new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0});
        switch (c.op) {
            case EQ:
                low(b, v);
                high(b, v);
                break;
            case GE:
                low(b, v);
                break;
            case GT:
                if (v == Long.MAX_VALUE) {
                    low(b, v);
                    high(b, Long.MIN_VALUE);
                } else {
                    low(b, v + 1);
                }
                break;
            case LE:
                high(b, v);
                break;
            case LT:
                if (v == Long.MIN_VALUE) {
                    high(b, v);
                    low(b, Long.MAX_VALUE);
                } else {
                    high(b, v - 1);
                }
                break;
            default:
                break;
        }
    }

    private static void low(long[] b, long v) {
        b[0] = Math.max(b[0], v);
        b[2] |= 1;
    }

    private static void high(long[] b, long v) {
        b[1] = Math.min(b[1], v);
        b[2] |= 2;
    }

    @Override
    public String toString() {
        return bin + " in [" + begin + ", " + end + "]";
    }
}
