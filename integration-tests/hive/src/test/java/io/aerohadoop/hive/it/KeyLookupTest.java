package io.aerohadoop.hive.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.policy.WritePolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Equality or IN on the user-key column becomes a batch get: each query returns what it returns
 * with storage pushdown off (and what the data says), the server sends only the records of the
 * keys found (`Records read`), no split is read by scan, and absent keys are counted.
 *
 * <p>Set kls: string keys k0..k199 (n = i, cat = "c" + i % 5), plus k-nokey-0..4 written without
 * their key (their key column reads NULL). Set kli: integer keys 0..199 (n = i).
 */
public class KeyLookupTest {
    private static final int RECORDS = 200;
    private static HiveFixture hive;

    @BeforeClass
    public static void load() throws Exception {
        hive = HiveFixture.get();
        WritePolicy sendKey = new WritePolicy();
        sendKey.sendKey = true;
        for (int i = 0; i < RECORDS; i++) {
            hive.client.put(sendKey, new Key(HiveFixture.NAMESPACE, "kls", "k" + i), new Bin("n", i),
                    new Bin("cat", "c" + i % 5));
            hive.client.put(sendKey, new Key(HiveFixture.NAMESPACE, "kli", i), new Bin("n", i));
        }
        for (int i = 0; i < 5; i++) {
            hive.client.put(new WritePolicy(), new Key(HiveFixture.NAMESPACE, "kls", "k-nokey-" + i), new Bin("n", -i),
                    new Bin("cat", "none"));
        }
        hive.run("CREATE EXTERNAL TABLE kls (k STRING, n BIGINT, cat STRING)"
                + " STORED BY 'io.aerohadoop.hive.AerospikeStorageHandler'"
                + " TBLPROPERTIES ('aerospike.namespace'='test', 'aerospike.set'='kls',"
                + " 'aerospike.columns.mapping'=':key,n,cat')");
        hive.run("CREATE EXTERNAL TABLE kli (k BIGINT, n BIGINT)"
                + " STORED BY 'io.aerohadoop.hive.AerospikeStorageHandler'"
                + " TBLPROPERTIES ('aerospike.namespace'='test', 'aerospike.set'='kli',"
                + " 'aerospike.columns.mapping'=':key,n')");
    }

    @AfterClass
    public static void restore() throws Exception {
        hive.set("hive.optimize.ppd.storage", "true");
        hive.set("hive.fetch.task.conversion", "none");
    }

    private static final String GROUP = "Aerospike Hive";
    /** Keys the server's filter left out in the last checked query, with pushdown. */
    private static long filteredOut;

    /**
     * Runs {@code sql} with pushdown and without: both must give {@code want}; with pushdown the
     * table is read by batch get only, the server sends {@code found} records, and {@code absent}
     * keys are counted as not found. Without pushdown the whole set ({@code setSize}) travels.
     */
    private static void check(String sql, List<String> want, long found, long absent, long setSize)
            throws Exception {
        hive.set("hive.fetch.task.conversion", "none");
        hive.set("hive.optimize.ppd.storage", "true");
        List<String> pushed = sorted(hive.query(sql));
        long read = hive.recordsRead();
        long batchSplits = hive.counter(GROUP, "Splits read by batch get");
        long scanSplits = hive.counter(GROUP, "Splits read by scan");
        long notFound = hive.counter("Aerospike Input", "Keys not found");
        filteredOut = hive.counter("Aerospike Input", "Keys filtered out");

        hive.set("hive.optimize.ppd.storage", "false");
        List<String> plain = sorted(hive.query(sql));
        long readWithout = hive.recordsRead();
        long scanWithout = hive.counter(GROUP, "Splits read by scan");
        hive.set("hive.optimize.ppd.storage", "true");

        List<String> expected = sorted(want);
        assertEquals(sql + ": without pushdown", expected, plain);
        assertEquals(sql + ": with pushdown", expected, pushed);
        assertEquals(sql + ": records sent without pushdown", setSize, readWithout);
        assertEquals(sql + ": scan splits without pushdown", 6, scanWithout);
        assertEquals(sql + ": records the server sent (keys found)", found, read);
        assertEquals(sql + ": keys not found", absent, notFound);
        assertEquals(sql + ": no split scanned", 0, scanSplits);
        assertTrue(sql + ": one batch-get split per master node, at most 3: " + batchSplits,
                batchSplits >= 1 && batchSplits <= 3);
    }

    private static List<String> sorted(List<String> rows) {
        List<String> s = new ArrayList<>(rows);
        Collections.sort(s);
        return s;
    }

    @Test
    public void equalityOnAStringKeyIsABatchGetOfThatKey() throws Exception {
        check("SELECT k, n, cat FROM kls WHERE k = 'k17'", List.of("k17\t17\tc2"), 1, 0, RECORDS + 5);
    }

    @Test
    public void inOnAStringKeyReadsTheKeysFoundAndCountsTheAbsentOnes() throws Exception {
        check("SELECT k, n FROM kls WHERE k IN ('k1', 'k50', 'k199', 'k200', 'missing', 'k50')",
                List.of("k1\t1", "k50\t50", "k199\t199"), 3, 2, RECORDS + 5);
    }

    @Test
    public void integerKeysAreLookedUpAsIntegers() throws Exception {
        check("SELECT k, n FROM kli WHERE k IN (0, 7, 123, 5000)", List.of("0\t0", "7\t7", "123\t123"), 3, 1,
                RECORDS);
        check("SELECT n FROM kli WHERE k = 42", List.of("42"), 1, 0, RECORDS);
    }

    @Test
    public void keyInAndABinPredicateIsABatchGetFilteredByTheServer() throws Exception {
        // k3 (c3), k8 (c3) and k10 (c0) exist; the filter cat = 'c3' leaves k10 out on the server.
        check("SELECT k FROM kls WHERE k IN ('k3', 'k8', 'k10', 'nope') AND cat = 'c3'", List.of("k3", "k8"), 2, 1,
                RECORDS + 5);
        check("SELECT k FROM kls WHERE n < 100 AND k IN ('k99', 'k100')", List.of("k99"), 1, 0, RECORDS + 5);
        assertEquals("k100 (n = 100) left out by the server", 1, filteredOut);
    }

    @Test
    public void aRecordWrittenWithoutItsKeyMatchesNoKeyAsWithoutPushdown() throws Exception {
        // Its key column reads NULL without pushdown; the batch get finds the record but the key
        // comparison sent along with it leaves it out on the server.
        check("SELECT n FROM kls WHERE k = 'k-nokey-1'", List.of(), 0, 0, RECORDS + 5);
        assertEquals(1, filteredOut);
    }
}
