package io.aerohadoop.conformance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.BatchRecord;
import com.aerospike.client.BatchWrite;
import com.aerospike.client.Bin;
import com.aerospike.client.Info;
import com.aerospike.client.Key;
import com.aerospike.client.Operation;
import com.aerospike.client.cluster.Node;
import com.aerospike.client.cluster.Partition;
import com.aerospike.client.policy.BatchWritePolicy;
import com.aerospike.client.policy.ScanPolicy;
import io.aerohadoop.testing.Aerolite;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * C17: node 2 of a 3-node RF-2 cluster stops in the middle of a throttled scan. The scan still returns every
 * record exactly once, the client drops the node, and takes it back after a restart. A cluster of its own, so
 * the shared ones never lose a node. The Java client scans all nodes in parallel, so node 2 is always in the
 * middle of its own stream when it goes down.
 */
public class C17NodeLossTest {
    private static final int N = 3000;
    private static final String SET = "c17";
    private static final int VICTIM = 2;
    private static Aerolite cluster;
    private static AerospikeClient client;

    @BeforeClass
    public static void start() throws IOException {
        cluster = Aerolite.builder().nodes(3).replicationFactor(2).start();
        client = Clients.connect(cluster.seeds(), 3, Clients.policy());
        BatchWritePolicy send = new BatchWritePolicy();
        send.sendKey = true;
        List<BatchRecord> writes = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            writes.add(new BatchWrite(send, new Key(ClusterEnv.NAMESPACE, SET, i),
                    new Operation[] {Operation.put(new Bin("n", i))}));
        }
        assertTrue(client.operate(null, writes));
    }

    @AfterClass
    public static void stop() {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** ~1000 master records per node at 1000/s each: every node streams for about a second. */
    private static ScanPolicy throttled() {
        ScanPolicy p = new ScanPolicy();
        p.recordsPerSecond = 1000;
        return p;
    }

    private static Node nodeOnPort(int port) {
        for (Node n : client.getNodes()) {
            if (n.getHost().port == port) {
                return n;
            }
        }
        throw new AssertionError("no node on port " + port);
    }

    /** Sends an aerolite-control command to node 0 through the client's own info path. */
    private static void control(Node node0, String command) {
        String answer = Info.request(null, node0, "aerolite-control:" + command);
        assertEquals("ok", answer.trim());
    }

    private static final class Scenario {
        final Node node0 = nodeOnPort(cluster.port(0));
        final String victimName = nodeOnPort(cluster.port(VICTIM)).getName();
        final Set<Integer> victimPids = new HashSet<>();
        volatile long cutAtNanos;

        Scenario() {
            for (Map.Entry<Integer, String> e : InfoAnswers.partitionMasters(client).entrySet()) {
                if (e.getValue().equals(victimName)) {
                    victimPids.add(e.getKey());
                }
            }
        }

        /** Runs the throttled scan while {@code actions} fire at their delays (ms). */
        Scanned scanWhile(long[] delaysMs, Runnable[] actions) throws InterruptedException {
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            try {
                for (int i = 0; i < actions.length; i++) {
                    Runnable action = actions[i];
                    boolean first = i == 0;
                    timer.schedule(() -> {
                        if (first) {
                            cutAtNanos = System.nanoTime();
                        }
                        action.run();
                    }, delaysMs[i], TimeUnit.MILLISECONDS);
                }
                return Scanned.all(client, SET, throttled());
            } finally {
                timer.shutdown();
                assertTrue(timer.awaitTermination(10, TimeUnit.SECONDS));
            }
        }

        /** The victim had sent some, but not all, of its records when it went down. */
        void assertCutMidway(Scanned scanned) {
            int early = 0;
            int total = 0;
            for (Scanned.Row row : scanned.rows()) {
                if (victimPids.contains(Partition.getPartitionId(row.key.digest))) {
                    total++;
                    if (row.arrivedNanos < cutAtNanos) {
                        early++;
                    }
                }
            }
            assertTrue(early + " of " + total + " records came before the cut", early > 0 && early < total);
        }

        void assertDroppedThenRejoins() {
            Waits.until(() -> client.getNodes().length == 2, 10_000, "client to drop node " + VICTIM);
            for (Node n : client.getNodes()) {
                assertFalse(n.getName().equals(victimName));
            }
            control(node0, "restart=" + VICTIM);
            Waits.until(() -> client.getNodes().length == 3, 10_000, "client to see node " + VICTIM + " again");
            assertEveryRecordOnce(Scanned.all(client, SET, null));
        }
    }

    private static void assertEveryRecordOnce(Scanned scanned) {
        Map<Long, Integer> seen = new HashMap<>();
        long sum = 0;
        for (Scanned.Row row : scanned.rows()) {
            seen.merge(row.key.userKey.toLong(), 1, Integer::sum);
            sum += row.record.getLong("n");
        }
        assertEquals((N - seen.size()) + " records missing", N, seen.size());
        for (long i = 0; i < N; i++) {
            assertEquals("times record " + i + " was returned", Integer.valueOf(1), seen.get(i));
        }
        assertEquals((long) N * (N - 1) / 2, sum);
    }

    @Test
    public void stopMidScanLosesNothingAndTheClientDropsTheNode() throws InterruptedException {
        Scenario s = new Scenario();
        Scanned scanned = s.scanWhile(new long[] {500}, new Runnable[] {() -> control(s.node0, "stop=" + VICTIM)});
        s.assertCutMidway(scanned);
        assertEveryRecordOnce(scanned);
        s.assertDroppedThenRejoins();
    }

    @Test
    public void killThenReclusterMidScanLosesNothing() throws InterruptedException {
        // kill: the survivors keep the old view (peers, partition map) until `recluster` 2 s later, as a
        // real cluster does while its heartbeats time out.
        Scenario s = new Scenario();
        Scanned scanned = s.scanWhile(new long[] {500, 2500}, new Runnable[] {
            () -> control(s.node0, "kill=" + VICTIM), () -> control(s.node0, "recluster")});
        s.assertCutMidway(scanned);
        assertEveryRecordOnce(scanned);
        s.assertDroppedThenRejoins();
    }
}
