package io.aerohadoop.conformance;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.policy.WritePolicy;
import java.util.HashMap;
import java.util.Map;
import org.junit.Test;

/** C07: a key sent with the write is stored and comes back from scans; otherwise none. */
public class C07SendKeyTest extends ClusterCase {
    @Test
    public void scanReturnsStoredUserKeysOnlyForSendKeyWrites() {
        String set = env.set("c07");
        WritePolicy send = new WritePolicy();
        send.sendKey = true;
        env.client.put(send, new Key(ClusterEnv.NAMESPACE, set, "str-key"), new Bin("k", "sent"));
        env.client.put(send, new Key(ClusterEnv.NAMESPACE, set, 12345L), new Bin("k", "sent-int"));
        Key digestOnly = new Key(ClusterEnv.NAMESPACE, set, "digest-only");
        env.client.put(null, digestOnly, new Bin("k", "not-sent"));
        Map<String, Key> byBin = new HashMap<>();
        for (Scanned.Row row : Scanned.all(env.client, set, null).rows()) {
            byBin.put(row.record.getString("k"), row.key);
        }
        assertEquals(3, byBin.size());
        assertEquals("str-key", byBin.get("sent").userKey.getObject());
        assertEquals(12345L, byBin.get("sent-int").userKey.getObject());
        assertNull(byBin.get("not-sent").userKey);
        assertArrayEquals(digestOnly.digest, byBin.get("not-sent").digest);
    }
}
