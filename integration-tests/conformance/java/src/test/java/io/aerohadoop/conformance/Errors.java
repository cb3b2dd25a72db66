package io.aerohadoop.conformance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import com.aerospike.client.AerospikeException;

/** Asserting on the result code a client call fails with. */
final class Errors {
    interface Call {
        void run() throws Exception;
    }

    private Errors() {}

    static AerospikeException expectCode(int code, Call call) {
        try {
            call.run();
        } catch (AerospikeException e) {
            assertEquals("result code of " + e, code, e.getResultCode());
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected AerospikeException " + code + ", got " + e, e);
        }
        fail("expected result code " + code + ", the call succeeded");
        return null;
    }
}
