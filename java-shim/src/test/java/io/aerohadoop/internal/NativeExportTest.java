package io.aerohadoop.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import io.aerohadoop.AerospikeException;
import org.junit.Test;

/**
 * The export encoders' JNI surface refuses bad arguments with a parameter error naming the
 * argument, instead of reading or writing outside an array (the encodings themselves are tested
 * through {@code io.aerohadoop.io.NativeFrameEncoder}).
 */
public class NativeExportTest {
    private interface Call {
        void run() throws AerospikeException;
    }

    private static void assertRefused(String message, Call call) {
        try {
            call.run();
            fail("accepted: " + message);
        } catch (AerospikeException e) {
            assertEquals(e.getMessage(), 4, e.getResultCode());
            assertEquals(message, e.getMessage());
        }
    }

    @Test
    public void rangesOutsideTheArraysAndMissingArgumentsAreRefusedNamingThem() {
        byte[] frame = new byte[10];
        byte[] out = new byte[10];
        assertRefused("invalid frame range '8+4': outside the array of 10 bytes",
                () -> NativeExport.jsonLines(frame, 8, 4, 0, "ns", 0, out, 0));
        assertRefused("invalid frame range '-1': offset must not be negative",
                () -> NativeExport.jsonLines(frame, -1, 4, 0, "ns", 0, out, 0));
        assertRefused("invalid output offset '11+0': outside the array of 10 bytes",
                () -> NativeExport.jsonLines(frame, 0, 0, 0, "ns", 0, out, 11));
        assertRefused("invalid record count '-1': must not be negative",
                () -> NativeExport.jsonLines(frame, 0, 0, -1, "ns", 0, out, 0));
        assertRefused("invalid namespace 'null': a value is required",
                () -> NativeExport.jsonLines(frame, 0, 0, 0, null, 0, out, 0));
        // Every line repeats the namespace: a megabyte-long one made the encoders reserve
        // hundreds of gigabytes for a frame claiming many records.
        String huge = "n".repeat(1 << 20);
        assertRefused("invalid namespace '" + "n".repeat(80) + "…': 1048576 bytes; a server takes 1 to 31",
                () -> NativeExport.avroDatums(frame, 0, 0, Integer.MAX_VALUE, huge, 0, out, 0, new int[0]));
        assertRefused("invalid namespace '': 0 bytes; a server takes 1 to 31",
                () -> NativeExport.jsonLines(frame, 0, 0, 0, "", 0, out, 0));
        assertRefused("invalid frame or output array 'null': both arrays are required",
                () -> NativeExport.seqRecords(frame, 0, 0, 0, "ns", 0, null, 0, new int[0]));
        assertRefused("invalid record start array 'too short': must hold 2 entries",
                () -> NativeExport.seqRecords(frame, 0, 0, 2, "ns", 0, out, 0, new int[1]));
    }

    @Test
    public void noRecordsEncodeToNothing() throws AerospikeException {
        assertEquals(0, NativeExport.jsonLines(new byte[0], 0, 0, 0, "ns", 0, new byte[0], 0));
        assertEquals(0, NativeExport.seqRecords(new byte[0], 0, 0, 0, "ns", 0, new byte[0], 0, new int[0]));
    }
}
