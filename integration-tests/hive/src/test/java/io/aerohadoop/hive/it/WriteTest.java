package io.aerohadoop.hive.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.Record;
import com.aerospike.client.policy.WritePolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * INSERT INTO, INSERT OVERWRITE (an upsert by key: nothing is truncated) and CREATE TABLE AS
 * SELECT from a native Hive table into Aerospike, checked with the Aerospike Java client.
 */
public class WriteTest {
    private static HiveFixture hive;

    @BeforeClass
    public static void setUp() throws Exception {
        hive = HiveFixture.get();
        hive.set("hive.fetch.task.conversion", "none");
        hive.run("CREATE TABLE native_src (id STRING, qty BIGINT, price DOUBLE) STORED AS TEXTFILE",
                "INSERT INTO native_src VALUES ('a', 1, 1.5), ('b', 2, 2.5), ('c', 3, 3.5)");
    }

    private static String table(String name, String set) {
        return "CREATE EXTERNAL TABLE " + name + " (id STRING, qty BIGINT, price DOUBLE)"
                + " STORED BY 'io.aerohadoop.hive.AerospikeStorageHandler'"
                + " TBLPROPERTIES ('aerospike.namespace'='test', 'aerospike.set'='" + set + "',"
                + " 'aerospike.columns.mapping'=':key,qty,price')";
    }

    private static Record get(String set, String key) {
        return hive.client.get(null, new Key(HiveFixture.NAMESPACE, set, key));
    }

    private static List<String> sorted(List<String> rows) {
        List<String> s = new ArrayList<>(rows);
        Collections.sort(s);
        return s;
    }

    @Test
    public void insertIntoWritesOneRecordPerRowUnderItsKey() throws Exception {
        hive.run(table("w_insert", "w_insert"), "INSERT INTO w_insert SELECT id, qty * 10, price FROM native_src");
        assertEquals(3, hive.counter("Aerospike Output", "Records written"));
        for (String[] row : new String[][] {{"a", "10", "1.5"}, {"b", "20", "2.5"}, {"c", "30", "3.5"}}) {
            Record r = get("w_insert", row[0]);
            assertNotNull(row[0], r);
            assertEquals(Long.parseLong(row[1]), r.getLong("qty"));
            assertEquals(Double.parseDouble(row[2]), r.getDouble("price"), 0.0);
            assertEquals(1, r.generation);
        }
        assertEquals(List.of("a\t10\t1.5", "b\t20\t2.5", "c\t30\t3.5"), sorted(hive.query("SELECT * FROM w_insert")));
        // The user key is stored (aerospike.output.send.key defaults to true): a scan sees it.
        assertEquals(List.of("3"), hive.query("SELECT count(id) FROM w_insert"));
    }

    @Test
    public void insertOverwriteUpsertsByKeyAndKeepsOtherRecords() throws Exception {
        WritePolicy p = new WritePolicy();
        p.sendKey = true;
        hive.client.put(p, new Key(HiveFixture.NAMESPACE, "w_over", "a"), new Bin("qty", 100L), new Bin("price", 9.0),
                new Bin("extra", "kept"));
        hive.client.put(p, new Key(HiveFixture.NAMESPACE, "w_over", "z"), new Bin("qty", 26L), new Bin("price", 2.6));
        hive.run(table("w_over", "w_over"), "INSERT OVERWRITE TABLE w_over SELECT id, qty, price FROM native_src");
        // a: updated (its other bin kept: write mode update merges bins); b, c: new; z: untouched.
        Record a = get("w_over", "a");
        assertEquals(1L, a.getLong("qty"));
        assertEquals("kept", a.getString("extra"));
        assertEquals(2, a.generation);
        assertEquals(3L, get("w_over", "c").getLong("qty"));
        assertEquals(26L, get("w_over", "z").getLong("qty"));
        assertEquals(List.of("a\t1\t1.5", "b\t2\t2.5", "c\t3\t3.5", "z\t26\t2.6"),
                sorted(hive.query("SELECT * FROM w_over")));
    }

    @Test
    public void aNullColumnDeletesItsBin() throws Exception {
        WritePolicy p = new WritePolicy();
        p.sendKey = true;
        hive.client.put(p, new Key(HiveFixture.NAMESPACE, "w_null", "a"), new Bin("qty", 5L), new Bin("price", 5.5));
        hive.run(table("w_null", "w_null"), "INSERT INTO w_null SELECT 'a', CAST(NULL AS BIGINT), 6.5");
        Record a = get("w_null", "a");
        assertFalse(a.bins.containsKey("qty"));
        assertEquals(6.5, a.getDouble("price"), 0.0);
    }

