package io.aerohadoop.hive;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import io.aerohadoop.filter.Filter;
import java.util.List;
import org.junit.Test;

/** Which pushed filters pin the user key down to a list of keys (a batch get), and which keys. */
public class KeyLookupKeysTest {
    private static Filter key(Object v, int type) {
        return new Filter.Compare(Filter.Op.EQ, Filter.Operand.key(type), v);
    }

    private static Filter skey(String v) {
        return key(v, Filter.TYPE_STRING);
    }

    private static Filter bin(Filter.Op op, String name, long v) {
        return new Filter.Compare(op, Filter.Operand.bin(name, Filter.TYPE_INT), v);
    }

    @Test
    public void equalityAndInOnTheKeyGiveTheirKeysInQueryOrder() {
        assertEquals(List.of("k17"), KeyLookup.keys(skey("k17")));
        assertEquals(List.of(3L, 1L, 2L), KeyLookup.keys(Filter.or(List.of(key(3L, Filter.TYPE_INT),
                key(1L, Filter.TYPE_INT), key(2L, Filter.TYPE_INT)))));
        byte[] blob = {1, 2};
        assertArrayEquals(blob, (byte[]) KeyLookup.keys(key(blob, Filter.TYPE_BLOB)).get(0));
    }

    @Test
    public void otherConjunctsStayAndSeveralKeyConjunctsIntersect() {
        assertEquals(List.of("a", "b"), KeyLookup.keys(Filter.and(List.of(bin(Filter.Op.GT, "v", 3),
                Filter.or(List.of(skey("a"), skey("b")))))));
        assertEquals(List.of("b"), KeyLookup.keys(Filter.and(List.of(Filter.or(List.of(skey("a"), skey("b"))),
                skey("b")))));
        assertEquals(List.of(), KeyLookup.keys(Filter.and(List.of(skey("a"), skey("b")))));
    }

    @Test
    public void anythingElseIsNoLookup() {
        assertNull(KeyLookup.keys(null));
        assertNull(KeyLookup.keys(bin(Filter.Op.EQ, "n", 5)));
        assertNull(KeyLookup.keys(new Filter.Compare(Filter.Op.GT, Filter.Operand.key(Filter.TYPE_INT), 5L)));
        // An OR mixing the key with a bin could match records of any key.
        assertNull(KeyLookup.keys(Filter.or(List.of(skey("a"), bin(Filter.Op.EQ, "n", 5)))));
        assertNull(KeyLookup.keys(new Filter.Not(skey("a"))));
    }
}
