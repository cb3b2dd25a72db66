package io.aerohadoop.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.io.Writable;
import org.junit.Test;

public class AerospikeRecordTest {
    static byte[] serialize(Writable w) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            w.write(out);
        }
        return bytes.toByteArray();
    }

    static <W extends Writable> W deserialize(byte[] data, W into) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
        into.readFields(in);
        assertEquals("bytes left after readFields", 0, in.available());
        return into;
    }

    private static AerospikeRecord sample() {
        AerospikeRecord r = new AerospikeRecord();
        for (Map.Entry<String, Object> e : SampleValues.bins().entrySet()) {
            r.put(e.getKey(), e.getValue());
        }
        r.setGeneration(7);
        r.setTtl(3600);
        return r;
    }

    @Test
    public void everyParticleTypeSurvivesAWritableRoundTripWithItsJavaType() throws IOException {
        AerospikeRecord original = sample();
        AerospikeRecord back = deserialize(serialize(original), new AerospikeRecord());
        assertEquals(original, back);
        assertEquals(7, back.generation());
        assertEquals(3600, back.ttl());
        // Bin order is kept.
        assertEquals(new ArrayList<>(original.bins().keySet()), new ArrayList<>(back.bins().keySet()));
        Map<String, Object> expected = SampleValues.bins();
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            Object got = back.get(e.getKey());
            assertTrue(e.getKey() + ": " + Values.toString(got), Values.deepEquals(e.getValue(), got));
            if (e.getValue() != null) {
                assertEquals(e.getKey(), e.getValue().getClass().isArray() ? byte[].class
                        : e.getValue() instanceof List ? ArrayList.class
                        : e.getValue() instanceof Map ? LinkedHashMap.class : e.getValue().getClass(),
                        got.getClass());
            }
        }
        assertTrue("a nil bin stays a bin", back.bins().containsKey("nil"));
        assertNull(back.get("nil"));
        assertTrue(Double.isNaN((Double) back.get("nan")));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) back.get("negzero")));
        assertEquals("Grüße, 世界 \uD83D\uDE00", back.get("unicode"));
        Map<?, ?> map = (Map<?, ?>) back.get("map");
        assertEquals(1L, map.get("a"));
        assertEquals("b", map.get(2L));
        List<?> nested = (List<?>) ((List<?>) back.get("list")).get(5);
        assertEquals(Arrays.asList(true), nested.get(0));
    }

    @Test
    public void readFieldsReplacesEverythingAReusedRecordHeld() throws IOException {
        AerospikeRecord small = new AerospikeRecord().put("only", "one");
        small.setGeneration(2);
        small.setTtl(AerospikeRecord.NEVER_EXPIRES);
        AerospikeRecord reused = sample();
        deserialize(serialize(small), reused);
        assertEquals(1, reused.bins().size());
        assertEquals("one", reused.get("only"));
        assertEquals(2, reused.generation());
        assertEquals(-1, reused.ttl());
        assertEquals(small, reused);
    }

    @Test
    public void integerAndFloatOfOtherWidthsReadBackAsLongAndDouble() throws IOException {
        AerospikeRecord r = new AerospikeRecord().put("i", 5).put("s", (short) -3).put("b", (byte) 9).put("f", 1.5f);
        AerospikeRecord back = deserialize(serialize(r), new AerospikeRecord());
        assertEquals(5L, back.get("i"));
        assertEquals(-3L, back.get("s"));
        assertEquals(9L, back.get("b"));
        assertEquals(1.5d, back.get("f"));
    }

    @Test
    public void aValueOfAnotherJavaTypeIsRefusedNamingItsClass() {
        try {
            new AerospikeRecord().put("x", new StringBuilder("no"));
            fail("accepted a StringBuilder");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("java.lang.StringBuilder"));
        }
    }

    @Test
    public void equalityComparesContentIncludingArraysAndIgnoresMapOrder() {
        AerospikeRecord a = new AerospikeRecord().put("b", new byte[] {1, 2});
        AerospikeRecord b = new AerospikeRecord().put("b", new byte[] {1, 2});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        Map<Object, Object> m1 = new LinkedHashMap<>();
        m1.put("x", 1L);
        m1.put("y", 2L);
        Map<Object, Object> m2 = new LinkedHashMap<>();
        m2.put("y", 2L);
        m2.put("x", 1L);
        AerospikeRecord c = new AerospikeRecord().put("m", m1);
        AerospikeRecord d = new AerospikeRecord().put("m", m2);
        assertEquals(c, d);
        assertEquals(c.hashCode(), d.hashCode());
        assertNotEquals(a, new AerospikeRecord().put("b", new byte[] {1, 3}));
        AerospikeRecord gen = new AerospikeRecord().put("b", new byte[] {1, 2});
        gen.setGeneration(5);
        assertNotEquals(a, gen);
        assertFalse(a.equals(null));
    }

    @Test
    public void copyOfDoesNotChangeWhenTheOriginalIsReused() {
        AerospikeRecord r = sample();
        AerospikeRecord copy = AerospikeRecord.copyOf(r);
        r.clear();
        assertEquals(0, r.bins().size());
        assertEquals(SampleValues.bins().size(), copy.bins().size());
        assertEquals(7, copy.generation());
    }

    @Test
    public void truncatedDataIsAnIOExceptionNotGarbage() throws IOException {
        byte[] full = serialize(sample());
        for (int cut : new int[] {0, 3, 9, full.length / 2, full.length - 1}) {
            try {
                deserialize(Arrays.copyOf(full, cut), new AerospikeRecord());
                fail("read a record cut at " + cut + " of " + full.length + " bytes");
            } catch (EOFException expected) {
                // The stream ended inside the record.
            }
        }
    }

    @Test
    public void anUnknownValueTagIsReportedAsCorrupt() throws IOException {
        byte[] one = serialize(new AerospikeRecord().put("x", 1L));
        // generation(4) ttl(4) count(1) name(1+1) then the tag.
        int tagAt = 4 + 4 + 1 + 2;
        assertEquals(Values.INT, one[tagAt]);
        one[tagAt] = 42;
        try {
            deserialize(one, new AerospikeRecord());
            fail("read an unknown tag");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("unknown value tag 42"));
        }
    }

    /**
     * The Writable bytes of a record of one bin, named {@code name}, up to the bin's value:
     * generation 0, TTL 0, one bin; the caller writes the value.
     */
    private static DataOutputStream oneBinRecordUpToItsValue(ByteArrayOutputStream bytes, char name)
            throws IOException {
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0);
        out.writeInt(0);
        out.writeByte(1);
        out.writeByte(1);
        out.writeByte(name);
        return out;
    }

    /** An integer inside {@code depth} one-item lists. */
    private static Object nested(int depth) {
        Object v = 7L;
        for (int i = 0; i < depth; i++) {
            v = java.util.Collections.singletonList(v);
        }
        return v;
    }

    /**
     * Lists and maps nest 256 deep both ways and no deeper: writing more is refused, and bytes
     * saying more (a corrupt file, here a million levels) are an IOException, not a
     * StackOverflowError.
     */
    @Test
    public void valuesNestedDeeperThanTheConnectorCarriesAreRefusedBothWays() throws IOException {
        AerospikeRecord deepest = new AerospikeRecord().put("l", nested(FrameCursor.MAX_DEPTH));
        assertEquals(deepest, deserialize(serialize(deepest), new AerospikeRecord()));
        try {
            serialize(new AerospikeRecord().put("l", nested(FrameCursor.MAX_DEPTH + 1)));
            fail("wrote 257 levels");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("bin 'l': lists and maps nested deeper than 256"));
        }

        // Lists of one item (tag, vint 1), then 7L.
        int levels = 1_000_000;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = oneBinRecordUpToItsValue(bytes, 'l');
        for (int i = 0; i < levels; i++) {
            out.writeByte(Values.LIST);
            out.writeByte(1);
        }
        out.writeByte(Values.INT);
        out.writeLong(7);
        try {
            deserialize(bytes.toByteArray(), new AerospikeRecord());
            fail("read a million levels");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("bin 'l': corrupt AerospikeRecord data: lists and maps"
                    + " nested deeper than 256"));
        }
    }

    /**
     * A length the data claims but does not hold (a blob of 2^31 - 9 bytes in a 20-byte record)
     * ends where the data does, in an EOFException, without allocating the 2 GB first; a real
     * value longer than the first read chunk still reads back whole.
     */
    @Test
    public void aLengthLongerThanTheDataIsAnEofNotAHugeAllocation() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = oneBinRecordUpToItsValue(bytes, 'b');
        out.writeByte(Values.BLOB);
        org.apache.hadoop.io.WritableUtils.writeVInt(out, Integer.MAX_VALUE - 8);
        out.write(new byte[] {1, 2, 3});
        ArraySizes in = new ArraySizes(bytes.toByteArray());
        try {
            new AerospikeRecord().readFields(in);
            fail("read a blob of 2 GB from 20 bytes");
        } catch (EOFException expected) {
            // The data ended inside the blob.
        }
        assertEquals("the largest array read into", 1 << 16, in.largest);

        byte[] big = new byte[(1 << 20) + 3];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        AerospikeRecord r = new AerospikeRecord().put("big", big).put("s", "x".repeat(70_000));
        assertEquals(r, deserialize(serialize(r), new AerospikeRecord()));
    }

    /** A DataInput over bytes that notes the largest array the reader reads into. */
    private static final class ArraySizes implements java.io.DataInput {
        private final DataInputStream in;
        int largest;

        ArraySizes(byte[] bytes) {
            in = new DataInputStream(new ByteArrayInputStream(bytes));
        }

        @Override
        public void readFully(byte[] b) throws IOException {
            largest = Math.max(largest, b.length);
            in.readFully(b);
        }

        @Override
        public void readFully(byte[] b, int off, int len) throws IOException {
            largest = Math.max(largest, b.length);
            in.readFully(b, off, len);
        }

        @Override
        public int skipBytes(int n) throws IOException {
            return in.skipBytes(n);
        }

        @Override
        public boolean readBoolean() throws IOException {
            return in.readBoolean();
        }

        @Override
        public byte readByte() throws IOException {
            return in.readByte();
        }

        @Override
        public int readUnsignedByte() throws IOException {
            return in.readUnsignedByte();
        }

        @Override
        public short readShort() throws IOException {
            return in.readShort();
        }

        @Override
        public int readUnsignedShort() throws IOException {
            return in.readUnsignedShort();
        }

        @Override
        public char readChar() throws IOException {
            return in.readChar();
        }

        @Override
        public int readInt() throws IOException {
            return in.readInt();
        }

        @Override
        public long readLong() throws IOException {
            return in.readLong();
        }

        @Override
        public float readFloat() throws IOException {
            return in.readFloat();
        }

        @Override
        public double readDouble() throws IOException {
            return in.readDouble();
        }

        @Override
        @SuppressWarnings("deprecation")
        public String readLine() throws IOException {
            return in.readLine();
        }

        @Override
        public String readUTF() throws IOException {
            return in.readUTF();
        }
    }
}