    @Test
    public void aDigestColumnAddressesRecordsWrittenWithoutTheirUserKey() throws Exception {
        // Records stored without their user key (sendKey off) can still be updated by digest.
        hive.client.put(null, new Key(HiveFixture.NAMESPACE, "w_digest", "a"), new Bin("qty", 1L));
        hive.client.put(null, new Key(HiveFixture.NAMESPACE, "w_digest", "b"), new Bin("qty", 2L));
        hive.run("CREATE EXTERNAL TABLE w_digest (d STRING, k STRING, qty BIGINT)"
                + " STORED BY 'io.aerohadoop.hive.AerospikeStorageHandler'"
                + " TBLPROPERTIES ('aerospike.namespace'='test', 'aerospike.set'='w_digest',"
                + " 'aerospike.columns.mapping'=':digest,:key,qty')");
        String digestOfA = hex(new Key(HiveFixture.NAMESPACE, "w_digest", "a").digest);
        assertEquals(List.of(digestOfA + "\tNULL\t1"), hive.query("SELECT * FROM w_digest WHERE qty = 1"));
        hive.run("INSERT INTO w_digest SELECT d, k, qty + 100 FROM w_digest");
        assertEquals(101L, get("w_digest", "a").getLong("qty"));
        assertEquals(102L, get("w_digest", "b").getLong("qty"));
        assertEquals(List.of("101", "102"), sorted(hive.query("SELECT qty FROM w_digest")));
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }

    @Test
    public void aRowWithoutKeyFailsTheInsertNamingTheKeyColumn() throws Exception {
        hive.run(table("w_nokey", "w_nokey"));
        String error = hive.failure("INSERT INTO w_nokey SELECT CAST(NULL AS STRING), 1, 1.0");
        assertNotNull("the insert must fail", error);
        assertNull(get("w_nokey", "a"));
        assertTrue(error, hive.lastTaskError().contains("column 'id' (:key)"));
    }

    /** A :generation value past an int fails the insert naming the column; it was cut to another number. */
    @Test
    public void aGenerationPastAnIntFailsTheInsertNamingTheColumn() throws Exception {
        hive.run("CREATE EXTERNAL TABLE w_gen (id STRING, qty BIGINT, gen BIGINT)"
                + " STORED BY 'io.aerohadoop.hive.AerospikeStorageHandler'"
                + " TBLPROPERTIES ('aerospike.namespace'='test', 'aerospike.set'='w_gen',"
                + " 'aerospike.columns.mapping'=':key,qty,:generation')");
        String error = hive.failure("INSERT INTO w_gen SELECT 'a', 1, 4294967297");
        assertNotNull("the insert must fail", error);
        assertNull(get("w_gen", "a"));
        assertTrue(hive.lastTaskError(), hive.lastTaskError().contains("column 'gen' (:generation) holds 4294967297,"
                + " which is no record generation (0 to 65535)"));
    }

    @Test
    public void createTableAsSelectFromANativeTableWritesIntoAerospike() throws Exception {
        String error = hive.failure("CREATE EXTERNAL TABLE w_ctas STORED BY 'io.aerohadoop.hive.AerospikeStorageHandler'"
                + " TBLPROPERTIES ('aerospike.namespace'='test', 'aerospike.set'='w_ctas',"
                + " 'aerospike.columns.mapping'=':key,qty,price')"
                + " AS SELECT id, qty, price FROM native_src");
        assertNull(error, error);
        assertEquals(2L, get("w_ctas", "b").getLong("qty"));
        assertEquals(List.of("a\t1\t1.5", "b\t2\t2.5", "c\t3\t3.5"), sorted(hive.query("SELECT * FROM w_ctas")));
    }

    @Test
    public void createExternalTableThenInsertSelectCopiesANativeTable() throws Exception {
        hive.run(table("w_copy", "w_copy"), "INSERT INTO TABLE w_copy SELECT * FROM native_src");
        assertEquals(List.of("a\t1\t1.5", "b\t2\t2.5", "c\t3\t3.5"), sorted(hive.query("SELECT * FROM w_copy")));
        assertEquals(3.5, get("w_copy", "c").getDouble("price"), 0.0);
    }
}
