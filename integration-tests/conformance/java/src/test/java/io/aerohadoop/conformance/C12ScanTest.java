package io.aerohadoop.conformance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.cluster.Partition;
import com.aerospike.client.policy.ScanPolicy;
import com.aerospike.client.policy.WritePolicy;
import com.aerospike.client.query.PartitionFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Before;
import org.junit.Test;

/** C12: scans return exactly the written records, by partition range, projected, paged and throttled. */
public class C12ScanTest extends ClusterCase {
    private static final int N = 300;
    private String set;

    @Before
    public void writeRecords() {
        set = env.set("c12");
        if (env.client.exists(null, new Key(ClusterEnv.NAMESPACE, set, 0))) {
            return;
        }
        WritePolicy send = new WritePolicy();
        send.sendKey = true;
        for (int i = 0; i < N; i++) {
            env.client.put(send, new Key(ClusterEnv.NAMESPACE, set, i), new Bin("n", i), new Bin("s", "r" + i));
        }
    }

    private static List<Long> range(int from, int to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }

    @Test
    public void scanOfASetReturnsExactlyTheWrittenRecords() {
        Scanned s = Scanned.all(env.client, set, null);
        assertEquals(range(0, N), s.longKeys());
        long sum = 0;
        for (Scanned.Row row : s.rows()) {
            long k = row.key.userKey.toLong();
            assertEquals(k, row.record.getLong("n"));
            assertEquals("r" + k, row.record.getString("s"));
            assertEquals(2, row.record.bins.size());
            assertEquals(1, row.record.generation);
            sum += row.record.getLong("n");
        }
        assertEquals((long) N * (N - 1) / 2, sum);
    }

    @Test
    public void partitionHalvesAreDisjointAndComplete() {
        Scanned low = Scanned.partitions(env.client, set, null, PartitionFilter.range(0, 2048));
        Scanned high = Scanned.partitions(env.client, set, null, PartitionFilter.range(2048, 2048));
        assertTrue(low.size() > 0 && high.size() > 0);
        Set<Long> lowKeys = new HashSet<>(low.longKeys());
        for (Long k : high.longKeys()) {
            assertFalse("key " + k + " in both halves", lowKeys.contains(k));
        }
        List<Long> union = new ArrayList<>(low.longKeys());
        union.addAll(high.longKeys());
        union.sort(Long::compare);
        assertEquals(range(0, N), union);
        for (Scanned.Row row : low.rows()) {
            assertTrue(Partition.getPartitionId(row.key.digest) < 2048);
        }
    }

    @Test
    public void binProjectionReturnsOnlyTheSelectedBin() {
        Scanned s = Scanned.all(env.client, set, null, "n");
        assertEquals(N, s.size());
        for (Scanned.Row row : s.rows()) {
            assertEquals(1, row.record.bins.size());
            assertEquals(row.key.userKey.toLong(), row.record.getLong("n"));
        }
    }

    @Test
    public void maxRecordsPagingUntilDoneCoversEverythingOnce() {
        ScanPolicy policy = new ScanPolicy();
        policy.maxRecords = 70;
        PartitionFilter filter = PartitionFilter.all();
        Map<Long, Integer> seen = new HashMap<>();
        int pages = 0;
        while (!filter.isDone()) {
            Scanned page = Scanned.partitions(env.client, set, policy, filter);
            assertTrue("page of " + page.size(), page.size() <= 70);
            for (Long k : page.longKeys()) {
                seen.merge(k, 1, Integer::sum);
            }
            pages++;
            assertTrue("paging does not finish", pages < 20);
        }
        assertEquals(new HashSet<>(range(0, N)), seen.keySet());
        for (Map.Entry<Long, Integer> e : seen.entrySet()) {
            assertEquals("times key " + e.getKey() + " was returned", 1, (int) e.getValue());
        }
        assertTrue("only " + pages + " pages", pages >= N / 70);
    }

    @Test
    public void recordsPerSecondIsAcceptedAndThrottles() {
        ScanPolicy policy = new ScanPolicy();
        policy.recordsPerSecond = 400;
        long started = System.nanoTime();
        Scanned s = Scanned.all(env.client, set, policy);
        double elapsed = (System.nanoTime() - started) / 1e9;
        assertEquals(range(0, N), s.longKeys());
        // 300 records at 400/s per node; the Java client scans the nodes in parallel, so even
        // spread over three nodes the scan cannot end before ~0.25 s.
        assertTrue("a throttled scan took only " + elapsed + " s", elapsed >= 0.2);
    }
}
