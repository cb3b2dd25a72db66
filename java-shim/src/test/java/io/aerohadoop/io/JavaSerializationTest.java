package io.aerohadoop.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Test;

/**
 * Keys and records survive Java serialization (how Spark moves task results and shuffled values),
 * and keys expose bean getters (how pyspark's pickler turns them into dicts).
 */
public class JavaSerializationTest {
    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T o) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    public void aKeyWithEachUserKeyTypeSurvivesJavaSerialization() throws Exception {
        byte[] digest = new byte[20];
        digest[0] = (byte) 0xff;
        for (Object userKey : new Object[] {null, 7L, "k", new byte[] {1, 2}}) {
            AerospikeKey k = new AerospikeKey("test", userKey == null ? null : "s", digest, userKey);
            AerospikeKey back = roundTrip(k);
            assertEquals(k, back);
            assertEquals(k.set(), back.getSet());
            assertEquals("test", back.getNamespace());
            assertArrayEquals(digest, back.getDigest());
            if (userKey instanceof byte[]) {
                assertArrayEquals((byte[]) userKey, (byte[]) back.getUserKey());
            } else {
                assertEquals(userKey, back.getUserKey());
            }
        }
    }

    @Test
    public void aRecordWithEveryBinTypeSurvivesJavaSerialization() throws Exception {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put("a", Arrays.asList(1L, 2.5));
        AerospikeRecord r = new AerospikeRecord().put("i", 1L).put("d", -0.0).put("s", "x").put("b", new byte[] {3})
                .put("t", false).put("l", Arrays.asList("y", null)).put("m", m).put("g", new GeoJson("{}"))
                .put("h", new HyperLogLog(new byte[] {4, 5})).put("n", null);
        r.setGeneration(3);
        r.setTtl(100);
        AerospikeRecord back = roundTrip(r);
        assertEquals(r, back);
        assertEquals(3, back.generation());
        assertEquals(100, back.ttl());
    }
}
