package io.aerohadoop.read;

import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.io.GeoJson;
import io.aerohadoop.io.HyperLogLog;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.io.ArrayWritable;
import org.apache.hadoop.io.BooleanWritable;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.DoubleWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.MapWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;

/**
 * A record's bins as Hadoop's stock Writables, for {@code aerospike.input.value.format=map}: the
 * form consumers that know only the stock types read (Spark's Python API turns a
 * {@code MapWritable} into a dict, recursively). Integers are {@code LongWritable}, floats
 * {@code DoubleWritable}, strings and GeoJSON {@code Text}, blobs and HyperLogLogs
 * {@code BytesWritable}, booleans {@code BooleanWritable}, lists {@code ArrayWritable} (of
 * {@code Writable}, elements of any of these types), maps {@code MapWritable}, nil
 * {@code NullWritable}.
 */
final class WritableBins {
    private WritableBins() {}

    /** Refills {@code out} with one entry per bin, keyed by the bin name as {@code Text}. */
    static void fill(AerospikeRecord record, MapWritable out) {
        out.clear();
        for (Map.Entry<String, Object> bin : record.bins().entrySet()) {
            out.put(new Text(bin.getKey()), of(bin.getValue()));
        }
    }

    static Writable of(Object v) {
        if (v == null) {
            return NullWritable.get();
        } else if (v instanceof Long) {
            return new LongWritable((Long) v);
        } else if (v instanceof Double) {
            return new DoubleWritable((Double) v);
        } else if (v instanceof String) {
            return new Text((String) v);
        } else if (v instanceof Boolean) {
            return new BooleanWritable((Boolean) v);
        } else if (v instanceof byte[]) {
            return new BytesWritable((byte[]) v);
        } else if (v instanceof GeoJson) {
            return new Text(((GeoJson) v).json());
        } else if (v instanceof HyperLogLog) {
            return new BytesWritable(((HyperLogLog) v).bytes());
        } else if (v instanceof List) {
            List<?> list = (List<?>) v;
            Writable[] elements = new Writable[list.size()];
            for (int i = 0; i < elements.length; i++) {
                elements[i] = of(list.get(i));
            }
            return new ArrayWritable(Writable.class, elements);
        } else if (v instanceof Map) {
            MapWritable m = new MapWritable();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                m.put(of(e.getKey()), of(e.getValue()));
            }
            return m;
        }
        // The decoder produces only the types above (docs/types.md).
        throw new IllegalArgumentException("no Writable for a bin value of " + v.getClass().getName());
    }
}
