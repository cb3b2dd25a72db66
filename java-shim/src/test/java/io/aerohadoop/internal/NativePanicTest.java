package io.aerohadoop.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.aerohadoop.AerospikeException;
import io.aerohadoop.testing.Aerolite;
import org.junit.Test;

/** A panic under a JNI entry point reaches Java as an exception with its message; the JVM lives on. */
public class NativePanicTest {
    @Test
    public void aPanicInNativeCodeIsThrownAsAnAerospikeExceptionWithItsMessage() throws Exception {
        for (int i = 0; i < 3; i++) {
            try {
                PanicProbe.panicInside("forced panic " + i + " for the test");
                fail("the native call returned");
            } catch (AerospikeException e) {
                assertEquals(e.getMessage(), -1, e.getResultCode());
                assertTrue(e.getMessage(), e.getMessage().contains("aerohadoop native code panicked: forced panic "
                        + i + " for the test"));
            }
        }
        // The library still works after the panics: a real call succeeds.
        try (Aerolite aerolite = Aerolite.builder().nodes(1).start();
                NativeCluster c = NativeCluster.connect(aerolite.seeds(), null, null, 2_000)) {
            assertEquals(1, c.nodeNames().size());
        }
    }

    @Test
    public void aNullArgumentIsAnErrorNotAPanic() throws Exception {
        try {
            PanicProbe.panicInside(null);
            fail("the native call returned");
        } catch (AerospikeException e) {
            assertEquals(e.getMessage(), 4, e.getResultCode());
            assertTrue(e.getMessage(), e.getMessage().contains("invalid panic message 'null'"));
        }
    }
}
