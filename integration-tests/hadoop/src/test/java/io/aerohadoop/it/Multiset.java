package io.aerohadoop.it;

import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Job outputs compared as multisets of lines: same lines, each as many times. */
final class Multiset {
    private static final int SHOWN = 10;

    private Multiset() {}

    static Map<String, Integer> of(Collection<String> lines) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String line : lines) {
            counts.merge(line, 1, Integer::sum);
        }
        return counts;
    }

    /** {@code digest<TAB>value} once for each loaded record: what an identity job must write. */
    static Map<String, Integer> ofRecords(Map<String, ?> valueByDigest) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, ?> e : valueByDigest.entrySet()) {
            lines.add(e.getKey() + "\t" + e.getValue());
        }
        return of(lines);
    }

    /** Fails with a summary (sizes, first differences) rather than two huge maps. */
    static void assertSame(String what, Map<String, Integer> expected, Map<String, Integer> actual) {
        if (expected.equals(actual)) {
            return;
        }
        List<String> missing = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            int got = actual.getOrDefault(e.getKey(), 0);
            if (got < e.getValue()) {
                missing.add(e.getKey() + " x" + (e.getValue() - got));
            }
        }
        for (Map.Entry<String, Integer> e : actual.entrySet()) {
            int want = expected.getOrDefault(e.getKey(), 0);
            if (e.getValue() > want) {
                extra.add(e.getKey() + " x" + (e.getValue() - want));
            }
        }
        fail(what + ": expected " + total(expected) + " lines, got " + total(actual) + "; missing "
                + missing.size() + " " + head(missing) + "; extra (or repeated) " + extra.size() + " "
                + head(extra));
    }

    private static long total(Map<String, Integer> m) {
        long n = 0;
        for (int c : m.values()) {
            n += c;
        }
        return n;
    }

    private static List<String> head(List<String> l) {
        return l.size() <= SHOWN ? l : l.subList(0, SHOWN);
    }
}
