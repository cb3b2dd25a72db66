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

/** C03: reading some bins, header-only reads and existence checks. */
public class C03ReadsTest extends ClusterCase {
    @Test
    public void getOfSomeBinsReturnsOnlyThoseBins() {
        Key key = env.key("c03", "select");
        env.client.put(null, key, new Bin("a", 1), new Bin("b", "x"), new Bin("c", 2.5));
        Record r = env.client.get(null, key, "a", "c");
        assertEquals(2, r.bins.size());
        assertEquals(1L, r.getValue("a"));
        assertEquals(2.5, r.getValue("c"));
        assertEquals(1, r.generation);
        Record other = env.client.get(null, key, "b", "nope");
        assertEquals(1, other.bins.size());
        assertEquals("x", other.getValue("b"));
    }

    @Test
    public void headerOnlyGetHasGenerationAndTtlButNoBins() {
        Key key = env.key("c03", "header");
        env.client.put(null, key, new Bin("a", 1));
        WritePolicy ttl = new WritePolicy();
        ttl.expiration = 1000;
        env.client.put(ttl, key, new Bin("a", 2));
        Record r = env.client.getHeader(null, key);
        assertNull(r.bins);
        assertEquals(2, r.generation);
        assertTrue("ttl " + r.getTimeToLive(), r.getTimeToLive() >= 995 && r.getTimeToLive() <= 1000);
    }

    @Test
    public void existsIsTrueForARecordAndFalseForAMissingOne() {
        Key key = env.key("c03", "exists");
        env.client.put(null, key, new Bin("a", 1));
        assertTrue(env.client.exists(null, key));
        assertFalse(env.client.exists(null, env.key("c03", "missing")));
        assertNull(env.client.get(null, env.key("c03", "missing")));
        assertNull(env.client.getHeader(null, env.key("c03", "missing")));
    }
}
