package io.aerohadoop.conformance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.Record;
import com.aerospike.client.ResultCode;
import com.aerospike.client.policy.RecordExistsAction;
import com.aerospike.client.policy.WritePolicy;
import org.junit.Test;

/** C04: the record-exists actions of a write (create-only, update-only, replace, ...). */
public class C04ExistsActionsTest extends ClusterCase {
    private static WritePolicy action(RecordExistsAction a) {
        WritePolicy p = new WritePolicy();
        p.recordExistsAction = a;
        return p;
    }

    @Test
    public void createOnlyOnAnExistingRecordIsKeyExists() {
        Key key = env.key("c04", "create-only");
        env.client.put(action(RecordExistsAction.CREATE_ONLY), key, new Bin("a", 1));
        Errors.expectCode(ResultCode.KEY_EXISTS_ERROR,
                () -> env.client.put(action(RecordExistsAction.CREATE_ONLY), key, new Bin("a", 2)));
        assertEquals(1L, env.client.get(null, key).getValue("a"));
    }

    @Test
    public void updateOnlyOnAMissingRecordIsNotFound() {
        Key key = env.key("c04", "update-only-missing");
        Errors.expectCode(ResultCode.KEY_NOT_FOUND_ERROR,
                () -> env.client.put(action(RecordExistsAction.UPDATE_ONLY), key, new Bin("a", 1)));
        assertFalse(env.client.exists(null, key));
    }

    @Test
    public void updateOnlyAndUpdateMergeBins() {
        Key key = env.key("c04", "merge");
        env.client.put(null, key, new Bin("a", 1), new Bin("b", 2));
        env.client.put(action(RecordExistsAction.UPDATE_ONLY), key, new Bin("b", 20), new Bin("c", 30));
        env.client.put(action(RecordExistsAction.UPDATE), key, new Bin("d", 40));
        Record r = env.client.get(null, key);
        assertEquals(4, r.bins.size());
        assertEquals(1L, r.getValue("a"));
        assertEquals(20L, r.getValue("b"));
        assertEquals(30L, r.getValue("c"));
        assertEquals(40L, r.getValue("d"));
        assertEquals(3, r.generation);
    }

    @Test
    public void replaceDropsTheOtherBins() {
        Key key = env.key("c04", "replace");
        env.client.put(null, key, new Bin("a", 1), new Bin("b", 2));
        env.client.put(action(RecordExistsAction.REPLACE), key, new Bin("c", 3));
        Record r = env.client.get(null, key);
        assertEquals(1, r.bins.size());
        assertEquals(3L, r.getValue("c"));
        assertEquals(2, r.generation);
        env.client.put(action(RecordExistsAction.REPLACE_ONLY), key, new Bin("d", 4));
        r = env.client.get(null, key);
        assertEquals(1, r.bins.size());
        assertEquals(4L, r.getValue("d"));
    }

    @Test
    public void replaceOnlyOnAMissingRecordIsNotFound() {
        Key key = env.key("c04", "replace-only-missing");
        Errors.expectCode(ResultCode.KEY_NOT_FOUND_ERROR,
                () -> env.client.put(action(RecordExistsAction.REPLACE_ONLY), key, new Bin("a", 1)));
        assertFalse(env.client.exists(null, key));
    }

    @Test
    public void replaceCreatesAMissingRecord() {
        Key key = env.key("c04", "replace-creates");
        env.client.put(action(RecordExistsAction.REPLACE), key, new Bin("a", 1));
        assertEquals(1L, env.client.get(null, key).getValue("a"));
    }
}
