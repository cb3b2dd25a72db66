package io.aerohadoop.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.Record;
import com.aerospike.client.exp.Exp;
import java.nio.file.Path;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The copy tool (issue 10) between two aerolite clusters — the shared 3-node RF 2 cluster and a
 * 1-node one of its own — and within one cluster with a filter and renamed bins.
 */
public class CopyToolTest {
    private static final String NS = ClusterFixture.NAMESPACE;
    private static final String SOURCE = "copy_src";
    private static final int RECORDS = 90;

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static ClusterFixture cluster;
    private static ClusterFixture other;
    private static SetSnapshot source;

    @BeforeClass
    public static void loadEveryParticleTypeAndStartASecondCluster() throws Exception {
        cluster = SharedCluster.get();
        ParticleSet.load(cluster.client, NS, SOURCE, RECORDS);
        source = SetSnapshot.scan(cluster.client, NS, SOURCE);
        assertEquals(RECORDS, source.size());
        other = ClusterFixture.start(1, 1);
    }

    @AfterClass
    public static void stopTheSecondCluster() {
        if (other != null) {
            other.close();
        }
    }

    private static String hosts(ClusterFixture c) {
        return "127.0.0.1:" + c.aerolite.port(0);
    }

    @Test
    public void copyToAnotherClusterKeepsDigestsKeysTtlsAndEveryBin() throws Exception {
        Path work = TMP.newFolder("to-other").toPath();
        ToolRun run = ToolRun.run(work, "copy", "--hosts", hosts(cluster), "--namespace", NS, "--set", SOURCE,
                "--to-hosts", hosts(other));
        assertEquals(run.toString(), 0, run.exitStatus);
        assertEquals(RECORDS, run.summaryValue("records"));
        assertEquals(0, run.summaryValue("failures"));
        SetSnapshot copied = SetSnapshot.scan(other.client, NS, SOURCE);
        source.assertCopiedTo(copied, NS, 60, false);
        // Same set name, other cluster: every digest is the source's, keyed or not.
        for (Map.Entry<String, SetSnapshot.Entry> e : source.entries.entrySet()) {
            assertTrue(java.util.Arrays.equals(e.getValue().digest, copied.entries.get(e.getKey()).digest));
        }
    }

    /**
     * Within one namespace, a record stored without its user key keeps its digest, which the
     * original holds: the server refuses it (code 4), and the error policy counts and skips it.
     */
    @Test
    public void copyWithinTheClusterTakesOnlyFilteredRecordsAndRenamesBins() throws Exception {
        Path work = TMP.newFolder("filtered").toPath();
        String target = "copy_odd";
        String odd = Exp.build(Exp.eq(Exp.intBin("parity"), Exp.val(1))).getBase64();
        long oddKeyed = 0;
        long oddKeyless = 0;
        for (int i = 1; i < RECORDS; i += 2) {
            if (ParticleSet.storesKey(i)) {
                oddKeyed++;
            } else {
                oddKeyless++;
            }
        }
        ToolRun run = ToolRun.run(work, "copy", "--hosts", hosts(cluster), "--namespace", NS, "--set", SOURCE,
                "--to-set", target, "--filter", odd, "--rename", "n=number,geo=where", "--ttl", "-1",
                "--errors-max", Long.toString(oddKeyless));
        assertEquals(run.toString(), 0, run.exitStatus);
        assertEquals(oddKeyed, run.summaryValue("records"));
        assertEquals(oddKeyless, run.summaryValue("failures"));
        SetSnapshot copied = SetSnapshot.scan(cluster.client, NS, target);
        assertEquals(oddKeyed, copied.size());
        for (Map.Entry<String, SetSnapshot.Entry> e : copied.entries.entrySet()) {
            Record original = source.entries.get(e.getKey()).record;
            Record copy = e.getValue().record;
            assertEquals(1L, copy.getLong("parity"));
            assertEquals(original.getLong("n"), copy.getLong("number"));
            assertFalse(copy.bins.containsKey("n"));
            assertFalse(copy.bins.containsKey("geo"));
            SetSnapshot.assertDeepEquals("where", original.bins.get("geo"), copy.bins.get("where"));
            SetSnapshot.assertDeepEquals("list", original.bins.get("list"), copy.bins.get("list"));
            assertEquals(original.bins.size(), copy.bins.size());
            assertEquals("--ttl -1: never expires", -1, copy.getTimeToLive());
        }
    }
}
