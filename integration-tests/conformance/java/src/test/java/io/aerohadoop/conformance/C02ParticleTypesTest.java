package io.aerohadoop.conformance;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.Record;
import com.aerospike.client.ResultCode;
import com.aerospike.client.Value;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** C02: every particle type round-trips exactly; writing null deletes a bin. */
public class C02ParticleTypesTest extends ClusterCase {
    private static final String GEO = "{\"type\":\"Point\",\"coordinates\":[-122.5,37.25]}";

    @Test
    public void everyParticleTypeRoundTrips() {
        Key key = env.key("c02", "all-types");
        byte[] blob = new byte[256];
        for (int i = 0; i < blob.length; i++) {
            blob[i] = (byte) i;
        }
        Map<Object, Object> nested = new HashMap<>();
        nested.put("nested", "yes");
        Map<Object, Object> map = new HashMap<>();
        map.put("a", 1L);
        map.put("b", Arrays.asList(1L, 2L));
        map.put("c", nested);
        map.put(7L, "int key");
        List<Object> list = Arrays.asList(1L, "two", 3.5, Arrays.asList(new byte[] {0, (byte) 0xff}, false), nested);
        env.client.put(null, key,
                new Bin("int", 42), new Bin("int_min", Long.MIN_VALUE), new Bin("int_max", Long.MAX_VALUE),
                new Bin("float", Math.PI), new Bin("float_neg", -1.5e-300),
                new Bin("str", "héllo wörld ✓"), new Bin("str_empty", ""),
                new Bin("blob", blob), new Bin("bool_t", true), new Bin("bool_f", false),
                new Bin("list", list), new Bin("map", map), new Bin("geo", Value.getAsGeoJSON(GEO)));
        Record r = env.client.get(null, key);
        assertEquals(1, r.generation);
        assertEquals(13, r.bins.size());
        assertEquals(42L, r.getValue("int"));
        assertEquals(Long.MIN_VALUE, r.getValue("int_min"));
        assertEquals(Long.MAX_VALUE, r.getValue("int_max"));
        assertEquals(Math.PI, r.getValue("float"));
        assertEquals(-1.5e-300, r.getValue("float_neg"));
        assertEquals("héllo wörld ✓", r.getValue("str"));
        assertEquals("", r.getValue("str_empty"));
        assertArrayEquals(blob, (byte[]) r.getValue("blob"));
        assertEquals(Boolean.TRUE, r.getValue("bool_t"));
        assertEquals(Boolean.FALSE, r.getValue("bool_f"));
        assertEquals(map, r.getMap("map"));
        List<?> gotList = r.getList("list");
        assertEquals(5, gotList.size());
        assertEquals(list.subList(0, 3), gotList.subList(0, 3));
        List<?> inner = (List<?>) gotList.get(3);
        assertArrayEquals(new byte[] {0, (byte) 0xff}, (byte[]) inner.get(0));
        assertEquals(false, inner.get(1));
        assertEquals(nested, gotList.get(4));
        assertEquals(GEO, r.getGeoJSONString("geo"));
    }

    @Test
    public void nullWriteDeletesTheBinAndTheLastBinDeletesTheRecord() {
        Key key = env.key("c02", "nulls");
        env.client.put(null, key, new Bin("a", 1), new Bin("b", "two"));
        env.client.put(null, key, Bin.asNull("b"));
        Record r = env.client.get(null, key);
        assertEquals(1, r.bins.size());
        assertEquals(1L, r.getValue("a"));
        assertEquals(2, r.generation);
        env.client.put(null, key, Bin.asNull("a"));
        assertNull(env.client.get(null, key));
        Errors.expectCode(ResultCode.KEY_NOT_FOUND_ERROR, () -> env.client.touch(null, key));
    }
}
