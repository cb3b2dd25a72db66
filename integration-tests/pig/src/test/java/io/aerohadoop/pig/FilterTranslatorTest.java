package io.aerohadoop.pig;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import com.aerospike.client.exp.Exp;
import java.util.Arrays;
import java.util.List;
import org.apache.pig.Expression;
import org.apache.pig.Expression.BetweenExpression;
import org.apache.pig.Expression.BinaryExpression;
import org.apache.pig.Expression.Column;
import org.apache.pig.Expression.Const;
import org.apache.pig.Expression.InExpression;
import org.apache.pig.Expression.OpType;
import org.apache.pig.Expression.UnaryExpression;
import org.apache.pig.data.DataType;
import org.junit.Test;

/**
 * The filter expressions the Pig loader sends are byte for byte what the Aerospike Java client 9.2
 * builds for the same condition ({@code Exp.build(...).getBase64()}); conditions that cannot be
 * translated exactly are left to Pig.
 */
public class FilterTranslatorTest {
    private static final List<PigField> FIELDS = Arrays.asList(
            new PigField("age", PigField.Kind.BIN, "age", DataType.INTEGER),
            new PigField("city", PigField.Kind.BIN, "City", DataType.CHARARRAY),
            new PigField("ok", PigField.Kind.BIN, "ok", DataType.BOOLEAN),
            new PigField("score", PigField.Kind.BIN, "score", DataType.DOUBLE),
            new PigField("id", PigField.Kind.KEY, null, DataType.LONG),
            new PigField("gen", PigField.Kind.GENERATION, null, DataType.INTEGER));

    private static Expression col(String name) {
        return new Column(name, DataType.UNKNOWN);
    }

    private static Expression bin(String name, OpType op, Object v) {
        return new BinaryExpression(col(name), new Const(v), op);
    }

    private static String translate(Expression e) {
        return FilterTranslator.translate(e, FIELDS);
    }

    @Test
    public void comparisonsOnIntStringAndBooleanBinsMatchTheJavaClient() {
        assertEquals(Exp.build(Exp.gt(Exp.intBin("age"), Exp.val(300000))).getBase64(),
                translate(bin("age", OpType.OP_GT, 300000)));
        assertEquals(Exp.build(Exp.le(Exp.intBin("age"), Exp.val(-5000000000L))).getBase64(),
                translate(bin("age", OpType.OP_LE, -5000000000L)));
        assertEquals(Exp.build(Exp.eq(Exp.stringBin("City"), Exp.val("Oslo"))).getBase64(),
                translate(bin("city", OpType.OP_EQ, "Oslo")));
        assertEquals(Exp.build(Exp.ne(Exp.boolBin("ok"), Exp.val(true))).getBase64(),
                translate(bin("ok", OpType.OP_NE, true)));
        assertEquals(Exp.build(Exp.ge(Exp.key(Exp.Type.INT), Exp.val(7))).getBase64(),
                translate(bin("id", OpType.OP_GE, 7L)));
    }

    @Test
    public void aConstantOnTheLeftSwapsTheComparison() {
        assertEquals(Exp.build(Exp.lt(Exp.intBin("age"), Exp.val(30))).getBase64(),
                translate(new BinaryExpression(new Const(30), col("age"), OpType.OP_GT)));
    }

    @Test
    public void logicalOperatorsBetweenInAndIsNullMatchTheJavaClient() {
        Expression and = new BinaryExpression(bin("age", OpType.OP_GE, 30), bin("city", OpType.OP_EQ, "Lima"), OpType.OP_AND);
        Expression or = new BinaryExpression(and, new UnaryExpression(bin("age", OpType.OP_LT, 40), OpType.OP_NOT),
                OpType.OP_OR);
        assertEquals(Exp.build(Exp.or(
                Exp.and(Exp.ge(Exp.intBin("age"), Exp.val(30)), Exp.eq(Exp.stringBin("City"), Exp.val("Lima"))),
                Exp.not(Exp.lt(Exp.intBin("age"), Exp.val(40))))).getBase64(), translate(or));
        assertEquals(Exp.build(Exp.and(Exp.ge(Exp.intBin("age"), Exp.val(10)), Exp.le(Exp.intBin("age"), Exp.val(20))))
                .getBase64(), translate(new BinaryExpression(col("age"), new BetweenExpression(10, 20), OpType.OP_BETWEEN)));
        assertEquals(Exp.build(Exp.or(Exp.eq(Exp.stringBin("City"), Exp.val("a")), Exp.eq(Exp.stringBin("City"),
                Exp.val("b")))).getBase64(), translate(new BinaryExpression(col("city"),
                        new InExpression(Arrays.asList("a", "b")), OpType.OP_IN)));
        assertEquals(Exp.build(Exp.eq(Exp.binType("age"), Exp.val(0))).getBase64(),
                translate(new UnaryExpression(col("age"), OpType.OP_NULL)));
    }

    @Test
    public void anUntranslatableConjunctIsDroppedButNeverUnderOrOrNot() {
        Expression onDouble = bin("score", OpType.OP_GT, 1.5);
        Expression onAge = bin("age", OpType.OP_GT, 30);
        assertEquals(Exp.build(Exp.gt(Exp.intBin("age"), Exp.val(30))).getBase64(),
                translate(new BinaryExpression(onAge, onDouble, OpType.OP_AND)));
        assertNull(translate(new BinaryExpression(onAge, onDouble, OpType.OP_OR)));
        assertNull(translate(new UnaryExpression(new BinaryExpression(onAge, onDouble, OpType.OP_AND), OpType.OP_NOT)));
        assertNull("generation has no expression", translate(bin("gen", OpType.OP_EQ, 2)));
        assertNull("a string constant against an int bin", translate(bin("age", OpType.OP_EQ, "30")));
    }

    @Test
    public void twoFiltersAreJoinedWithAnd() {
        String a = Exp.build(Exp.gt(Exp.intBin("age"), Exp.val(1))).getBase64();
        String b = Exp.build(Exp.eq(Exp.stringBin("City"), Exp.val("x"))).getBase64();
        assertEquals(Exp.build(Exp.and(Exp.gt(Exp.intBin("age"), Exp.val(1)), Exp.eq(Exp.stringBin("City"), Exp.val("x"))))
                .getBase64(), FilterTranslator.and(a, b));
        assertEquals(a, FilterTranslator.and(null, a));
        assertEquals(a, FilterTranslator.and(a, ""));
    }
}
