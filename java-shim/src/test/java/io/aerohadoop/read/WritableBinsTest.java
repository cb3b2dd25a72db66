package io.aerohadoop.read;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import io.aerohadoop.config.InputKeys;
import io.aerohadoop.config.ReadConfig;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.io.GeoJson;
import io.aerohadoop.io.HyperLogLog;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.ArrayWritable;
import org.apache.hadoop.io.BooleanWritable;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.DoubleWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.MapWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.junit.Test;

/** {@code aerospike.input.value.format=map}: every bin type as its stock Writable. */
public class WritableBinsTest {
    private static final AerospikeKey KEY = new AerospikeKey("test", "s", new byte[20], null);

    private static InputValues mapValues() throws IOException {
        Configuration c = new Configuration(false);
        c.set(InputKeys.NAMESPACE, "test");
        c.set(InputKeys.VALUE_FORMAT, "map");
        return InputValues.of(ReadConfig.from(c));
    }

    @Test
    public void everyBinTypeBecomesItsStockWritable() throws IOException {
        InputValues v = mapValues();
        Writable value = v.createValue();
        assertTrue(value instanceof MapWritable);
        assertFalse(v.decodesIntoValue());
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put("k", 1L);
        m.put(2L, Arrays.asList("x", null));
        AerospikeRecord r = new AerospikeRecord().put("i", -7L).put("d", 2.5).put("s", "é").put("b", new byte[] {1, 2})
                .put("t", true).put("l", Arrays.asList(1L, "two")).put("m", m).put("g", new GeoJson("{\"type\":\"Point\"}"))
                .put("h", new HyperLogLog(new byte[] {9})).put("n", null);
        assertTrue(v.fill(KEY, r, value));
        MapWritable bins = (MapWritable) value;
        assertEquals(10, bins.size());
        assertEquals(new LongWritable(-7), bins.get(new Text("i")));
        assertEquals(new DoubleWritable(2.5), bins.get(new Text("d")));
        assertEquals(new Text("é"), bins.get(new Text("s")));
        assertEquals(new BytesWritable(new byte[] {1, 2}), bins.get(new Text("b")));
        assertEquals(new BooleanWritable(true), bins.get(new Text("t")));
        Writable[] list = ((ArrayWritable) bins.get(new Text("l"))).get();
        assertArrayEquals(new Writable[] {new LongWritable(1), new Text("two")}, list);
        MapWritable map = (MapWritable) bins.get(new Text("m"));
        assertEquals(new LongWritable(1), map.get(new Text("k")));
        assertArrayEquals(new Writable[] {new Text("x"), NullWritable.get()},
                ((ArrayWritable) map.get(new LongWritable(2))).get());
        assertEquals(new Text("{\"type\":\"Point\"}"), bins.get(new Text("g")));
        assertEquals(new BytesWritable(new byte[] {9}), bins.get(new Text("h")));
        assertSame(NullWritable.get(), bins.get(new Text("n")));
    }

    @Test
    public void theMapIsRefilledForEachRecord() throws IOException {
        InputValues v = mapValues();
        MapWritable value = (MapWritable) v.createValue();
        v.fill(KEY, new AerospikeRecord().put("a", 1L).put("b", 2L), value);
        v.fill(KEY, new AerospikeRecord().put("c", 3L), value);
        assertEquals(1, value.size());
        assertEquals(new LongWritable(3), value.get(new Text("c")));
    }
}
