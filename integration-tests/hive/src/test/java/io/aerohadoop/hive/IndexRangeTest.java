package io.aerohadoop.hive;

import io.aerohadoop.filter.Filter;
import static org.junit.Assert.assertEquals;

import java.util.List;
import org.junit.Test;

/** Which pushed filters offer an index range, and which range. */
public class IndexRangeTest {
    private static Filter cmp(Filter.Op op, String bin, long v) {
        return new Filter.Compare(op, Filter.Operand.bin(bin, Filter.TYPE_INT), v);
    }

    private static String ranges(Filter f) {
        return IndexRange.candidates(f).toString();
    }

    @Test
    public void boundsOnBothSidesOfAnIntegerBinMakeAnInclusiveRange() {
        assertEquals("[n in [6, 10]]", ranges(Filter.and(List.of(cmp(Filter.Op.GT, "n", 5), cmp(Filter.Op.LE, "n", 10)))));
        assertEquals("[n in [5, 9]]", ranges(Filter.and(List.of(cmp(Filter.Op.GE, "n", 5), cmp(Filter.Op.LT, "n", 10)))));
        assertEquals("[n in [7, 7]]", ranges(cmp(Filter.Op.EQ, "n", 7)));
        // The tightest of several bounds, across nested ANDs.
        assertEquals("[n in [8, 9]]", ranges(Filter.and(List.of(cmp(Filter.Op.GE, "n", 5),
                Filter.and(List.of(cmp(Filter.Op.GE, "n", 8), cmp(Filter.Op.LE, "n", 9))), cmp(Filter.Op.LE, "n", 20)))));
        assertEquals("[a in [1, 2], b in [3, 3]]", ranges(Filter.and(List.of(cmp(Filter.Op.GE, "a", 1),
                cmp(Filter.Op.EQ, "b", 3), cmp(Filter.Op.LE, "a", 2)))));
    }

    @Test
    public void openEmptyOrNonConjunctiveBoundsOfferNoRange() {
        assertEquals("[]", ranges(cmp(Filter.Op.GT, "n", 5)));
        assertEquals("[]", ranges(Filter.or(List.of(cmp(Filter.Op.GE, "n", 5), cmp(Filter.Op.LE, "n", 10)))));
        assertEquals("[]", ranges(new Filter.Not(Filter.and(List.of(cmp(Filter.Op.GE, "n", 5), cmp(Filter.Op.LE, "n", 10))))));
        assertEquals("[]", ranges(Filter.and(List.of(cmp(Filter.Op.GT, "n", Long.MAX_VALUE), cmp(Filter.Op.LE, "n", 0)))));
        assertEquals("[]", ranges(Filter.and(List.of(cmp(Filter.Op.LT, "n", Long.MIN_VALUE), cmp(Filter.Op.GE, "n", 0)))));
        assertEquals("[]", ranges(Filter.and(List.of(cmp(Filter.Op.GE, "n", 10), cmp(Filter.Op.LE, "n", 9)))));
        assertEquals("[]", ranges(Filter.and(List.of(cmp(Filter.Op.NE, "n", 5), cmp(Filter.Op.LE, "n", 9)))));
        Filter.Operand key = Filter.Operand.key(Filter.TYPE_INT);
        assertEquals("[]", ranges(Filter.and(List.of(new Filter.Compare(Filter.Op.GE, key, 1L),
                new Filter.Compare(Filter.Op.LE, key, 9L)))));
    }
}
