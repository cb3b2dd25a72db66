package io.aerohadoop.pigit;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.Record;
import com.aerospike.client.Value;
import com.aerospike.client.policy.WritePolicy;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pig.PigServer;
import org.apache.pig.data.DataBag;
import org.apache.pig.data.DataByteArray;
import org.apache.pig.data.Tuple;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Every Pig type both ways (docs/pig.md's table): a record written by the Aerospike Java client with
 * one bin per particle type is loaded with declared and with sampled types, stored back through
 * the store function and read with the Java client; metadata fields match what the client reports.
 */
public class PigTypesTest {
    private static final String SET = "typed";
    private static final byte[] BLOB = {0, 1, (byte) 0xfe, (byte) 0xff};
    private static final String GEO = "{\"type\":\"Point\",\"coordinates\":[2.35,48.85]}";
    private static PigCluster cluster;

    @BeforeClass
    public static void load() throws Exception {
        cluster = PigCluster.get();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 1L);
        m.put("b", "y");
        WritePolicy wp = new WritePolicy();
        wp.sendKey = true;
        wp.expiration = -1;
        Key key = new Key(PigCluster.NAMESPACE, SET, 7L);
        cluster.client.put(wp, key, new Bin("i", 123456789012L), new Bin("small", 42), new Bin("d", 2.5),
                new Bin("s", "héllo"), new Bin("b", BLOB), new Bin("t", true), new Bin("l", Arrays.asList(1L, "x", 2.5)),
                new Bin("nested", Arrays.asList(Arrays.asList(1L, 2L), Arrays.asList(3L, 4L))), new Bin("m", m),
                new Bin("g", Value.getAsGeoJSON(GEO)));
        // A second write: generation 2.
        cluster.client.put(wp, key, new Bin("small", 42));
    }

    private static final String DECLARED = "A = LOAD 'aerospike://test/typed' USING io.aerohadoop.pig.AerospikeStorage("
            + "'id=:key:long i:long small:int d:double f=d:float s:chararray b:bytearray t:boolean l:tuple lb=l:bag"
            + " nested:bag m:map g:chararray missing:int dg=:digest gen=:generation ttl=:ttl');";

    @Test
    public void declaredTypesReadEveryParticleAndTheMetadata() throws Exception {
        PigServer pig = cluster.pig();
        pig.registerQuery(DECLARED);
        List<Tuple> rows = PigCluster.rows(pig, "A");
        assertEquals(1, rows.size());
        Tuple t = rows.get(0);
        assertEquals(7L, t.get(0));
        assertEquals(123456789012L, t.get(1));
        assertEquals(42, t.get(2));
        assertEquals(2.5, t.get(3));
        assertEquals(2.5f, t.get(4));
        assertEquals("héllo", t.get(5));
        assertEquals(new DataByteArray(BLOB), t.get(6));
        assertEquals(true, t.get(7));
        Tuple l = (Tuple) t.get(8);
        assertEquals(Arrays.asList(1L, "x", 2.5), l.getAll());
        DataBag lb = (DataBag) t.get(9);
        assertEquals(3, lb.size());
        Iterator<Tuple> it = lb.iterator();
        assertEquals(Arrays.asList((Object) 1L), it.next().getAll());
        assertEquals(Arrays.asList((Object) "x"), it.next().getAll());
        DataBag nested = (DataBag) t.get(10);
        Iterator<Tuple> n = nested.iterator();
        assertEquals(Arrays.asList(1L, 2L), n.next().getAll());
        assertEquals(Arrays.asList(3L, 4L), n.next().getAll());
        Map<?, ?> m = (Map<?, ?>) t.get(11);
        assertEquals(1L, m.get("a"));
        assertEquals("y", m.get("b"));
        assertEquals(GEO, t.get(12));
        assertNull(t.get(13));
        assertArrayEquals(new Key(PigCluster.NAMESPACE, SET, 7L).digest, ((DataByteArray) t.get(14)).get());
        Record r = cluster.client.get(null, new Key(PigCluster.NAMESPACE, SET, 7L));
        assertEquals(2, r.generation);
        assertEquals(r.generation, t.get(15));
        assertEquals(-1, t.get(16));
    }

    @Test
    public void sampledSchemaTypesEachBinByItsValues() throws Exception {
        PigServer pig = cluster.pig();
        pig.registerQuery("A = LOAD 'aerospike://test/typed' USING io.aerohadoop.pig.AerospikeStorage();");
        String schema = pig.dumpSchema("A").toString();
        for (String field : new String[] {"i: long", "small: long", "d: double", "s: chararray", "b: bytearray",
                "t: boolean", "l: ()", "m: map[]", "g: chararray"}) {
            assertTrue(schema + " has " + field, schema.contains(field));
        }
    }

    @Test
    public void aSampledBinOfMixedTypesIsUntypedAndKeepsEachValuesOwnType() throws Exception {
        WritePolicy wp = new WritePolicy();
        wp.sendKey = true;
        cluster.client.put(wp, new Key(PigCluster.NAMESPACE, "mixed", 1L), new Bin("x", 5L), new Bin("num", 1L));
        cluster.client.put(wp, new Key(PigCluster.NAMESPACE, "mixed", 2L), new Bin("x", "five"), new Bin("num", 2.5));
        PigServer pig = cluster.pig();
        pig.registerQuery("A = LOAD 'aerospike://test/mixed' USING io.aerohadoop.pig.AerospikeStorage('k=:key x num');");
        assertEquals("{k: long,x: bytearray,num: double}", pig.dumpSchema("A").toString());
        Map<Object, Tuple> byKey = new java.util.HashMap<>();
        for (Tuple t : PigCluster.rows(pig, "A")) {
            byKey.put(t.get(0), t);
        }
        assertEquals(5L, byKey.get(1L).get(1));
        assertEquals("five", byKey.get(2L).get(1));
        assertEquals("integers widen in a double field", 1.0, byKey.get(1L).get(2));
        assertEquals(2.5, byKey.get(2L).get(2));
    }

    @Test
    public void storedTuplesBecomeRecordsOfTheSameParticleTypes() throws Exception {
        PigServer pig = cluster.pig();
        pig.registerQuery(DECLARED);
        pig.registerQuery("B = FOREACH A GENERATE id, i, small, d, f, s, b, t, l, lb, nested, m, missing;");
        pig.registerQuery("STORE B INTO 'aerospike://test/typed_copy' USING io.aerohadoop.pig.AerospikeStorage('id');");
        assertTrue(pig.executeBatch().get(0).hasCompleted());

        Record r = cluster.client.get(null, new Key(PigCluster.NAMESPACE, "typed_copy", 7L));
        assertEquals(123456789012L, r.bins.get("i"));
        assertEquals(42L, r.bins.get("small"));
        assertEquals(2.5, r.bins.get("d"));
        assertEquals(2.5, r.bins.get("f"));
        assertEquals("héllo", r.bins.get("s"));
        assertArrayEquals(BLOB, (byte[]) r.bins.get("b"));
        assertEquals(true, r.bins.get("t"));
        assertEquals(Arrays.asList(1L, "x", 2.5), r.bins.get("l"));
        assertEquals("a bag of one-field tuples is a list of values", Arrays.asList(1L, "x", 2.5), r.bins.get("lb"));
        assertEquals(Arrays.asList(Arrays.asList(1L, 2L), Arrays.asList(3L, 4L)), r.bins.get("nested"));
        Map<?, ?> m = (Map<?, ?>) r.bins.get("m");
        assertEquals(1L, m.get("a"));
        assertEquals("y", m.get("b"));
        assertTrue("a null field writes no bin", !r.bins.containsKey("missing"));
        assertTrue("the key field is the user key, not a bin", !r.bins.containsKey("id"));

        // And through the loader again, sampled: the same values.
        PigServer back = cluster.pig();
        back.registerQuery("C = LOAD 'aerospike://test/typed_copy' USING io.aerohadoop.pig.AerospikeStorage("
                + "'k=:key i small d s b t l m');");
        Tuple t = PigCluster.rows(back, "C").get(0);
        assertEquals(Arrays.asList(7L, 123456789012L, 42L, 2.5, "héllo", new DataByteArray(BLOB), true),
                t.getAll().subList(0, 7));
        assertEquals(Arrays.asList(1L, "x", 2.5), ((Tuple) t.get(7)).getAll());
        assertEquals("y", ((Map<?, ?>) t.get(8)).get("b"));
    }

    @Test
    public void aValueThatDoesNotFitItsDeclaredTypeFailsNamingTheFieldAndBin() throws Exception {
        PigServer pig = cluster.pig();
        pig.registerQuery("A = LOAD 'aerospike://test/typed' USING io.aerohadoop.pig.AerospikeStorage('s:int');");
        try (TaskErrors errors = TaskErrors.capture()) {
            try {
                PigCluster.rows(pig, "A");
                throw new AssertionError("a string bin read as int");
            } catch (java.io.IOException e) {
                String all = PigCluster.messages(e) + "\n" + errors.text();
                assertTrue(all, all.contains("AerospikeStorage: field 's' (bin 's') is declared int but holds a string"));
            }
        }
    }
}
