package io.aerohadoop.conformance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.Record;
import com.aerospike.client.policy.WritePolicy;
import org.junit.Test;

/** C08: deleting records, missing records and durable deletes. */
public class C08DeleteTest extends ClusterCase {
    @Test
    public void deleteExistingRecord() {
        Key key = env.key("c08", "existing");
        env.client.put(null, key, new Bin("a", 1));
        assertTrue(env.client.delete(null, key));
        assertNull(env.client.get(null, key));
        env.client.put(null, key, new Bin("b", 2));
        Record r = env.client.get(null, key);
        assertEquals(2L, r.getValue("b"));
        assertEquals(1, r.bins.size());
        assertEquals(1, r.generation);
    }

    @Test
    public void deleteMissingRecordReportsNothingDeleted() {
        // The Java client turns the server's 2 into `false` rather than an exception.
        assertFalse(env.client.delete(null, env.key("c08", "missing")));
    }

    @Test
    public void durableDeleteRemovesTheRecord() {
        // A real Community Edition 8.1 answers 25 (ENTERPRISE_ONLY) to a durable delete; aerolite
        // serves it as Enterprise Edition does, so that the connector's durable-delete option can
        // be tested (see aerolite/src/command.rs `delete`).
        Key key = env.key("c08", "durable");
        env.client.put(null, key, new Bin("a", 1));
        WritePolicy durable = new WritePolicy();
        durable.durableDelete = true;
        assertTrue(env.client.delete(durable, key));
        assertFalse(env.client.exists(null, key));
        assertFalse(env.client.delete(durable, key));
    }
}
