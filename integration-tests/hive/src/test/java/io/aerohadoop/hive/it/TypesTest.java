package io.aerohadoop.hive.it;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.Record;
import com.aerospike.client.Value;
import com.aerospike.client.policy.WritePolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Every particle type both ways: a record written by the Java client read through a table with one
 * column per type, the same row written back by Hive and read with the Java client, and values of
 * the wrong type failing the query naming column and bin.
 */
public class TypesTest {
    private static final String POINT = "{\"type\":\"Point\",\"coordinates\":[1.5,2.5]}";
    private static final String COLUMNS = "i, i32, i16, i8, d, f, s, hex(b), t, l, m, st, g, nested, absent";
    private static HiveFixture hive;

    @BeforeClass
    public static void setUp() throws Exception {
        hive = HiveFixture.get();
        WritePolicy p = new WritePolicy();
        p.sendKey = true;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 1L);
        m.put("b", 2L);
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("name", "x");
        st.put("n", 5L);
        hive.client.put(p, new Key(HiveFixture.NAMESPACE, "types", "t1"), new Bin("i", 7L), new Bin("i32", -8L),
                new Bin("i16", 9L), new Bin("i8", -10L), new Bin("d", 2.5), new Bin("f", 1.25), new Bin("s", "héllo"),
                new Bin("b", new byte[] {1, 2, (byte) 0xff}), new Bin("t", true), new Bin("l", List.of(1L, 2L, 3L)),
                new Bin("m", m), new Bin("st", st), Bin.asGeoJSON("g", POINT),
                new Bin("nested", List.of(Map.of("k", 1L))));
        hive.run("CREATE EXTERNAL TABLE types (k STRING, i BIGINT, i32 INT, i16 SMALLINT, i8 TINYINT, d DOUBLE,"
                + " f FLOAT, s STRING, b BINARY, t BOOLEAN, l ARRAY<BIGINT>, m MAP<STRING,BIGINT>,"
                + " st STRUCT<name:STRING,n:BIGINT>, g STRING, nested ARRAY<MAP<STRING,BIGINT>>, absent STRING)"
                + " STORED BY 'io.aerohadoop.hive.AerospikeStorageHandler'"
                + " TBLPROPERTIES ('aerospike.namespace'='test', 'aerospike.set'='types',"
                + " 'aerospike.columns.mapping'=':key,i,i32,i16,i8,d,f,s,b,t,l,m,st,g:geojson,nested,absent')");
    }

    private static final String ROW = "7\t-8\t9\t-10\t2.5\t1.25\théllo\t0102FF\ttrue\t[1,2,3]\t{\"a\":1,\"b\":2}"
            + "\t{\"name\":\"x\",\"n\":5}\t" + POINT + "\t[{\"k\":1}]\tNULL";

    @Test
    public void everyParticleTypeReadsAsItsColumnType() throws Exception {
        assertEquals(List.of(ROW), hive.query("SELECT " + COLUMNS + " FROM types WHERE k = 't1'"));
        // Values are typed, not text: arithmetic and element access work on them.
        assertEquals(List.of("14\t2\t5\tx\t1\t3.75"),
                hive.query("SELECT i * 2, l[1], st.n, st.name, m['a'], d + f FROM types WHERE k = 't1'"));
    }

    @Test
    public void everyColumnTypeIsWrittenAsItsParticleType() throws Exception {
        hive.run("INSERT INTO types SELECT 't2', 7, -8, 9, -10, 2.5, 1.25, 'héllo', unhex('0102FF'), true,"
                + " array(1L, 2L, 3L), map('a', 1L, 'b', 2L), named_struct('name', 'x', 'n', 5L), '" + POINT + "',"
                + " array(map('k', 1L)), NULL");
        Record r = hive.client.get(null, new Key(HiveFixture.NAMESPACE, "types", "t2"));
        assertNotNull(r);
        assertEquals(7L, r.getValue("i"));
        assertEquals(-8L, r.getValue("i32"));
        assertEquals(9L, r.getValue("i16"));
        assertEquals(-10L, r.getValue("i8"));
        assertEquals(2.5, r.getValue("d"));
        assertEquals(1.25, r.getValue("f"));
        assertEquals("héllo", r.getValue("s"));
        assertArrayEquals(new byte[] {1, 2, (byte) 0xff}, (byte[]) r.getValue("b"));
        assertEquals(true, r.getValue("t"));
        assertEquals(List.of(1L, 2L, 3L), r.getList("l"));
        assertEquals(Map.of("a", 1L, "b", 2L), r.getMap("m"));
        assertEquals(Map.of("name", "x", "n", 5L), r.getMap("st"));
        assertTrue(r.getValue("g") instanceof Value.GeoJSONValue || r.getGeoJSONString("g") != null);
        assertEquals(POINT, r.getGeoJSONString("g"));
        assertEquals(List.of(Map.of("k", 1L)), r.getList("nested"));
        assertFalse("a NULL column writes no bin", r.bins.containsKey("absent"));
        // And back through Hive: the same row as the one the Java client wrote.
        assertEquals(List.of(ROW), hive.query("SELECT " + COLUMNS + " FROM types WHERE k = 't2'"));
    }

    @Test
    public void aValueOfTheWrongTypeFailsTheQueryNamingColumnAndBin() throws Exception {
        WritePolicy p = new WritePolicy();
        p.sendKey = true;
        hive.client.put(p, new Key(HiveFixture.NAMESPACE, "types_bad", "bad"), new Bin("s", 5L), new Bin("n", 1L << 40));
        // Every column of a row is converted: one table per wrong value.
        hive.run("CREATE EXTERNAL TABLE types_bad (k STRING, s STRING)"
                + " STORED BY 'io.aerohadoop.hive.AerospikeStorageHandler'"
                + " TBLPROPERTIES ('aerospike.namespace'='test', 'aerospike.set'='types_bad',"
                + " 'aerospike.columns.mapping'=':key,s')",
                "CREATE EXTERNAL TABLE types_narrow (k STRING, n INT)"
                + " STORED BY 'io.aerohadoop.hive.AerospikeStorageHandler'"
                + " TBLPROPERTIES ('aerospike.namespace'='test', 'aerospike.set'='types_bad',"
                + " 'aerospike.columns.mapping'=':key,n')");
        // The job fails; the task's exception (in its log) names column, bin, record and value.
        assertNotNull(hive.failure("SELECT s FROM types_bad"));
        String error = hive.lastTaskError();
        assertTrue(error, error.contains("column 's' (bin 's') of type string") && error.contains("holds an integer (5)"));
        assertNotNull(hive.failure("SELECT n FROM types_narrow"));
        error = hive.lastTaskError();
        assertTrue(error, error.contains("column 'n' (bin 'n') of type int") && error.contains("1099511627776"));
    }

    @Test
    public void aColumnTypeWithoutAParticleIsRefusedWhenTheTableIsCreated() throws Exception {
        String error = hive.failure("CREATE EXTERNAL TABLE types_ts (k STRING, at TIMESTAMP)"
                + " STORED BY 'io.aerohadoop.hive.AerospikeStorageHandler'"
                + " TBLPROPERTIES ('aerospike.namespace'='test', 'aerospike.columns.mapping'=':key,at')");
        assertNotNull(error);
        assertTrue(error, error.contains("column 'at' (bin 'at') has type timestamp"));
        error = hive.failure("CREATE EXTERNAL TABLE types_map (k STRING, a STRING)"
                + " STORED BY 'io.aerohadoop.hive.AerospikeStorageHandler'"
                + " TBLPROPERTIES ('aerospike.namespace'='test', 'aerospike.columns.mapping'=':key')");
        assertNotNull(error);
        assertTrue(error, error.contains("aerospike.columns.mapping=:key has 1 entries for 2 columns"));
    }
}
