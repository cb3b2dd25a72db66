package io.aerohadoop.hive.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.policy.WritePolicy;
import java.util.List;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Where a table's connection comes from (its own properties first, then the session's SET keys),
 * errors that name the key at fault, and what EXPLAIN shows of the pushdown.
 */
public class ConfigurationTest {
    private static HiveFixture hive;

    @BeforeClass
    public static void setUp() throws Exception {
        hive = HiveFixture.get();
        hive.set("hive.fetch.task.conversion", "none");
        WritePolicy p = new WritePolicy();
        p.sendKey = true;
        for (int i = 0; i < 10; i++) {
            hive.client.put(p, new Key(HiveFixture.NAMESPACE, "conf", i), new Bin("v", (long) i));
        }
    }

    @Test
    public void tablePropertiesPassInputKeysThroughAndWinOverTheSession() throws Exception {
        // The session's aerospike.input.hosts reaches the cluster; this table's own seed does not answer.
        hive.run("CREATE EXTERNAL TABLE conf_badseed (k BIGINT, v BIGINT)"
                + " STORED BY 'io.aerohadoop.hive.AerospikeStorageHandler'"
                + " TBLPROPERTIES ('aerospike.namespace'='test', 'aerospike.set'='conf',"
                + " 'aerospike.columns.mapping'=':key,v', 'aerospike.input.hosts'='127.0.0.1:1',"
                + " 'aerospike.input.timeout.ms'='2000')");
        String error = hive.failure("SELECT count(*) FROM conf_badseed");
        assertNotNull(error);
        assertTrue(error + hive.lastTaskError(), (error + hive.lastTaskError()).contains("aerospike.input.hosts=127.0.0.1:1"));
    }

    @Test
    public void sessionSettingsApplyToTablesThatDoNotSetThem() throws Exception {
        hive.run("CREATE EXTERNAL TABLE conf_session (k BIGINT, v BIGINT)"
                + " STORED BY 'io.aerohadoop.hive.AerospikeStorageHandler'"
                + " TBLPROPERTIES ('aerospike.namespace'='test', 'aerospike.set'='conf', 'aerospike.columns.mapping'=':key,v')");
        assertEquals(List.of("10\t45"), hive.query("SELECT count(*), sum(v) FROM conf_session"));
        // A session key reaches the reader: one split instead of the default six.
        hive.set("aerospike.input.splits", "1");
        try {
            assertEquals(List.of("10"), hive.query("SELECT count(*) FROM conf_session"));
            assertEquals(1, hive.counter("Aerospike Hive", "Splits read by scan"));
        } finally {
            hive.unset("aerospike.input.splits");
        }
    }

    @Test
    public void aTableWithoutNamespaceFailsNamingTheKey() throws Exception {
        hive.run("CREATE EXTERNAL TABLE conf_nons (k BIGINT, v BIGINT) STORED BY 'io.aerohadoop.hive.AerospikeStorageHandler'"
                + " TBLPROPERTIES ('aerospike.set'='conf', 'aerospike.columns.mapping'=':key,v')");
        String error = hive.failure("SELECT count(*) FROM conf_nons");
        assertNotNull(error);
        String all = error + hive.lastTaskError();
        assertTrue(all, all.contains("aerospike.input.namespace"));
        error = hive.failure("INSERT INTO conf_nons SELECT 1, 1");
        assertNotNull(error);
        all = error + hive.lastTaskError();
        assertTrue(all, all.contains("aerospike.output.namespace"));
    }

    @Test
    public void explainShowsThePushedPredicateOnTheTableScanAndTheResidualFilter() throws Exception {
        hive.run("CREATE EXTERNAL TABLE conf_explain (k BIGINT, v BIGINT, s STRING)"
                + " STORED BY 'io.aerohadoop.hive.AerospikeStorageHandler'"
                + " TBLPROPERTIES ('aerospike.namespace'='test', 'aerospike.set'='conf',"
                + " 'aerospike.columns.mapping'=':key,v,s')");
        String plan = String.join("\n", hive.query("EXPLAIN SELECT k FROM conf_explain WHERE v > 3 AND upper(s) = 'X'"));
        assertTrue(plan, plan.contains("filterExpr: (v > 3L) (type: boolean)"));
        assertTrue(plan, plan.contains("predicate: (upper(s) = 'X') (type: boolean)"));
    }
}
