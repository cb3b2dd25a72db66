package io.aerohadoop.mapreduce;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.hadoop.io.Writable;
import org.junit.Test;

public class AerospikeInputSplitTest {
    private static <W extends Writable> W roundTrip(Writable from, W into) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            from.write(out);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        into.readFields(in);
        assertEquals(0, in.available());
        return into;
    }

    @Test
    public void aSplitSurvivesHadoopsSerializationThroughTheNoArgConstructor() throws IOException {
        byte[] raw = {1, 0, 42, (byte) 0xff};
        AerospikeInputSplit s = new AerospikeInputSplit(raw, new String[] {"node-a", "node-b"}, 683,
                "partitions 0-682 of test/people");
        AerospikeInputSplit back = roundTrip(s, new AerospikeInputSplit());
        assertEquals(s, back);
        assertArrayEquals(raw, back.nativeSplit());
        assertArrayEquals(new String[] {"node-a", "node-b"}, back.getLocations());
        assertEquals(683, back.partitions());
        assertEquals("the length of a split is its partition count", 683L, back.getLength());
        assertTrue(back.toString(), back.toString().contains("partitions 0-682 of test/people"));
    }

    @Test
    public void theSplitKeepsItsOwnCopiesOfTheBytesAndLocations() {
        byte[] raw = {1, 2};
        String[] hosts = {"h"};
        AerospikeInputSplit s = new AerospikeInputSplit(raw, hosts, 1, "d");
        raw[0] = 9;
        hosts[0] = "other";
        s.nativeSplit()[1] = 9;
        s.getLocations()[0] = "other";
        assertArrayEquals(new byte[] {1, 2}, s.nativeSplit());
        assertArrayEquals(new String[] {"h"}, s.getLocations());
    }

    @Test
    public void oneClassServesBothHadoopApis() {
        AerospikeInputSplit s = new AerospikeInputSplit(new byte[0], new String[0], 0, "");
        assertTrue(s instanceof org.apache.hadoop.mapreduce.InputSplit);
        assertTrue(s instanceof org.apache.hadoop.mapred.InputSplit);
    }
}
