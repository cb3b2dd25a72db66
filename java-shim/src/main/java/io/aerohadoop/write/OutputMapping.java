package io.aerohadoop.write;

import io.aerohadoop.config.OutputKeys;
import io.aerohadoop.config.WriteConfig;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.io.FrameCursor;
import io.aerohadoop.io.WriteFrameEncoder;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.io.ArrayWritable;
import org.apache.hadoop.io.BooleanWritable;
import org.apache.hadoop.io.ByteWritable;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.DoubleWritable;
import org.apache.hadoop.io.FloatWritable;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.MapWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.ShortWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.VIntWritable;
import org.apache.hadoop.io.VLongWritable;
import org.apache.hadoop.io.Writable;

/**
 * Turns a job's output (key, value) into a record of the write frame, with no custom code:
 *
 * <ul>
 *   <li>key: {@code Text} → string user key, {@code IntWritable}/{@code LongWritable} → integer,
 *       {@code BytesWritable} → blob, {@link AerospikeKey} → its user key when it has one, else its
 *       digest, and its set when it names one other than {@code aerospike.output.setname};
 *   <li>value: {@link AerospikeRecord} (its bins and generation) or {@code MapWritable} (Text
 *       names to converted values) → bins; any other convertible Writable → the one bin
 *       {@code aerospike.output.binname}. {@code NullWritable} as a value deletes the bin.
 *   <li>{@code aerospike.output.keyname} (the predecessor's key bin): the user key is also
 *       written into that bin.
 * </ul>
 *
 * <p>Anything else is refused with an {@link IOException} naming the class: a wrong mapping is a
 * job's bug, not a record to skip. Not thread-safe; one per record writer.
 */
public final class OutputMapping {
    private final String set;
    private final String binName;
    private final String keyName;
    /** The generation carried by a value is sent unless this is NONE. */
    private final WriteConfig.GenerationPolicy generationPolicy;
    /** Reused from record to record: the encoder copies what it needs. */
    private final Map<String, Object> bins = new LinkedHashMap<>();

    public OutputMapping(WriteConfig config) {
        this.set = config.set();
        this.binName = config.binName();
        this.keyName = config.keyName();
        this.generationPolicy = config.generationPolicy();
    }

    /**
     * Whether a job whose output value class is {@code valueClass} writes one bin per record
     * ({@code aerospike.output.binname}): true for the Writables {@link #convert} knows other than
     * MapWritable; false for record-shaped values and classes too general to tell (Writable).
     */
    public static boolean isScalar(Class<?> c) {
        return c == Text.class || c == IntWritable.class || c == LongWritable.class || c == DoubleWritable.class
                || c == FloatWritable.class || c == BooleanWritable.class || c == BytesWritable.class
                || c == NullWritable.class || c == ArrayWritable.class || c == ByteWritable.class
                || c == ShortWritable.class || c == VIntWritable.class || c == VLongWritable.class;
    }

    /** Maps {@code key} and {@code value} and appends the record to {@code encoder}. */
    public void add(Object key, Object value, WriteFrameEncoder encoder) throws IOException {
        String recordSet = null;
        Object userKey;
        byte[] digest = null;
        if (key instanceof AerospikeKey) {
            AerospikeKey k = (AerospikeKey) key;
            userKey = k.userKey();
            if (userKey == null) {
                digest = k.digest();
            }
            if (k.set() != null && !k.set().equals(set)) {
                recordSet = k.set();
            }
        } else {
            userKey = userKey(key);
        }

        bins.clear();
        int generation = 0;
        if (value instanceof AerospikeRecord) {
            AerospikeRecord r = (AerospikeRecord) value;
            bins.putAll(r.bins());
            generation = r.generation();
            // 16 bits on the server: a larger generation to check would be cut to another one.
            if (generationPolicy != WriteConfig.GenerationPolicy.NONE && !AerospikeRecord.isRecordGeneration(generation)) {
                throw new IOException("cannot write the record of key " + key + ": its generation " + generation
                        + " is not a record generation (0 to 65535) for " + OutputKeys.GENERATION_POLICY + "="
                        + generationPolicy.name().toLowerCase(Locale.ROOT));
            }
        } else if (value instanceof MapWritable) {
            for (Map.Entry<Writable, Writable> e : ((MapWritable) value).entrySet()) {
                if (!(e.getKey() instanceof Text)) {
                    throw new IOException("a MapWritable output value names its bins with Text, not "
                            + className(e.getKey()));
                }
                bins.put(e.getKey().toString(), convert(e.getValue(), "bin '" + e.getKey() + "'"));
            }
        } else {
            if (binName == null) {
                throw new IOException("a " + className(value) + " output value goes to one bin, but "
                        + OutputKeys.BIN_NAME + " is not set");
            }
            bins.put(binName, convert(value, "the output value"));
        }
        if (keyName != null) {
            if (userKey == null) {
                throw new IOException(OutputKeys.KEY_NAME + "=" + keyName + " stores the user key in a bin, but the"
                        + " output key " + key + " has none (only a digest)");
            }
            bins.put(keyName, userKey);
        }
        try {
            encoder.add(recordSet, userKey, digest, generation, bins);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot write the record of key " + key + ": " + e.getMessage(), e);
        }
    }

