package io.aerohadoop.io;

import static io.aerohadoop.io.AerospikeRecordTest.deserialize;
import static io.aerohadoop.io.AerospikeRecordTest.serialize;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.Test;

public class AerospikeKeyTest {
    @Test
    public void keysWithEveryUserKeyTypeAndWithoutSetSurviveAWritableRoundTrip() throws IOException {
        Object[] userKeys = {null, 17L, -1L, "user-42", "", "ключ", new byte[] {1, 2, 3}};
        for (Object userKey : userKeys) {
            for (String set : new String[] {null, "people", ""}) {
                AerospikeKey k = new AerospikeKey("test", set, SampleValues.digest(3), userKey);
                AerospikeKey back = deserialize(serialize(k), new AerospikeKey());
                assertEquals(k, back);
                assertEquals("test", back.namespace());
                assertEquals(set, back.set());
                assertArrayEquals(SampleValues.digest(3), back.digest());
                assertTrue(Values.toString(userKey) + " vs " + Values.toString(back.userKey()),
                        Values.deepEquals(userKey, back.userKey()));
            }
        }
    }

    @Test
    public void keysSortByNamespaceThenSetWithNoSetFirstThenUnsignedDigest() {
        byte[] low = new byte[20];
        byte[] high = new byte[20];
        high[0] = (byte) 0x80; // unsigned: above 0x00..., signed it would sort below
        List<AerospikeKey> sorted = Arrays.asList(
                new AerospikeKey("a", null, high, null),
                new AerospikeKey("b", null, low, null),
                new AerospikeKey("b", null, high, null),
                new AerospikeKey("b", "s", low, null),
                new AerospikeKey("b", "t", low, null));
        List<AerospikeKey> shuffled = new ArrayList<>(sorted);
        Collections.reverse(shuffled);
        Collections.sort(shuffled);
        assertEquals(sorted, shuffled);
    }

    @Test
    public void theUserKeyTakesNoPartInEqualityOrOrder() {
        AerospikeKey withKey = new AerospikeKey("test", "s", SampleValues.digest(1), "k");
        AerospikeKey without = new AerospikeKey("test", "s", SampleValues.digest(1), null);
        assertEquals(withKey, without);
        assertEquals(withKey.hashCode(), without.hashCode());
        assertEquals(0, withKey.compareTo(without));
        AerospikeKey otherSet = new AerospikeKey("test", "t", SampleValues.digest(1), null);
        assertNotEquals(withKey, otherSet);
        assertNotEquals(new AerospikeKey("test", null, SampleValues.digest(1), null), without);
    }

    @Test
    public void theHashIsTheSameInEveryJvm() {
        // Hadoop's HashPartitioner sends a key to a reducer by its hash: it must not depend on the JVM.
        AerospikeKey k = new AerospikeKey("test", "s", SampleValues.digest(5), null);
        int expected = 31 * (31 * "test".hashCode() + "s".hashCode()) + Arrays.hashCode(SampleValues.digest(5));
        assertEquals(expected, k.hashCode());
    }

    @Test
    public void copyOfIsIndependentOfTheReusedKey() throws IOException {
        AerospikeKey reused = new AerospikeKey("test", "s", SampleValues.digest(1), 1L);
        AerospikeKey copy = AerospikeKey.copyOf(reused);
        deserialize(serialize(new AerospikeKey("other", null, SampleValues.digest(2), null)), reused);
        assertEquals("test", copy.namespace());
        assertEquals("s", copy.set());
        assertArrayEquals(SampleValues.digest(1), copy.digest());
        assertEquals(1L, copy.userKey());
        assertEquals("other", reused.namespace());
        assertNull(reused.set());
        assertNull(reused.userKey());
    }

    @Test(expected = IllegalArgumentException.class)
    public void aDigestMustHaveTwentyBytes() {
        new AerospikeKey("test", null, new byte[19], null);
    }

    @Test
    public void toStringShowsNamespaceSetDigestInHexAndUserKey() {
        byte[] d = new byte[20];
        d[0] = (byte) 0xab;
        d[19] = 0x01;
        assertEquals("AerospikeKey(test:s:ab00000000000000000000000000000000000001, key=\"k\")",
                new AerospikeKey("test", "s", d, "k").toString());
    }

    /**
     * A key's text goes into the messages that refuse it; a user key nested far deeper than any
     * value the connector carries (20,000 lists) still gives a text, cut off past 256 levels,
     * rather than a StackOverflowError.
     */
    @Test
    public void toStringOfAnAbsurdlyNestedUserKeyIsCutOffNotAStackOverflow() {
        Object v = 7L;
        for (int i = 0; i < 20_000; i++) {
            v = Collections.singletonList(v);
        }
        String text = new AerospikeKey("test", null, new byte[20], v).toString();
        assertTrue(text, text.contains("[".repeat(FrameCursor.MAX_DEPTH + 1) + "…" + "]".repeat(FrameCursor.MAX_DEPTH + 1)));
    }
}
