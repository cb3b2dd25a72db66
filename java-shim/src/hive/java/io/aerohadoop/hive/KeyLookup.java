package io.aerohadoop.hive;

import io.aerohadoop.filter.Filter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The user keys a pushed filter pins down at its top level ({@code key = c}, {@code key IN (...)},
 * possibly AND-ed with anything else): such a query is a batch get of those keys instead of a scan.
 * The whole filter still goes to the server with the batch reads, so the lookup never changes the
 * result: a record written without its key (whose key column reads NULL) is still left out, as the
 * same query without pushdown leaves it out.
 */
final class KeyLookup {
    private KeyLookup() {}

    /**
     * The keys (Long, String or byte[]) every record the filter accepts must have, in the order the
     * query lists them, or null when the filter does not pin the key down. Several key conjuncts
     * ({@code key IN (1, 2) AND key = 2}) give the keys common to all.
     */
    static List<Object> keys(Filter filter) {
        if (filter == null) {
            return null;
        }
        List<Filter> parts = filter instanceof Filter.Junction && ((Filter.Junction) filter).and
                ? ((Filter.Junction) filter).parts : List.of(filter);
        List<Object> keys = null;
        for (Filter p : parts) {
            List<Object> these = equalities(p);
            if (these != null) {
                keys = keys == null ? these : common(keys, these);
            }
        }
        return keys;
    }

    /** The keys of {@code key = c} or an OR of such (what Hive makes of IN), else null. */
    private static List<Object> equalities(Filter p) {
        List<Filter> any = p instanceof Filter.Junction && !((Filter.Junction) p).and
                ? ((Filter.Junction) p).parts : List.of(p);
        List<Object> keys = new ArrayList<>();
        for (Filter f : any) {
            if (!(f instanceof Filter.Compare)) {
                return null;
            }
            Filter.Compare c = (Filter.Compare) f;
            if (c.op != Filter.Op.EQ || c.operand.kind != Filter.Operand.Kind.KEY) {
                return null;
            }
            keys.add(c.literal);
        }
        return keys;
    }

    private static List<Object> common(List<Object> a, List<Object> b) {
        List<Object> out = new ArrayList<>();
        for (Object k : a) {
            for (Object other : b) {
                if (Arrays.deepEquals(new Object[] {k}, new Object[] {other})) {
                    out.add(k);
                    break;
                }
            }
        }
        return out;
    }
}
