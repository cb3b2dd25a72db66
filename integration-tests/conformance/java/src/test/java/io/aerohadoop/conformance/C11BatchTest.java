package io.aerohadoop.conformance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.BatchDelete;
import com.aerospike.client.BatchRead;
import com.aerospike.client.BatchRecord;
import com.aerospike.client.BatchResults;
import com.aerospike.client.BatchWrite;
import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.Operation;
import com.aerospike.client.Record;
import com.aerospike.client.ResultCode;
import com.aerospike.client.cluster.Node;
import com.aerospike.client.cluster.Partition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

/** C11: batch reads, writes, deletes and operates, with a result per key. */
public class C11BatchTest extends ClusterCase {
    private Key[] putAll(String set, int n) {
        Key[] keys = new Key[n];
        for (int i = 0; i < n; i++) {
            keys[i] = new Key(ClusterEnv.NAMESPACE, set, i);
            env.client.put(null, keys[i], new Bin("n", i), new Bin("s", "v" + i));
        }
        return keys;
    }

    @Test
    public void batchReadReportsMissingKeysPerKey() {
        String set = env.set("c11r");
        putAll(set, 3);
        Key[] keys = {new Key(ClusterEnv.NAMESPACE, set, 0), new Key(ClusterEnv.NAMESPACE, set, "missing-1"),
            new Key(ClusterEnv.NAMESPACE, set, 1), new Key(ClusterEnv.NAMESPACE, set, "missing-2"),
            new Key(ClusterEnv.NAMESPACE, set, 2)};
        Record[] got = env.client.get(null, keys);
        assertEquals(5, got.length);
        assertEquals(0L, got[0].getValue("n"));
        assertNull(got[1]);
        assertEquals("v1", got[2].getValue("s"));
        assertNull(got[3]);
        assertEquals(2L, got[4].getValue("n"));

        List<BatchRecord> reads = new ArrayList<>();
        for (Key k : keys) {
            reads.add(new BatchRead(k, true));
        }
        assertFalse("not every key exists", env.client.operate(null, reads));
        int[] codes = reads.stream().mapToInt(r -> r.resultCode).toArray();
        assertEquals(Arrays.toString(new int[] {0, 2, 0, 2, 0}), Arrays.toString(codes));
        assertEquals("v2", reads.get(4).record.getValue("s"));
    }

    @Test
    public void batchReadOfSomeBins() {
        Key[] keys = putAll(env.set("c11b"), 4);
        Record[] got = env.client.get(null, keys, "s");
        for (int i = 0; i < 4; i++) {
            assertEquals(1, got[i].bins.size());
            assertEquals("v" + i, got[i].getValue("s"));
        }
    }

    @Test
    public void batchWriteDeleteAndReadGivePerKeyResultsAndChangeTheData() {
        String set = env.set("c11w");
        Key[] keys = putAll(set, 2);
        Key created = new Key(ClusterEnv.NAMESPACE, set, "new");
        List<BatchRecord> batch = Arrays.asList(
                new BatchWrite(created, new Operation[] {Operation.put(new Bin("n", 100)),
                    Operation.put(new Bin("s", "created"))}),
                new BatchWrite(keys[0], new Operation[] {Operation.add(new Bin("n", 10)), Operation.get("n")}),
                new BatchDelete(keys[1]),
                new BatchDelete(new Key(ClusterEnv.NAMESPACE, set, "never-written")),
                new BatchRead(keys[0], true));
        assertFalse("one delete finds nothing", env.client.operate(null, batch));
        int[] codes = batch.stream().mapToInt(r -> r.resultCode).toArray();
        assertEquals(Arrays.toString(new int[] {0, 0, 0, ResultCode.KEY_NOT_FOUND_ERROR, 0}),
                Arrays.toString(codes));
        // Batch writes always set RESPOND_ALL_OPS: the server answers the increment with a NULL
        // op and then the read, which the client gathers into a list for the bin.
        assertEquals(Arrays.asList(null, 10L), batch.get(1).record.getList("n"));
        assertEquals("v0", batch.get(4).record.getValue("s"));
        assertEquals(10L, batch.get(4).record.getValue("n"));
        Record made = env.client.get(null, created);
        assertEquals(100L, made.getValue("n"));
        assertEquals("created", made.getValue("s"));
        assertFalse(env.client.exists(null, keys[1]));
        assertEquals(2, env.client.get(null, keys[0]).generation);
    }

    @Test
    public void batchOperateAppliesTheOpsToEveryKey() {
        String set = env.set("c11o");
        Key[] existing = putAll(set, 5);
        Key[] keys = Arrays.copyOf(existing, 6);
        keys[5] = new Key(ClusterEnv.NAMESPACE, set, "absent");
        BatchResults res = env.client.operate(null, null, keys, Operation.add(new Bin("n", 1000)), Operation.get("n"));
        assertTrue(res.status);
        for (int i = 0; i < 5; i++) {
            assertEquals(0, res.records[i].resultCode);
            // One result per op (RESPOND_ALL_OPS): NULL for the increment, then the read.
            assertEquals(Arrays.asList(null, 1000L + i), res.records[i].record.getList("n"));
            assertEquals(1000L + i, env.client.get(null, keys[i]).getValue("n"));
        }
        // An increment creates a missing record, as a single operate would.
        assertEquals(0, res.records[5].resultCode);
        assertEquals(1000L, env.client.get(null, keys[5]).getValue("n"));
    }

    @Test
    public void batchDeleteRemovesEveryKey() {
        Key[] keys = putAll(env.set("c11d"), 4);
        BatchResults res = env.client.delete(null, null, Arrays.copyOf(keys, 3));
        assertTrue(res.status);
        for (BatchRecord r : res.records) {
            assertEquals(0, r.resultCode);
        }
        boolean[] exists = env.client.exists(null, keys);
        assertEquals("[false, false, false, true]", Arrays.toString(exists));
    }

    @Test
    public void largeBatchSpansEveryNode() {
        String set = env.set("c11l");
        int n = 400;
        List<BatchRecord> writes = new ArrayList<>();
        Key[] keys = new Key[n];
        for (int i = 0; i < n; i++) {
            keys[i] = new Key(ClusterEnv.NAMESPACE, set, i);
            writes.add(new BatchWrite(keys[i], new Operation[] {Operation.put(new Bin("n", i)),
                Operation.put(new Bin("sq", (long) i * i))}));
        }
        assertTrue(env.client.operate(null, writes));
        Map<Integer, String> masters = InfoAnswers.partitionMasters(env.client);
        assertEquals(InfoAnswers.N_PARTITIONS, masters.size());
        Set<String> hit = new HashSet<>();
        for (Key k : keys) {
            hit.add(masters.get(Partition.getPartitionId(k.digest)));
        }
        Set<String> all = new HashSet<>();
        for (Node node : env.client.getNodes()) {
            all.add(node.getName());
        }
        assertEquals(all, hit);
        Key[] withMissing = Arrays.copyOf(keys, n + 1);
        withMissing[n] = new Key(ClusterEnv.NAMESPACE, set, "x");
        Record[] got = env.client.get(null, withMissing);
        long sum = 0;
        for (int i = 0; i < n; i++) {
            assertNotNull("key " + i, got[i]);
            assertEquals((long) i, got[i].getLong("n"));
            sum += got[i].getLong("sq");
        }
        assertNull(got[n]);
        assertEquals((long) (n - 1) * n * (2 * n - 1) / 6, sum);
    }
}
