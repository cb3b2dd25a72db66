package io.aerohadoop.pigit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.Record;
import com.aerospike.client.policy.WritePolicy;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pig.PigServer;
import org.junit.Test;

/** The script of docs/pig.md, run as printed with the cluster's seeds and the built jar's path. */
public class DocExampleTest {
    private static final String[] CUSTOMERS = {"ann", "bob", "cid"};
    private static final String[] STATUSES = {"paid", "open", "paid", "void"};

    static String script() throws Exception {
        Path dir = Paths.get("").toAbsolutePath();
        while (!Files.isRegularFile(dir.resolve("docs/pig.md"))) {
            dir = dir.getParent();
        }
        String doc = new String(Files.readAllBytes(dir.resolve("docs/pig.md")), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<!-- tested -->\\s*```pig\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertTrue("docs/pig.md has a tested pig block", m.find());
        return m.group(1);
    }

    @Test
    public void theScriptOfDocsPigMdStoresPaidTotalsPerCustomerReadingOnlyPaidOrders() throws Exception {
        PigCluster cluster = PigCluster.get();
        WritePolicy wp = new WritePolicy();
        wp.sendKey = true;
        Map<String, long[]> expected = new TreeMap<>();
        int paid = 0;
        for (int i = 0; i < 120; i++) {
            String customer = CUSTOMERS[i % 3];
            String status = STATUSES[i % 4];
            long amount = 10 + i;
            cluster.client.put(wp, new Key(PigCluster.NAMESPACE, "orders", i), new Bin("customer", customer),
                    new Bin("amount", amount), new Bin("status", status), new Bin("note", "n" + i));
            if (status.equals("paid")) {
                paid++;
                long[] e = expected.computeIfAbsent(customer, c -> new long[2]);
                e[0]++;
                e[1] += amount;
            }
        }
        String script = script().replace("127.0.0.1:3000", cluster.aerolite.seeds())
                .replace("/opt/aerohadoop/aerohadoop-0.1.0.jar", System.getProperty("aerohadoop.jar"));
        PigServer pig = cluster.pig(false);
        pig.registerScript(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)));
        assertTrue(pig.executeBatch().get(0).hasCompleted());
        assertEquals("records the server sent", paid, JobCounters.sum("Aerospike Input", "Records read"));

        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            Record r = cluster.client.get(null, new Key(PigCluster.NAMESPACE, "customer_totals", e.getKey()));
            assertEquals(e.getKey(), e.getValue()[0], r.getLong("orders"));
            assertEquals(e.getKey(), e.getValue()[1], r.getLong("spent"));
        }
    }
}
