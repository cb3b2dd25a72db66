package io.aerohadoop.it;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.Key;
import com.aerospike.client.Record;
import com.aerospike.client.policy.ScanPolicy;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Every record of a set as the Aerospike Java client reads it (not the connector), by identity:
 * the stored user key (type and value) or, for a record stored without it, its digest. Tests
 * compare two snapshots field by field: digest, user key, generation, TTL, every bin.
 */
final class SetSnapshot {
    static final class Entry {
        final byte[] digest;
        final Object userKey;
        final Record record;

        Entry(byte[] digest, Object userKey, Record record) {
            this.digest = digest;
            this.userKey = userKey;
            this.record = record;
        }
    }

    final String set;
    final Map<String, Entry> entries;

    private SetSnapshot(String set, Map<String, Entry> entries) {
        this.set = set;
        this.entries = entries;
    }

    static SetSnapshot scan(AerospikeClient client, String namespace, String set) {
        Map<String, Entry> entries = new TreeMap<>();
        ScanPolicy policy = new ScanPolicy();
        client.scanAll(policy, namespace, set, (Key key, Record record) -> {
            Object userKey = key.userKey == null ? null : key.userKey.getObject();
            String id = identity(key.digest, userKey);
            synchronized (entries) {
                if (entries.put(id, new Entry(key.digest, userKey, record)) != null) {
                    throw new AssertionError("record " + id + " returned twice by the scan of " + set);
                }
            }
        });
        return new SetSnapshot(set, entries);
    }

    static String identity(byte[] digest, Object userKey) {
        if (userKey == null) {
            return "digest:" + Digests.hex(digest);
        } else if (userKey instanceof byte[]) {
            return "blob:" + Digests.hex((byte[]) userKey);
        }
        return userKey.getClass().getSimpleName() + ":" + userKey;
    }

    int size() {
        return entries.size();
    }

    /**
     * Asserts that {@code copy} (possibly in another set) holds exactly the records of this
     * snapshot: same identities, the digest of (copy's set, user key) — the same digest when the
     * record has no user key —, the same bins with the same types and values, TTLs within
     * {@code ttlSlackSeconds}, and, when {@code sameGeneration}, the same generation.
     */
    void assertCopiedTo(SetSnapshot copy, String namespace, long ttlSlackSeconds, boolean sameGeneration) {
        assertEquals("identities of the records in " + copy.set, entries.keySet(), copy.entries.keySet());
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            String id = e.getKey();
            Entry a = e.getValue();
            Entry b = copy.entries.get(id);
            byte[] expectedDigest = a.userKey == null ? a.digest : ParticleKeys.key(namespace, copy.set, a.userKey).digest;
            assertArrayEquals("digest of " + id, expectedDigest, b.digest);
            assertDeepEquals("user key of " + id, a.userKey, b.userKey);
            assertEquals("bin names of " + id, a.record.bins.keySet(), b.record.bins.keySet());
            for (Map.Entry<String, Object> bin : a.record.bins.entrySet()) {
                assertDeepEquals("bin " + bin.getKey() + " of " + id, bin.getValue(), b.record.bins.get(bin.getKey()));
            }
            int ttlA = a.record.getTimeToLive();
            int ttlB = b.record.getTimeToLive();
            if (ttlA == -1 || ttlB == -1) {
                assertEquals("TTL of " + id + " (-1: never expires)", ttlA, ttlB);
            } else {
                assertTrue("TTL of " + id + ": " + ttlA + " in " + set + ", " + ttlB + " in " + copy.set,
                        Math.abs(ttlA - ttlB) <= ttlSlackSeconds);
            }
            if (sameGeneration) {
                assertEquals("generation of " + id, a.record.generation, b.record.generation);
            }
        }
    }

    /** Equality by content and type: arrays by bytes, lists in order, maps by key, doubles bit-exact (NaN, -0.0). */
    static void assertDeepEquals(String what, Object expected, Object actual) {
        if (!deepEquals(expected, actual)) {
            fail(what + ": expected " + render(expected) + ", found " + render(actual));
        }
    }

    static boolean deepEquals(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof byte[] && b instanceof byte[]) {
            return Arrays.equals((byte[]) a, (byte[]) b);
        }
        if (a.getClass() != b.getClass() && !(a instanceof List && b instanceof List)
                && !(a instanceof Map && b instanceof Map)) {
            return false;
        }
        if (a instanceof List) {
            List<?> la = (List<?>) a;
            List<?> lb = (List<?>) b;
            if (la.size() != lb.size()) {
                return false;
            }
            Iterator<?> ib = lb.iterator();
            for (Object x : la) {
                if (!deepEquals(x, ib.next())) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map) {
            Map<?, ?> ma = (Map<?, ?>) a;
            Map<?, ?> mb = (Map<?, ?>) b;
            if (ma.size() != mb.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : ma.entrySet()) {
                Object key = e.getKey();
                Object other = null;
                boolean found = false;
                for (Map.Entry<?, ?> f : mb.entrySet()) {
                    if (deepEquals(key, f.getKey())) {
                        other = f.getValue();
                        found = true;
                        break;
                    }
                }
                if (!found || !deepEquals(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        // Double.equals compares bits: NaN equals NaN, -0.0 differs from 0.0, as a copy must keep them.
        return a.equals(b) || (Objects.equals(a.toString(), b.toString()) && !(a instanceof Number));
    }

    static String render(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof byte[]) {
            byte[] b = (byte[]) v;
            return "byte[" + b.length + "]" + (b.length <= 16 ? Arrays.toString(b) : "");
        }
        String s = v.getClass().getSimpleName() + " " + v;
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
