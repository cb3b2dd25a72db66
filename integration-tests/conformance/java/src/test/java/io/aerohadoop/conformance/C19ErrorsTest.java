package io.aerohadoop.conformance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.AerospikeException;
import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.Operation;
import com.aerospike.client.Record;
import com.aerospike.client.ResultCode;
import org.junit.Test;

/** C19: error results: an unknown namespace, and an increment of a string bin (12). */
public class C19ErrorsTest extends ClusterCase {
    @Test
    public void unknownNamespaceIsInvalidNamespace() {
        // The Java client looks the namespace up in its partition map and fails with 20 before
        // anything is sent.
        Key key = new Key("nope", "s", "k");
        AerospikeException put = Errors.expectCode(ResultCode.INVALID_NAMESPACE,
                () -> env.client.put(null, key, new Bin("a", 1)));
        assertTrue(put.getMessage(), put instanceof AerospikeException.InvalidNamespace);
        Errors.expectCode(ResultCode.INVALID_NAMESPACE, () -> env.client.get(null, key));
    }

    @Test
    public void incrementOfAStringBinIsBinTypeError() {
        Key key = env.key("c19", "incr-str");
        env.client.put(null, key, new Bin("s", "text"));
        Errors.expectCode(ResultCode.BIN_TYPE_ERROR, () -> env.client.operate(null, key, Operation.add(new Bin("s", 1))));
        Record r = env.client.get(null, key);
        assertEquals("text", r.getString("s"));
        assertEquals(1, r.generation);
    }
}
