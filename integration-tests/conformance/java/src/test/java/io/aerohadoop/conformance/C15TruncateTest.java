package io.aerohadoop.conformance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.policy.WritePolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.Test;

/** C15: truncating a set empties it and leaves other sets alone. */
public class C15TruncateTest extends ClusterCase {
    @Test
    public void truncateEmptiesTheSetAndSparesAnother() {
        String doomed = env.set("c15a");
        String kept = env.set("c15b");
        WritePolicy send = new WritePolicy();
        send.sendKey = true;
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            env.client.put(send, new Key(ClusterEnv.NAMESPACE, doomed, i), new Bin("n", i));
            env.client.put(send, new Key(ClusterEnv.NAMESPACE, kept, i), new Bin("n", i));
            all.add((long) i);
        }
        assertEquals(50, Scanned.all(env.client, doomed, null).size());
        env.client.truncate(null, ClusterEnv.NAMESPACE, doomed, null);
        Waits.until(() -> Scanned.all(env.client, doomed, null).size() == 0, 5_000, "truncated set to scan empty");
        assertFalse(env.client.exists(null, new Key(ClusterEnv.NAMESPACE, doomed, 7)));
        assertEquals(all, Scanned.all(env.client, kept, null).longKeys());
        env.client.put(send, new Key(ClusterEnv.NAMESPACE, doomed, "after"), new Bin("n", -1));
        assertEquals(Collections.singletonList("after"), Scanned.all(env.client, doomed, null).userKeys());
    }
}
