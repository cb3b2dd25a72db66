package io.aerohadoop.hive.it;

import static org.junit.Assert.assertEquals;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.Record;
import com.aerospike.client.policy.WritePolicy;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The same handler under Tez in local mode (Hive 4's default engine): a pushed-down SELECT and an
 * INSERT ... SELECT, in the shared session switched to Tez for this class only.
 */
public class TezTest {
    private static HiveFixture hive;

    @BeforeClass
    public static void tez() throws Exception {
        hive = HiveFixture.get();
        WritePolicy p = new WritePolicy();
        p.sendKey = true;
        for (int i = 0; i < 50; i++) {
            hive.client.put(p, new Key(HiveFixture.NAMESPACE, "tez", i), new Bin("v", (long) i), new Bin("s", "s" + i % 5));
        }
        hive.run("CREATE EXTERNAL TABLE tez_t (k BIGINT, v BIGINT, s STRING)"
                + " STORED BY 'io.aerohadoop.hive.AerospikeStorageHandler'"
                + " TBLPROPERTIES ('aerospike.namespace'='test', 'aerospike.set'='tez', 'aerospike.columns.mapping'=':key,v,s')",
                "CREATE EXTERNAL TABLE tez_out (k STRING, total BIGINT)"
                + " STORED BY 'io.aerohadoop.hive.AerospikeStorageHandler'"
                + " TBLPROPERTIES ('aerospike.namespace'='test', 'aerospike.set'='tez_out', 'aerospike.columns.mapping'=':key,total')");
        hive.set("hive.execution.engine", "tez");
        hive.set("tez.local.mode", "true");
        hive.set("tez.runtime.optimize.local.fetch", "true");
        hive.set("tez.ignore.lib.uris", "true");
        hive.set("tez.staging-dir", Files.createTempDirectory("tez-staging").toString());
    }

    @AfterClass
    public static void mr() throws Exception {
        hive.set("hive.execution.engine", "mr");
    }

    @Test
    public void aPushedDownSelectAndAnInsertRunUnderTezLocalMode() throws Exception {
        List<String> rows = new ArrayList<>(hive.query("SELECT k, s FROM tez_t WHERE v BETWEEN 10 AND 14"));
        Collections.sort(rows);
        assertEquals(List.of("10\ts0", "11\ts1", "12\ts2", "13\ts3", "14\ts4"), rows);
        hive.run("INSERT INTO tez_out SELECT s, sum(v) FROM tez_t GROUP BY s");
        for (int r = 0; r < 5; r++) {
            long expected = 0;
            for (int i = r; i < 50; i += 5) {
                expected += i;
            }
            Record rec = hive.client.get(null, new Key(HiveFixture.NAMESPACE, "tez_out", "s" + r));
            assertEquals("s" + r, expected, rec.getLong("total"));
        }
    }
}