    private static Object userKey(Object key) throws IOException {
        if (key instanceof Text) {
            return key.toString();
        } else if (key instanceof LongWritable) {
            return ((LongWritable) key).get();
        } else if (key instanceof IntWritable) {
            return (long) ((IntWritable) key).get();
        } else if (key instanceof BytesWritable) {
            return ((BytesWritable) key).copyBytes();
        }
        throw new IOException("a " + className(key) + " output key cannot be an Aerospike key; use Text, IntWritable,"
                + " LongWritable, BytesWritable or AerospikeKey");
    }

    /** A Writable as an Aerospike value ({@code io.aerohadoop.io.Values}). */
    static Object convert(Object w, String what) throws IOException {
        return convert(w, what, new ArrayDeque<>());
    }

    /**
     * @param path where in {@code what} this value is (element and entry indexes, outermost first),
     *     spelt out only in an error message; its size is the value's depth, bounded as every
     *     value the connector carries ({@link FrameCursor#MAX_DEPTH}), which also ends a map or
     *     array that holds itself
     */
    private static Object convert(Object w, String what, Deque<String> path) throws IOException {
        if (path.size() > FrameCursor.MAX_DEPTH) {
            throw new IOException(where(what, path) + " is nested deeper than " + FrameCursor.MAX_DEPTH
                    + " ArrayWritables and MapWritables (the most the connector writes and reads back)");
        }
        if (w == null || w instanceof NullWritable) {
            return null;
        } else if (w instanceof Text) {
            return w.toString();
        } else if (w instanceof LongWritable) {
            return ((LongWritable) w).get();
        } else if (w instanceof IntWritable) {
            return (long) ((IntWritable) w).get();
        } else if (w instanceof VLongWritable) {
            return ((VLongWritable) w).get();
        } else if (w instanceof VIntWritable) {
            return (long) ((VIntWritable) w).get();
        } else if (w instanceof ShortWritable) {
            return (long) ((ShortWritable) w).get();
        } else if (w instanceof ByteWritable) {
            return (long) ((ByteWritable) w).get();
        } else if (w instanceof DoubleWritable) {
            return ((DoubleWritable) w).get();
        } else if (w instanceof FloatWritable) {
            return (double) ((FloatWritable) w).get();
        } else if (w instanceof BooleanWritable) {
            return ((BooleanWritable) w).get();
        } else if (w instanceof BytesWritable) {
            return ((BytesWritable) w).copyBytes();
        } else if (w instanceof ArrayWritable) {
            Writable[] items = ((ArrayWritable) w).get();
            List<Object> list = new ArrayList<>(items.length);
            for (int i = 0; i < items.length; i++) {
                path.addLast("element " + i);
                list.add(convert(items[i], what, path));
                path.removeLast();
            }
            return list;
        } else if (w instanceof MapWritable) {
            Map<Object, Object> map = new LinkedHashMap<>();
            for (Map.Entry<Writable, Writable> e : ((MapWritable) w).entrySet()) {
                path.addLast("map key");
                Object k = convert(e.getKey(), what, path);
                path.removeLast();
                path.addLast("entry " + k);
                map.put(k, convert(e.getValue(), what, path));
                path.removeLast();
            }
            return map;
        }
        throw new IOException(where(what, path) + " is a " + className(w) + ", which has no Aerospike type; use"
                + " Text, IntWritable, LongWritable, DoubleWritable, FloatWritable, BooleanWritable, BytesWritable,"
                + " NullWritable, ArrayWritable or MapWritable");
    }

    /** {@code what} and the path into it, as "bin 'b' element 2 entry k"; at most the outermost levels of a deep one. */
    private static String where(String what, Deque<String> path) {
        StringBuilder b = new StringBuilder(what);
        int shown = 0;
        for (String step : path) {
            if (shown++ == 8) {
                return b.append(" … (").append(path.size()).append(" levels)").toString();
            }
            b.append(' ').append(step);
        }
        return b.toString();
    }

    private static String className(Object o) {
        return o == null ? "null" : o.getClass().getName();
    }
}
