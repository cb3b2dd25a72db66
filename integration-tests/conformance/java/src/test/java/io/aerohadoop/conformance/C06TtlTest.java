package io.aerohadoop.conformance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.Record;
import com.aerospike.client.policy.WritePolicy;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.Test;

/**
 * C06: record TTLs (never, n seconds, don't-update, namespace default) and expiry. The shared
 * clusters run with aerolite's default namespace TTL of 0 (test-support starts them without
 * --default-ttl), so "namespace default" shows as never expiring.
 */
public class C06TtlTest extends ClusterCase {
    private static WritePolicy ttl(int seconds) {
        WritePolicy p = new WritePolicy();
        p.expiration = seconds;
        return p;
    }

    private static void assertTtlBetween(int low, int high, Record r) {
        int ttl = r.getTimeToLive();
        assertTrue("ttl " + ttl + " not in " + low + ".." + high, ttl >= low && ttl <= high);
    }

    @Test
    public void ttlNeverExpire() {
        Key key = env.key("c06", "never");
        env.client.put(ttl(-1), key, new Bin("a", 1));
        Record r = env.client.getHeader(null, key);
        assertEquals(0, r.expiration);
        assertEquals(-1, r.getTimeToLive());
    }

    @Test
    public void ttlInSeconds() {
        Key key = env.key("c06", "seconds");
        env.client.put(ttl(1234), key, new Bin("a", 1));
        assertTtlBetween(1229, 1234, env.client.getHeader(null, key));
    }

    @Test
    public void ttlDontUpdateKeepsTheExpiry() {
        Key key = env.key("c06", "dont-update");
        env.client.put(ttl(1000), key, new Bin("a", 1));
        env.client.put(ttl(-2), key, new Bin("a", 2));
        Record r = env.client.get(null, key);
        assertEquals(2L, r.getValue("a"));
        assertEquals(2, r.generation);
        assertTtlBetween(995, 1000, r);
    }

    @Test
    public void ttlZeroIsTheNamespaceDefault() {
        Key key = env.key("c06", "ns-default");
        env.client.put(ttl(1000), key, new Bin("a", 1));
        env.client.put(ttl(0), key, new Bin("a", 2));
        // Unlike -2, 0 replaces the record's TTL with the namespace's: never, on these clusters.
        assertEquals(-1, env.client.getHeader(null, key).getTimeToLive());
    }

    @Test
    public void expiredRecordIsGoneFromGetsAndScans() {
        String set = env.set("c06x");
        WritePolicy shortLived = ttl(1);
        shortLived.sendKey = true;
        WritePolicy keep = new WritePolicy();
        keep.sendKey = true;
        Key shortKey = new Key(ClusterEnv.NAMESPACE, set, "short");
        env.client.put(shortLived, shortKey, new Bin("a", 1));
        env.client.put(keep, new Key(ClusterEnv.NAMESPACE, set, "keep"), new Bin("a", 2));
        List<Object> before = Scanned.all(env.client, set, null).userKeys();
        Collections.sort(before, (a, b) -> a.toString().compareTo(b.toString()));
        assertEquals(Arrays.asList("keep", "short"), before);
        Waits.sleep(2500);
        assertNull(env.client.get(null, shortKey));
        assertFalse(env.client.exists(null, shortKey));
        assertEquals(Collections.singletonList("keep"), Scanned.all(env.client, set, null).userKeys());
    }
}
