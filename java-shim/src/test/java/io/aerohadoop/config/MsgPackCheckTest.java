package io.aerohadoop.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.Value;
import com.aerospike.client.exp.Exp;
import com.aerospike.client.exp.ListExp;
import com.aerospike.client.exp.MapExp;
import com.aerospike.client.cdt.ListReturnType;
import com.aerospike.client.cdt.MapReturnType;
import java.util.Arrays;
import java.util.Collections;
import org.junit.Test;

public class MsgPackCheckTest {
    private static byte[] bytes(Exp e) {
        return Exp.build(e).getBytes();
    }

    @Test
    public void expressionsTheJavaClientBuildsAreWellFormed() {
        Exp[] exps = {
            Exp.val(true),
            Exp.eq(Exp.intBin("a"), Exp.val(-1)),
            Exp.gt(Exp.intBin("a"), Exp.val(Long.MAX_VALUE)),
            Exp.lt(Exp.floatBin("f"), Exp.val(2.5)),
            Exp.eq(Exp.stringBin("s"), Exp.val(String.join("", Collections.nCopies(300, "x")))),
            Exp.eq(Exp.blobBin("b"), Exp.val(new byte[70000])),
            Exp.and(Exp.binExists("x"), Exp.not(Exp.eq(Exp.key(Exp.Type.STRING), Exp.val("k")))),
            Exp.regexCompare("^a.*", 2, Exp.stringBin("s")),
            Exp.gt(ListExp.size(Exp.listBin("l")), Exp.val(0)),
            Exp.eq(MapExp.getByKey(MapReturnType.VALUE, Exp.Type.INT, Exp.val("k"), Exp.mapBin("m")), Exp.val(1)),
            Exp.eq(ListExp.getByValueList(ListReturnType.COUNT, Exp.val(Arrays.asList(Value.get(1), Value.get("a"))),
                    Exp.listBin("l")), Exp.val(2)),
            Exp.gt(Exp.lastUpdate(), Exp.val(0L)),
        };
        for (Exp e : exps) {
            byte[] b = bytes(e);
            assertNull(Exp.build(e).getBase64(), MsgPackCheck.problem(b));
        }
    }

    @Test
    public void cutOrPaddedExpressionsAreRefusedSayingWhy() {
        byte[] b = bytes(Exp.and(Exp.binExists("x"), Exp.gt(Exp.intBin("n"), Exp.val(10))));
        for (int cut = 1; cut < b.length; cut++) {
            String p = MsgPackCheck.problem(Arrays.copyOf(b, cut));
            assertTrue("cut at " + cut + ": " + p, p != null && p.startsWith("truncated"));
        }
        assertEquals("2 byte(s) after the end of the expression", MsgPackCheck.problem(Arrays.copyOf(b, b.length + 2)));
        assertEquals("the expression is empty", MsgPackCheck.problem(new byte[0]));
        assertEquals("byte 0 is 0xc1, which starts no MessagePack value", MsgPackCheck.problem(new byte[] {(byte) 0xc1}));
    }

    @Test
    public void aHugeDeclaredContainerIsRefusedWithoutWalkingIt() {
        // array32 of 2^32-1 elements in five bytes
        byte[] b = {(byte) 0xdd, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        String p = MsgPackCheck.problem(b);
        assertTrue(p, p.contains("runs past the end"));
    }
}
