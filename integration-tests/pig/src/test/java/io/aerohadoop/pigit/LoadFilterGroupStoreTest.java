package io.aerohadoop.pigit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.Record;
import com.aerospike.client.policy.WritePolicy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pig.PigServer;
import org.apache.pig.data.Tuple;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Pig Latin over a set of 300 people: load, filter, group, store into another set, read back; the
 * server sends only the bins Pig keeps (projection) and only the records a FILTER on bins keeps.
 */
public class LoadFilterGroupStoreTest {
    private static final String SET = "people";
    private static final int PEOPLE = 300;
    private static final String[] CITIES = {"Paris", "Lyon", "Oslo", "Lima", "Rome"};
    private static final int PAYLOAD_BYTES = 2000;
    private static PigCluster cluster;

    @BeforeClass
    public static void load() throws Exception {
        cluster = PigCluster.get();
        WritePolicy wp = new WritePolicy();
        wp.sendKey = true;
        for (int i = 0; i < PEOPLE; i++) {
            cluster.client.put(wp, new Key(PigCluster.NAMESPACE, SET, "p" + i), new Bin("name", "person" + i),
                    new Bin("age", age(i)), new Bin("city", CITIES[i % CITIES.length]), new Bin("score", score(i)),
                    new Bin("payload", new byte[PAYLOAD_BYTES]));
        }
    }

    private static int age(int i) {
        return 18 + (i * 7) % 60;
    }

    private static double score(int i) {
        return i * 0.25;
    }

    private static final String LOAD = "A = LOAD 'aerospike://test/people' USING io.aerohadoop.pig.AerospikeStorage("
            + "'name:chararray age:int city:chararray score:double payload:bytearray');";

    @Test
    public void filterGroupStoreWritesOneRecordPerCityWithCountAndSumReadBackByPigAndTheJavaClient() throws Exception {
        PigServer pig = cluster.pig();
        pig.registerQuery(LOAD);
        pig.registerQuery("B = FILTER A BY age >= 40;");
        pig.registerQuery("C = GROUP B BY city;");
        pig.registerQuery("D = FOREACH C GENERATE group AS city, COUNT(B) AS n, SUM(B.score) AS total;");
        pig.registerQuery("STORE D INTO 'aerospike://test/by_city' USING io.aerohadoop.pig.AerospikeStorage('city');");
        assertTrue(pig.executeBatch().get(0).hasCompleted());

        Map<String, long[]> expectedCounts = new TreeMap<>();
        Map<String, Double> expectedTotals = new HashMap<>();
        for (int i = 0; i < PEOPLE; i++) {
            if (age(i) >= 40) {
                String city = CITIES[i % CITIES.length];
                expectedCounts.computeIfAbsent(city, c -> new long[1])[0]++;
                expectedTotals.merge(city, score(i), Double::sum);
            }
        }
        AerospikeClient client = cluster.client;
        for (Map.Entry<String, long[]> e : expectedCounts.entrySet()) {
            Record r = client.get(null, new Key(PigCluster.NAMESPACE, "by_city", e.getKey()));
            assertEquals(e.getKey(), e.getValue()[0], r.getLong("n"));
            assertEquals(e.getKey(), expectedTotals.get(e.getKey()), r.getDouble("total"), 1e-9);
            assertFalse("the key field is the user key, not a bin", r.bins.containsKey("city"));
        }

        // Read back through the loader: the key as a field, the sampled types of n and total.
        PigServer back = cluster.pig();
        back.registerQuery("R = LOAD 'aerospike://test/by_city' USING io.aerohadoop.pig.AerospikeStorage('city=:key n total');");
        assertEquals("{city: chararray,n: long,total: double}", back.dumpSchema("R").toString());
        List<Tuple> rows = PigCluster.rows(back, "R");
        assertEquals(expectedCounts.size(), rows.size());
        for (Tuple t : rows) {
            String city = (String) t.get(0);
            assertEquals(city, expectedCounts.get(city)[0], ((Long) t.get(1)).longValue());
            assertEquals(city, expectedTotals.get(city), (Double) t.get(2), 1e-9);
        }
    }

    @Test
    public void projectionSendsOnlyTheBinsTheScriptUses() throws Exception {
        // Every bin: the 2000-byte payloads travel.
        PigServer all = cluster.pig();
        all.registerQuery(LOAD);
        all.registerQuery("G = GROUP A ALL;");
        all.registerQuery("S = FOREACH G GENERATE COUNT(A), SUM(A.age);");
        List<Tuple> full = PigCluster.rows(all, "S");
        long fullBytes = JobCounters.sum("Aerospike Input", "Bytes read");

        // name and age only: Pig prunes the other columns and the server sends two bins.
        PigServer pruned = cluster.pig();
        pruned.registerQuery(LOAD);
        pruned.registerQuery("P = FOREACH A GENERATE name, age;");
        pruned.registerQuery("G = GROUP P ALL;");
        pruned.registerQuery("S = FOREACH G GENERATE COUNT(P), SUM(P.age);");
        List<Tuple> few = PigCluster.rows(pruned, "S");
        long prunedBytes = JobCounters.sum("Aerospike Input", "Bytes read");

        long ages = 0;
        for (int i = 0; i < PEOPLE; i++) {
            ages += age(i);
        }
        assertEquals(PEOPLE, ((Long) full.get(0).get(0)).longValue());
        assertEquals(ages, ((Long) full.get(0).get(1)).longValue());
        assertEquals(full, few);
        assertTrue("all bins: " + fullBytes + " bytes", fullBytes >= (long) PEOPLE * PAYLOAD_BYTES);
        assertTrue("projected: " + prunedBytes + " bytes", prunedBytes > 0 && prunedBytes < (long) PEOPLE * 100);
    }

    @Test
    public void filterOnBinsIsEvaluatedByTheServerWithTheSameResult() throws Exception {
        PigServer pig = cluster.pig();
        pig.registerQuery(LOAD);
        pig.registerQuery("B = FILTER A BY (age > 50 AND city == 'Oslo') OR name IN ('person1', 'person2');");
        pig.registerQuery("N = FOREACH B GENERATE name;");
        List<Tuple> rows = PigCluster.rows(pig, "N");
        long read = JobCounters.sum("Aerospike Input", "Records read");

        int expected = 0;
        for (int i = 0; i < PEOPLE; i++) {
            if ((age(i) > 50 && CITIES[i % CITIES.length].equals("Oslo")) || i == 1 || i == 2) {
                expected++;
            }
        }
        assertEquals(expected, rows.size());
        assertEquals("records the server sent", expected, read);
    }

    @Test
    public void aConditionTheServerCannotEvaluateStaysInPigAndTheResultIsTheSame() throws Exception {
        PigServer pig = cluster.pig();
        pig.registerQuery(LOAD);
        // score is a double field (not pushed); the age conjunct alone goes to the server.
        pig.registerQuery("B = FILTER A BY age >= 30 AND age <= 39 AND score > 40.0;");
        pig.registerQuery("N = FOREACH B GENERATE name;");
        List<Tuple> rows = PigCluster.rows(pig, "N");
        long read = JobCounters.sum("Aerospike Input", "Records read");

        int expected = 0;
        int inAgeRange = 0;
        for (int i = 0; i < PEOPLE; i++) {
            if (age(i) >= 30 && age(i) <= 39) {
                inAgeRange++;
                if (score(i) > 40.0) {
                    expected++;
                }
            }
        }
        assertEquals(expected, rows.size());
        assertEquals("the server filtered on age only", inAgeRange, read);
    }
}
