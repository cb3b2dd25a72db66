package io.aerohadoop;

import java.io.IOException;

/**
 * A failed Aerospike operation. Thrown by every aerohadoop call that reaches the cluster, including
 * failures and panics inside the native library, so Hadoop sees an {@link IOException} it can report
 * and retry rather than a dead task JVM.
 *
 * <p>The result code is numbered as the Aerospike Java client numbers it: server codes are positive
 * (4 parameter error, 9 timeout, ...), client-side codes negative (-1 client error, -2 parse error,
 * -8 server not available, ...).
 */
public final class AerospikeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int resultCode;

    /** Called by the native library as well as by Java code; keep the signature {@code (int, String)}. */
    public AerospikeException(int resultCode, String message) {
        super(message);
        this.resultCode = resultCode;
    }

    public int getResultCode() {
        return resultCode;
    }

    @Override
    public String toString() {
        return getClass().getName() + " (result code " + resultCode + "): " + getMessage();
    }
}
