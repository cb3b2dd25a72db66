package io.aerohadoop.hive.it;

import static org.junit.Assert.assertEquals;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.policy.WritePolicy;
import com.aerospike.client.query.IndexType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Predicate pushdown: each query returns what the same query returns with storage pushdown off
 * (and what the data says it must), while the records-read counter shows the server sent only the
 * matching records. Records i = 0..999 with user key i: n = i (numeric index), m = i % 100,
 * cat = "c" + i % 7, v = i / 4.0, flag = i even, opt = i only when i % 3 == 0.
 */
public class PushdownTest {
    private static final String SET = "pd";
    private static final int RECORDS = 1000;
    private static HiveFixture hive;

    @BeforeClass
    public static void load() throws Exception {
        hive = HiveFixture.get();
        WritePolicy p = new WritePolicy();
        p.sendKey = true;
        for (int i = 0; i < RECORDS; i++) {
            List<Bin> bins = new ArrayList<>(List.of(new Bin("n", i), new Bin("m", i % 100), new Bin("cat", "c" + i % 7),
                    new Bin("v", i / 4.0), new Bin("flag", i % 2 == 0)));
            if (i % 3 == 0) {
                bins.add(new Bin("opt", i));
            }
            hive.client.put(p, new Key(HiveFixture.NAMESPACE, SET, i), bins.toArray(new Bin[0]));
        }
        hive.client.createIndex(null, HiveFixture.NAMESPACE, SET, "pd_n", "n", IndexType.NUMERIC).waitTillComplete(20);
        hive.run("CREATE EXTERNAL TABLE pd (k BIGINT, n BIGINT, m BIGINT, cat STRING, v DOUBLE, flag BOOLEAN,"
                + " opt BIGINT, ttl INT, gen INT) STORED BY 'io.aerohadoop.hive.AerospikeStorageHandler'"
                + " TBLPROPERTIES ('aerospike.namespace'='test', 'aerospike.set'='pd',"
                + " 'aerospike.columns.mapping'=':key,n,m,cat,v,flag,opt,:ttl,:generation')");
    }

    @AfterClass
    public static void restore() throws Exception {
        hive.set("hive.optimize.ppd.storage", "true");
        hive.set("hive.fetch.task.conversion", "none");
    }

    /**
     * Runs {@code SELECT k FROM pd WHERE where} with pushdown and without; both must give the keys
     * {@code expected} selects, and the server must have sent {@code sent} records with pushdown.
     */
    private static void check(String where, IntPredicate expected, int sent) throws Exception {
        List<String> want = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            if (expected.test(i)) {
                want.add(Integer.toString(i));
            }
        }
        Collections.sort(want);
        String sql = "SELECT k FROM pd WHERE " + where;

        hive.set("hive.optimize.ppd.storage", "true");
        hive.set("hive.fetch.task.conversion", "none");
        List<String> pushed = sorted(hive.query(sql));
        long read = hive.recordsRead();
        indexSplits = hive.counter("Aerospike Hive", INDEX);
        scanSplits = hive.counter("Aerospike Hive", SCAN);

        // Without pushdown: the whole set travels and Hive filters.
        hive.set("hive.optimize.ppd.storage", "false");
        List<String> plain = sorted(hive.query(sql));
        long readWithout = hive.recordsRead();
        hive.set("hive.optimize.ppd.storage", "true");

