package io.aerohadoop.conformance;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.Operation;
import com.aerospike.client.Record;
import com.aerospike.client.policy.WritePolicy;
import org.junit.Test;

/** C10: operate with several ops on one record in one round trip. */
public class C10OperateTest extends ClusterCase {
    @Test
    public void incrementAndReadReturnsTheNewValue() {
        Key key = env.key("c10", "incr");
        env.client.put(null, key, new Bin("n", 10), new Bin("f", 1.25));
        Record r = env.client.operate(null, key, Operation.add(new Bin("n", 5)), Operation.add(new Bin("f", 0.5)),
                Operation.get("n"), Operation.get("f"));
        assertEquals(15L, r.getValue("n"));
        assertEquals(1.75, r.getValue("f"));
        assertEquals(2, r.generation);
        Record m = env.client.operate(null, key, Operation.add(new Bin("m", -3)), Operation.get("m"));
        assertEquals(-3L, m.getValue("m"));
    }

    @Test
    public void appendAndPrepend() {
        Key key = env.key("c10", "append");
        env.client.put(null, key, new Bin("s", "middle"), new Bin("b", new byte[] {2}));
        env.client.operate(null, key, Operation.append(new Bin("s", ">")), Operation.prepend(new Bin("s", "<")),
                Operation.append(new Bin("b", new byte[] {3})), Operation.prepend(new Bin("b", new byte[] {1})));
        Record r = env.client.get(null, key);
        assertEquals("<middle>", r.getValue("s"));
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) r.getValue("b"));
    }

    @Test
    public void touchOpResetsTtlAndBumpsGeneration() {
        Key key = env.key("c10", "touch");
        WritePolicy shortTtl = new WritePolicy();
        shortTtl.expiration = 100;
        env.client.put(shortTtl, key, new Bin("a", 1));
        WritePolicy longTtl = new WritePolicy();
        longTtl.expiration = 3000;
        env.client.operate(longTtl, key, Operation.touch());
        Record r = env.client.get(null, key);
        assertEquals(1L, r.getValue("a"));
        assertEquals(2, r.generation);
        assertTrue("ttl " + r.getTimeToLive(), r.getTimeToLive() >= 2995 && r.getTimeToLive() <= 3000);
    }

    @Test
    public void deleteOpRemovesTheRecord() {
        Key key = env.key("c10", "delete");
        env.client.put(null, key, new Bin("a", 1));
        env.client.operate(null, key, Operation.delete());
        assertNull(env.client.get(null, key));
    }

    @Test
    public void deleteOpThenWriteLeavesOnlyTheNewBins() {
        Key key = env.key("c10", "delete-write");
        env.client.put(null, key, new Bin("a", 1), new Bin("b", 2));
        env.client.operate(null, key, Operation.delete(), Operation.put(new Bin("c", 3)));
        Record r = env.client.get(null, key);
        assertEquals(1, r.bins.size());
        assertEquals(3L, r.getValue("c"));
        // Delete-all clears the bins inside the same write: the record's generation keeps counting.
        assertEquals(2, r.generation);
    }

    @Test
    public void writeAndReadInOneOperate() {
        Key key = env.key("c10", "write-read");
        env.client.put(null, key, new Bin("a", 1));
        Record r = env.client.operate(null, key, Operation.put(new Bin("w", "new")), Operation.add(new Bin("a", 1)),
                Operation.get("w"), Operation.get("a"));
        assertEquals("new", r.getValue("w"));
        assertEquals(2L, r.getValue("a"));
        assertEquals(2, r.generation);
        Record after = env.client.get(null, key);
        assertEquals(2, after.bins.size());
        assertEquals("new", after.getValue("w"));
    }
}
