package io.aerohadoop.pigit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.Record;
import com.aerospike.client.policy.WritePolicy;
import java.util.List;
import org.apache.pig.PigServer;
import org.apache.pig.data.Tuple;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Connection settings from the location, the option argument or the script's properties (SET),
 * checked by the connector's configuration classes; unknown options and bad values are refused
 * naming the option or key.
 */
public class LocationOptionsTest {
    private static final String SET = "opts";
    private static PigCluster cluster;

    @BeforeClass
    public static void load() throws Exception {
        cluster = PigCluster.get();
        WritePolicy wp = new WritePolicy();
        wp.sendKey = true;
        for (int i = 0; i < 20; i++) {
            cluster.client.put(wp, new Key(PigCluster.NAMESPACE, SET, i), new Bin("v", i));
        }
    }

    @Test
    public void hostsInTheLocationOrTheOptionArgumentReplaceSet() throws Exception {
        PigServer pig = cluster.pig(false);
        // Pig splits locations at commas (lists of paths): a location's seed list is URL-encoded.
        pig.registerQuery("A = LOAD 'aerospike://test/opts?hosts=" + cluster.aerolite.seeds().replace(",", "%2C")
                + "&splits=3'"
                + " USING io.aerohadoop.pig.AerospikeStorage('k=:key v:long');");
        pig.registerQuery("B = FOREACH A GENERATE k, v * 10 AS v10;");
        pig.registerQuery("STORE B INTO 'aerospike://test/opts_out' USING io.aerohadoop.pig.AerospikeStorage('k',"
                + " 'hosts=" + cluster.aerolite.seeds() + " write.mode=create_only ttl=1000');");
        assertTrue(pig.executeBatch().get(0).hasCompleted());
        for (int i = 0; i < 20; i++) {
            Record r = cluster.client.get(null, new Key(PigCluster.NAMESPACE, "opts_out", i));
            assertEquals(i * 10L, r.getLong("v10"));
            assertTrue("ttl=1000 applied: " + r.getTimeToLive(), r.getTimeToLive() > 900 && r.getTimeToLive() <= 1000);
        }
    }

    @Test
    public void aFilterOnTheUserKeyIsEvaluatedByTheServer() throws Exception {
        PigServer pig = cluster.pig();
        pig.registerQuery("A = LOAD 'aerospike://test/opts' USING io.aerohadoop.pig.AerospikeStorage('k=:key:long v:long');");
        pig.registerQuery("B = FILTER A BY k >= 15;");
        List<Tuple> rows = PigCluster.rows(pig, "B");
        assertEquals(5, rows.size());
        for (Tuple t : rows) {
            assertTrue(t.toString(), (Long) t.get(0) >= 15 && t.get(0).equals(t.get(1)));
        }
        assertEquals("records the server sent", 5, JobCounters.sum("Aerospike Input", "Records read"));
    }

    @Test
    public void theWholeNamespaceIsReadWithoutASet() throws Exception {
        PigServer pig = cluster.pig();
        pig.registerQuery("A = LOAD 'aerospike://test' USING io.aerohadoop.pig.AerospikeStorage('v:long');");
        pig.registerQuery("B = FILTER A BY v IS NOT NULL AND v < 20;");
        pig.registerQuery("G = GROUP B ALL;");
        pig.registerQuery("C = FOREACH G GENERATE COUNT(B);");
        List<Tuple> rows = PigCluster.rows(pig, "C");
        // opts has v = 0..19; the other classes' sets have no bin v, or write theirs elsewhere.
        assertTrue(((Long) rows.get(0).get(0)) >= 20);
    }

    @Test
    public void anUnknownOptionIsRefusedNamingItAndTheKnownOnes() throws Exception {
        PigServer pig = cluster.pig();
        try {
            pig.registerQuery("A = LOAD 'aerospike://test/opts?hots=x' USING io.aerohadoop.pig.AerospikeStorage('v:long');");
            PigCluster.rows(pig, "A");
            throw new AssertionError("an unknown option was accepted");
        } catch (java.io.IOException e) {
            String m = PigCluster.messages(e);
            assertTrue(m, m.contains("unknown option 'hots'") && m.contains("hosts"));
        }
    }

    @Test
    public void aBadValueIsRefusedByTheConnectorsConfigurationNamingTheKey() throws Exception {
        PigServer pig = cluster.pig();
        try {
            pig.registerQuery("A = LOAD 'aerospike://test/opts' USING io.aerohadoop.pig.AerospikeStorage('v:long',"
                    + " 'timeout.ms=0');");
            throw new AssertionError("timeout.ms=0 was accepted");
        } catch (java.io.IOException e) {
            String m = PigCluster.messages(e);
            assertTrue(m, m.contains("aerospike.input.timeout.ms"));
        }
    }

    @Test
    public void theSampleOptionBoundsTheRecordsReadForTheSchemaAndMustBePositive() throws Exception {
        PigServer pig = cluster.pig();
        pig.registerQuery("A = LOAD 'aerospike://test/opts' USING io.aerohadoop.pig.AerospikeStorage('v', 'sample=1');");
        assertEquals("{v: long}", pig.dumpSchema("A").toString());
        try {
            pig.registerQuery("B = LOAD 'aerospike://test/opts' USING io.aerohadoop.pig.AerospikeStorage('v', 'sample=0');");
            throw new AssertionError("sample=0 was accepted");
        } catch (java.io.IOException e) {
            String m = PigCluster.messages(e);
            assertTrue(m, m.contains("option sample=0 is not a record count of 1 or more"));
        }
    }

    @Test
    public void aStoreWithoutTheKeyFieldIsRefusedBeforeAnyJob() throws Exception {
        PigServer pig = cluster.pig();
        pig.registerQuery("A = LOAD 'aerospike://test/opts' USING io.aerohadoop.pig.AerospikeStorage('v:long');");
        try {
            pig.registerQuery("STORE A INTO 'aerospike://test/opts_x' USING io.aerohadoop.pig.AerospikeStorage('nokey');");
            pig.executeBatch();
            throw new AssertionError("a store without its key field was accepted");
        } catch (java.io.IOException e) {
            String m = PigCluster.messages(e);
            assertTrue(m, m.contains("the key field 'nokey' is not in the stored relation [v]"));
        }
    }
}
