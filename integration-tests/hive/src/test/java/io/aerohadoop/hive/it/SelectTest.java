package io.aerohadoop.hive.it;

import static org.junit.Assert.assertEquals;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.policy.WritePolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.BeforeClass;
import org.junit.Test;

/** SELECT over a set written by the Aerospike Java client: bins and metadata columns. */
public class SelectTest {
    private static final String SET = "people";
    private static HiveFixture hive;

    @BeforeClass
    public static void load() throws Exception {
        hive = HiveFixture.get();
        WritePolicy p = new WritePolicy();
        p.sendKey = true;
        for (int i = 0; i < 100; i++) {
            hive.client.put(p, new Key(HiveFixture.NAMESPACE, SET, "user" + i), new Bin("name", "name" + i),
                    new Bin("Age", (long) (i % 50)), new Bin("score", i * 0.5));
        }
        hive.run("CREATE EXTERNAL TABLE people (id STRING, name STRING, age BIGINT, score DOUBLE, gen INT)"
                + " STORED BY 'io.aerohadoop.hive.AerospikeStorageHandler'"
                + " TBLPROPERTIES ('aerospike.namespace'='test', 'aerospike.set'='people',"
                + " 'aerospike.columns.mapping'=':key,name,Age,score,:generation')");
    }

    @Test
    public void selectReadsEveryRecordWithItsKeyBinsAndGeneration() throws Exception {
        List<String> rows = new ArrayList<>(hive.query("SELECT id, name, age, score, gen FROM people"));
        Collections.sort(rows);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add("user" + i + "\tname" + i + "\t" + (i % 50) + "\t" + (i * 0.5) + "\t1");
        }
        Collections.sort(expected);
        assertEquals(expected, rows);
        assertEquals(100, hive.recordsRead());
    }
}
