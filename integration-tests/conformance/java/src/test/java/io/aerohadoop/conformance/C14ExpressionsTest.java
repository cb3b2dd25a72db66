package io.aerohadoop.conformance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.Record;
import com.aerospike.client.ResultCode;
import com.aerospike.client.exp.Exp;
import com.aerospike.client.policy.Policy;
import com.aerospike.client.policy.ScanPolicy;
import com.aerospike.client.policy.WritePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.Before;
import org.junit.Test;

/** C14: filter expressions select exactly the expected records in scans and gate single-record commands
 * (27 FILTERED_OUT). */
public class C14ExpressionsTest extends ClusterCase {
    private static final int N = 20;
    private String set;
    /** Wall clock (ns since the Unix epoch) between the two groups of writes. */
    private long betweenNs;

    /** Records 0..N-1: n = i, f = i / 2, parity = "even"/"odd", third = (i % 3 == 0). 0..9 are written
     * with TTL 1000, 10..19 a moment later with TTL 5000. */
    @Before
    public void writeRecords() {
        set = env.set("c14");
        for (int i = 0; i < 10; i++) {
            write(i, 1000);
        }
        Waits.sleep(50);
        betweenNs = System.currentTimeMillis() * 1_000_000L;
        Waits.sleep(50);
        for (int i = 10; i < N; i++) {
            write(i, 5000);
        }
    }

    private void write(int i, int ttl) {
        WritePolicy p = new WritePolicy();
        p.sendKey = true;
        p.expiration = ttl;
        env.client.put(p, new Key(ClusterEnv.NAMESPACE, set, i), new Bin("n", i), new Bin("f", i / 2.0),
                new Bin("parity", i % 2 == 0 ? "even" : "odd"), new Bin("third", i % 3 == 0));
    }

    private List<Long> matching(Exp exp) {
        ScanPolicy policy = new ScanPolicy();
        policy.filterExp = Exp.build(exp);
        return Scanned.all(env.client, set, policy).longKeys();
    }

    private static List<Long> expected(IntPredicate want) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            if (want.test(i)) {
                out.add((long) i);
            }
        }
        return out;
    }

    @Test
    public void intGreaterThan() {
        assertEquals(expected(i -> i > 14), matching(Exp.gt(Exp.intBin("n"), Exp.val(14))));
    }

    @Test
    public void floatLessOrEqual() {
        assertEquals(expected(i -> i / 2.0 <= 2.5), matching(Exp.le(Exp.floatBin("f"), Exp.val(2.5))));
    }

    @Test
    public void stringEquals() {
        assertEquals(expected(i -> i % 2 == 1), matching(Exp.eq(Exp.stringBin("parity"), Exp.val("odd"))));
    }

    @Test
    public void boolEquals() {
        assertEquals(expected(i -> i % 3 == 0), matching(Exp.eq(Exp.boolBin("third"), Exp.val(true))));
    }

    @Test
    public void andOrNotCombinations() {
        Exp and = Exp.and(Exp.ge(Exp.intBin("n"), Exp.val(5)), Exp.eq(Exp.stringBin("parity"), Exp.val("even")),
                Exp.not(Exp.eq(Exp.boolBin("third"), Exp.val(true))));
        assertEquals(expected(i -> i >= 5 && i % 2 == 0 && i % 3 != 0), matching(and));
        Exp or = Exp.or(Exp.lt(Exp.intBin("n"), Exp.val(2)), Exp.gt(Exp.floatBin("f"), Exp.val(8.5)));
        assertEquals(expected(i -> i < 2 || i / 2.0 > 8.5), matching(or));
        assertEquals(expected(i -> i % 2 == 1), matching(Exp.not(Exp.eq(Exp.stringBin("parity"), Exp.val("even")))));
    }

    @Test
    public void ttlMetadata() {
        assertEquals(expected(i -> i < 10), matching(Exp.lt(Exp.ttl(), Exp.val(2000))));
    }

    @Test
    public void lastUpdateMetadataSplitsTheTwoWriteGroups() {
        Exp newer = Exp.gt(Exp.lastUpdate(), Exp.val(betweenNs));
        assertEquals(expected(i -> i >= 10), matching(newer));
        assertEquals(expected(i -> i < 10), matching(Exp.not(newer)));
    }

    @Test
    public void missingBinMatchesNothing() {
        assertEquals(expected(i -> false), matching(Exp.gt(Exp.intBin("nope"), Exp.val(0))));
    }

    @Test
    public void getWithAFalseFilterIsFilteredOut() {
        Policy policy = new Policy();
        policy.filterExp = Exp.build(Exp.gt(Exp.intBin("n"), Exp.val(10)));
        Key low = new Key(ClusterEnv.NAMESPACE, set, 3);
        // By default the Java client turns 27 into a null record; failOnFilteredOut shows the code.
        assertNull(env.client.get(policy, low));
        policy.failOnFilteredOut = true;
        Errors.expectCode(ResultCode.FILTERED_OUT, () -> env.client.get(policy, low));
        Record high = env.client.get(policy, new Key(ClusterEnv.NAMESPACE, set, 13));
        assertEquals(13L, high.getLong("n"));
    }

    @Test
    public void writeWithAFalseFilterChangesNothing() {
        Key key = new Key(ClusterEnv.NAMESPACE, set, 4);
        int genBefore = env.client.getHeader(null, key).generation;
        WritePolicy policy = new WritePolicy();
        policy.filterExp = Exp.build(Exp.eq(Exp.stringBin("parity"), Exp.val("odd")));
        policy.failOnFilteredOut = true;
        Errors.expectCode(ResultCode.FILTERED_OUT, () -> env.client.put(policy, key, new Bin("n", -1)));
        Record r = env.client.get(null, key);
        assertEquals(4L, r.getLong("n"));
        assertEquals(genBefore, r.generation);
    }

}