        assertEquals(where + ": records sent without pushdown", RECORDS, readWithout);
        assertEquals(where + ": without pushdown", want, plain);
        assertEquals(where + ": with pushdown", want, pushed);
        assertEquals(where + ": records the server sent", sent, read);
    }

    private static List<String> sorted(List<String> rows) {
        List<String> s = new ArrayList<>(rows);
        Collections.sort(s);
        return s;
    }

    private static int count(IntPredicate p) {
        int n = 0;
        for (int i = 0; i < RECORDS; i++) {
            n += p.test(i) ? 1 : 0;
        }
        return n;
    }

    private static void pushedWhole(String where, IntPredicate expected) throws Exception {
        check(where, expected, count(expected));
    }

    @Test
    public void withoutAPredicateTheServerSendsEveryRecord() throws Exception {
        hive.set("hive.fetch.task.conversion", "none");
        assertEquals(List.of(Integer.toString(RECORDS)), hive.query("SELECT count(*) FROM pd"));
        assertEquals(RECORDS, hive.recordsRead());
    }

    @Test
    public void comparisonsOnAnIntegerBinAreFilteredByTheServer() throws Exception {
        pushedWhole("m = 5", i -> i % 100 == 5);
        pushedWhole("m <> 50 AND m > 90", i -> i % 100 != 50 && i % 100 > 90);
        pushedWhole("m < 3", i -> i % 100 < 3);
        pushedWhole("m >= 97", i -> i % 100 >= 97);
        pushedWhole("3 > m", i -> i % 100 < 3);
        pushedWhole("m <= 1", i -> i % 100 <= 1);
    }

    @Test
    public void betweenAndInAreFilteredByTheServer() throws Exception {
        pushedWhole("m BETWEEN 10 AND 12", i -> i % 100 >= 10 && i % 100 <= 12);
        pushedWhole("m NOT BETWEEN 1 AND 98", i -> i % 100 < 1 || i % 100 > 98);
        pushedWhole("cat IN ('c1', 'c3')", i -> i % 7 == 1 || i % 7 == 3);
        pushedWhole("m IN (1, 2, 3)", i -> i % 100 >= 1 && i % 100 <= 3);
    }

    @Test
    public void nullTestsFollowSqlSemanticsOnTheServer() throws Exception {
        pushedWhole("opt IS NULL AND m = 1", i -> i % 3 != 0 && i % 100 == 1);
        pushedWhole("opt IS NOT NULL AND m < 10", i -> i % 3 == 0 && i % 100 < 10);
        // A missing bin makes the comparison unknown: neither opt > 500 nor NOT (opt > 500) holds.
        pushedWhole("NOT (opt > 500)", i -> i % 3 == 0 && i <= 500);
        pushedWhole("opt > 990 OR m = 0", i -> (i % 3 == 0 && i > 990) || i % 100 == 0);
    }

    @Test
    public void andOrNotOverStringDoubleAndBooleanBinsAreFilteredByTheServer() throws Exception {
        pushedWhole("flag AND m = 4", i -> i % 2 == 0 && i % 100 == 4);
        pushedWhole("NOT flag AND m = 4", i -> false);
        pushedWhole("(m < 5 OR cat = 'c2') AND NOT (flag = true)",
                i -> (i % 100 < 5 || i % 7 == 2) && i % 2 != 0);
        pushedWhole("v > 240.5", i -> i / 4.0 > 240.5);
        pushedWhole("cat >= 'c5' AND v < 10.0", i -> i % 7 >= 5 && i / 4.0 < 10.0);
        pushedWhole("flag = false AND m = 3", i -> i % 2 != 0 && i % 100 == 3);
    }

    @Test
    public void userKeyAndTtlColumnsAreFilteredByTheServer() throws Exception {
        pushedWhole("k = 42", i -> i == 42);
        pushedWhole("k IN (1, 500, 999, 5000)", i -> i == 1 || i == 500 || i == 999);
        pushedWhole("k > 990 AND ttl = -1", i -> i > 990);
    }

    @Test
    public void whatCannotBePushedStaysWithHiveAndTheRestIsFilteredByTheServer() throws Exception {
        // upper(cat) is a function of a column: Hive applies it to the records m = 5 selects.
        check("m = 5 AND upper(cat) = 'C5'", i -> i % 100 == 5 && i % 7 == 5, count(i -> i % 100 == 5));
        // :generation has no expression: nothing pushed, every record travels.
        check("gen = 1 AND m = 7", i -> i % 100 == 7, count(i -> i % 100 == 7));
        check("gen = 2", i -> false, RECORDS);
    }

    @Test
    public void aRangeOnAnIndexedBinBecomesAnIndexQuery() throws Exception {
        pushedWhole("n BETWEEN 100 AND 199", i -> i >= 100 && i <= 199);
        assertEquals("index query splits", 1, splits(INDEX));
        assertEquals("scan splits", 0, splits(SCAN));
        pushedWhole("n >= 300 AND n < 400 AND cat = 'c1'", i -> i >= 300 && i < 400 && i % 7 == 1);
        assertEquals(1, splits(INDEX));
        // The same shape of predicate on a bin without an index scans the set (2 splits per node).
        pushedWhole("m BETWEEN 10 AND 11", i -> i % 100 >= 10 && i % 100 <= 11);
        assertEquals(0, splits(INDEX));
        assertEquals(6, splits(SCAN));
    }

    private static final String INDEX = "Splits read by index query";
    private static final String SCAN = "Splits read by scan";
    /** Splits the last checked query read each way, with pushdown (counter group "Aerospike Hive"). */
    private static long indexSplits;
    private static long scanSplits;

    private static long splits(String how) {
        return how.equals(INDEX) ? indexSplits : scanSplits;
    }
}
