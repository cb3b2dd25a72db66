package io.aerohadoop.conformance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.Record;
import com.aerospike.client.ResultCode;
import com.aerospike.client.policy.WritePolicy;
import org.junit.Test;

/** C09: touch bumps the generation and resets the TTL; touching a missing record fails. */
public class C09TouchTest extends ClusterCase {
    @Test
    public void touchBumpsGenerationAndResetsTtl() {
        Key key = env.key("c09", "touch");
        WritePolicy shortTtl = new WritePolicy();
        shortTtl.expiration = 100;
        env.client.put(shortTtl, key, new Bin("a", 1));
        WritePolicy longTtl = new WritePolicy();
        longTtl.expiration = 5000;
        env.client.touch(longTtl, key);
        Record r = env.client.get(null, key);
        assertEquals(1L, r.getValue("a"));
        assertEquals(2, r.generation);
        assertTrue("ttl " + r.getTimeToLive(), r.getTimeToLive() >= 4995 && r.getTimeToLive() <= 5000);
    }

    @Test
    public void touchMissingRecordIsNotFound() {
        Key key = env.key("c09", "missing");
        Errors.expectCode(ResultCode.KEY_NOT_FOUND_ERROR, () -> env.client.touch(null, key));
        assertFalse(env.client.exists(null, key));
    }
}
