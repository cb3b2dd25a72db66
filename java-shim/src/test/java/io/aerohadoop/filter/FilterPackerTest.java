package io.aerohadoop.filter;

import static org.junit.Assert.assertEquals;

import com.aerospike.client.exp.Exp;
import java.util.List;
import org.junit.Test;

/**
 * The connector's own expression packer against the Aerospike Java client 9.2's: every operand,
 * constant and operator the Hive, Pig and reader pushdowns produce packs to the bytes
 * {@code Exp.build(...).getBase64()} gives.
 */
public class FilterPackerTest {
    private static void same(Exp expected, Filter actual) {
        assertEquals(actual.toString(), Exp.build(expected).getBase64(), FilterPacker.base64(actual));
    }

    private static Filter cmp(Filter.Op op, Filter.Operand o, Object v) {
        return new Filter.Compare(op, o, v);
    }

    @Test
    public void comparisonsOfEveryOperandTypePackAsTheClientPacksThem() {
        Filter.Operand i = Filter.Operand.bin("n", Filter.TYPE_INT);
        same(Exp.eq(Exp.intBin("n"), Exp.val(5)), cmp(Filter.Op.EQ, i, 5L));
        same(Exp.ne(Exp.intBin("n"), Exp.val(-7)), cmp(Filter.Op.NE, i, -7L));
        same(Exp.gt(Exp.intBin("n"), Exp.val(200)), cmp(Filter.Op.GT, i, 200L));
        same(Exp.ge(Exp.intBin("n"), Exp.val(-200)), cmp(Filter.Op.GE, i, -200L));
        same(Exp.lt(Exp.intBin("n"), Exp.val(70000)), cmp(Filter.Op.LT, i, 70000L));
        same(Exp.le(Exp.intBin("n"), Exp.val(-70000)), cmp(Filter.Op.LE, i, -70000L));
        same(Exp.eq(Exp.intBin("n"), Exp.val(Long.MAX_VALUE)), cmp(Filter.Op.EQ, i, Long.MAX_VALUE));
        same(Exp.eq(Exp.intBin("n"), Exp.val(Long.MIN_VALUE)), cmp(Filter.Op.EQ, i, Long.MIN_VALUE));
        same(Exp.eq(Exp.intBin("n"), Exp.val(5_000_000_000L)), cmp(Filter.Op.EQ, i, 5_000_000_000L));
        same(Exp.lt(Exp.floatBin("f"), Exp.val(2.5)), cmp(Filter.Op.LT, Filter.Operand.bin("f", Filter.TYPE_FLOAT), 2.5));
        same(Exp.eq(Exp.stringBin("s"), Exp.val("héllo")),
                cmp(Filter.Op.EQ, Filter.Operand.bin("s", Filter.TYPE_STRING), "héllo"));
        String longText = "x".repeat(300);
        same(Exp.eq(Exp.stringBin("s"), Exp.val(longText)),
                cmp(Filter.Op.EQ, Filter.Operand.bin("s", Filter.TYPE_STRING), longText));
        same(Exp.eq(Exp.blobBin("b"), Exp.val(new byte[] {1, 2, 3})),
                cmp(Filter.Op.EQ, Filter.Operand.bin("b", Filter.TYPE_BLOB), new byte[] {1, 2, 3}));
        same(Exp.eq(Exp.boolBin("t"), Exp.val(true)), cmp(Filter.Op.EQ, Filter.Operand.bin("t", Filter.TYPE_BOOL), true));
        same(Exp.ne(Exp.boolBin("t"), Exp.val(false)), cmp(Filter.Op.NE, Filter.Operand.bin("t", Filter.TYPE_BOOL), false));
    }

    @Test
    public void metadataOperandsPackAsTheClientPacksThem() {
        same(Exp.eq(Exp.key(Exp.Type.STRING), Exp.val("user1")),
                cmp(Filter.Op.EQ, Filter.Operand.key(Filter.TYPE_STRING), "user1"));
        same(Exp.eq(Exp.key(Exp.Type.INT), Exp.val(42)), cmp(Filter.Op.EQ, Filter.Operand.key(Filter.TYPE_INT), 42L));
        same(Exp.gt(Exp.ttl(), Exp.val(3600)), cmp(Filter.Op.GT, Filter.Operand.ttl(), 3600L));
        same(Exp.keyExists(), new Filter.Exists(Filter.Operand.key(0)));
        same(Exp.binExists("a"), new Filter.Exists(Filter.Operand.bin("a", 0)));
        same(Exp.eq(Exp.binType("a"), Exp.val(0)), cmp(Filter.Op.EQ, Filter.Operand.binType("a"), 0L));
        same(Exp.eq(Exp.binType("line"), Exp.val(3)), cmp(Filter.Op.EQ, Filter.Operand.binType("line"), 3L));
    }

    @Test
    public void twoPackedExpressionsAndAsTheClientAndsThem() {
        Exp ea = Exp.gt(Exp.intBin("a"), Exp.val(1));
        Exp eb = Exp.eq(Exp.stringBin("s"), Exp.val("x".repeat(40)));
        String a = Exp.build(ea).getBase64();
        String b = Exp.build(eb).getBase64();
        assertEquals(Exp.build(Exp.and(ea, eb)).getBase64(), FilterPacker.and(a, b));
        assertEquals(a, FilterPacker.and(a, null));
        assertEquals(b, FilterPacker.and("", b));
        assertEquals(null, FilterPacker.and(null, null));
        // Not base64: handed on as it is, for the configuration check to refuse by its key.
        assertEquals("not*base64", FilterPacker.and("not*base64", b));
        assertEquals("not*base64", FilterPacker.and(a, "not*base64"));
    }

    @Test
    public void junctionsAndNegationPackAsTheClientPacksThem() {
        Filter a = cmp(Filter.Op.GT, Filter.Operand.bin("a", Filter.TYPE_INT), 1L);
        Filter b = cmp(Filter.Op.EQ, Filter.Operand.bin("s", Filter.TYPE_STRING), "x");
        Filter c = new Filter.Exists(Filter.Operand.bin("c", 0));
        Exp ea = Exp.gt(Exp.intBin("a"), Exp.val(1));
        Exp eb = Exp.eq(Exp.stringBin("s"), Exp.val("x"));
        Exp ec = Exp.binExists("c");
        same(Exp.and(ea, eb), Filter.and(List.of(a, b)));
        same(Exp.or(ea, eb, ec), Filter.or(List.of(a, b, c)));
        same(Exp.not(Exp.or(ea, Exp.not(ec))), new Filter.Not(Filter.or(List.of(a, new Filter.Not(c)))));
        same(Exp.and(Exp.or(ea, eb), Exp.not(eb)),
                Filter.and(List.of(Filter.or(List.of(a, b)), new Filter.Not(b))));
    }
}
