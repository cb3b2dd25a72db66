package io.aerohadoop.tools;

import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.io.GeoJson;
import io.aerohadoop.io.HyperLogLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

/**
 * Records in the export tool's Avro schema ({@code aerospike-record.avsc} next to this class):
 * namespace, set, digest, user key, generation, TTL and a map of bins whose values are a
 * {@code Value} record holding a union of every particle type. Lists and maps nest {@code Value}s;
 * a map is a list of key/value entries, so its keys keep their types and order.
 */
final class AvroRecords {
    static final Schema SCHEMA = load();
    private static final Schema VALUE = SCHEMA.getField("bins").schema().getValueType();
    private static final Schema DIGEST = SCHEMA.getField("digest").schema();
    private static final Schema LIST = branch("ListValue");
    private static final Schema MAP = branch("MapValue");
    private static final Schema ENTRY = MAP.getField("entries").schema().getElementType();
    private static final Schema GEO = branch("GeoJSON");
    private static final Schema HLL = branch("HyperLogLog");

    private AvroRecords() {}

    private static Schema load() {
        try (InputStream in = AvroRecords.class.getResourceAsStream("aerospike-record.avsc")) {
            if (in == null) {
                throw new IllegalStateException("aerospike-record.avsc is missing from the jar");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read aerospike-record.avsc", e);
        }
    }

    private static Schema branch(String name) {
        for (Schema s : VALUE.getField("value").schema().getTypes()) {
            if (name.equals(s.getName())) {
                return s;
            }
        }
        throw new IllegalStateException("aerospike-record.avsc has no " + name);
    }

    static GenericRecord toAvro(AerospikeKey key, AerospikeRecord record) {
        GenericRecord r = new GenericData.Record(SCHEMA);
        r.put("namespace", key.namespace());
        r.put("set", key.set());
        r.put("digest", new GenericData.Fixed(DIGEST, key.digest()));
        Object userKey = key.userKey();
        r.put("key", userKey instanceof byte[] ? ByteBuffer.wrap((byte[]) userKey) : userKey);
        r.put("generation", record.generation());
        r.put("ttl", record.ttl());
        Map<String, Object> bins = new LinkedHashMap<>();
        for (Map.Entry<String, Object> bin : record.bins().entrySet()) {
            bins.put(bin.getKey(), value(bin.getValue()));
        }
        r.put("bins", bins);
        return r;
    }

    private static GenericRecord value(Object v) {
        GenericRecord r = new GenericData.Record(VALUE);
        r.put("value", particle(v));
        return r;
    }

    private static Object particle(Object v) {
        if (v == null || v instanceof Long || v instanceof Double || v instanceof String || v instanceof Boolean) {
            return v;
        } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        } else if (v instanceof Float) {
            return ((Float) v).doubleValue();
        } else if (v instanceof byte[]) {
            return ByteBuffer.wrap((byte[]) v);
        } else if (v instanceof GeoJson) {
            GenericRecord g = new GenericData.Record(GEO);
            g.put("json", ((GeoJson) v).json());
            return g;
        } else if (v instanceof HyperLogLog) {
            GenericRecord h = new GenericData.Record(HLL);
            h.put("sketch", ByteBuffer.wrap(((HyperLogLog) v).bytes()));
            return h;
        } else if (v instanceof List) {
            List<?> in = (List<?>) v;
            List<GenericRecord> items = new ArrayList<>(in.size());
            for (Object item : in) {
                items.add(value(item));
            }
            GenericRecord l = new GenericData.Record(LIST);
            l.put("items", items);
            return l;
        } else if (v instanceof Map) {
            List<GenericRecord> entries = new ArrayList<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                GenericRecord entry = new GenericData.Record(ENTRY);
                entry.put("key", value(e.getKey()));
                entry.put("value", value(e.getValue()));
                entries.add(entry);
            }
            GenericRecord m = new GenericData.Record(MAP);
            m.put("entries", entries);
            return m;
        }
        throw new IllegalArgumentException("a " + v.getClass().getName() + " is not an Aerospike value");
    }

    /** One read of Avro's own recursive datum reader ({@code DataFileStream.next}, {@code DatumReader.read}). */
    interface AvroRead {
        GenericRecord read() throws IOException;
    }

    /**
     * Runs {@code read}, whose recursion follows the file's nesting with no bound of Avro's own: a
     * datum nested thousands of levels deep (a corrupt or hostile file) ends in an IOException
     * naming the record and file, not in a StackOverflowError that fails the task without saying
     * where; any other failure to read the datum names them too. (Datums of the export's schema
     * never get here that deep: the transcoder refuses nesting past 256 before Avro reads them.)
     */
    static GenericRecord read(AvroRead read, long record, Object path) throws IOException {
        try {
            return read.read();
        } catch (StackOverflowError e) {
            throw new IOException("record " + record + " of " + path + ": values nested too deep for Avro's reader"
                    + " (the connector carries at most " + io.aerohadoop.io.FrameCursor.MAX_DEPTH + " levels)", e);
        } catch (IOException | RuntimeException e) {
            throw new IOException("record " + record + " of " + path + ": " + e.getMessage(), e);
        }
    }

    /** Refills {@code key} and {@code record} from an Avro record of {@link #SCHEMA}. */
    static void fromAvro(GenericRecord r, AerospikeKey key, AerospikeRecord record) throws IOException {
        Object set = r.get("set");
        Object userKey = javaValue(r.get("key"));
        key.set(r.get("namespace").toString(), set == null ? null : set.toString(),
                ((GenericFixed) r.get("digest")).bytes(), userKey);
        record.clear();
        record.setGeneration((Integer) r.get("generation"));
        record.setTtl((Integer) r.get("ttl"));
        Map<?, ?> bins = (Map<?, ?>) r.get("bins");
        // Avro maps come back unordered: bins are sorted by name so files read back the same way.
        Map<String, Object> sorted = new java.util.TreeMap<>();
        for (Map.Entry<?, ?> bin : bins.entrySet()) {
            sorted.put(bin.getKey().toString(), fromValue((GenericRecord) bin.getValue()));
        }
        record.bins().putAll(sorted);
    }

    private static Object fromValue(GenericRecord value) throws IOException {
        return javaValue(value.get("value"));
    }

    private static Object javaValue(Object v) throws IOException {
        if (v == null || v instanceof Long || v instanceof Double || v instanceof Boolean) {
            return v;
        } else if (v instanceof CharSequence) {
            return v.toString();
        } else if (v instanceof ByteBuffer) {
            ByteBuffer b = ((ByteBuffer) v).duplicate();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            return bytes;
        } else if (v instanceof GenericRecord) {
            GenericRecord g = (GenericRecord) v;
            String name = g.getSchema().getName();
            switch (name) {
                case "GeoJSON":
                    return new GeoJson(g.get("json").toString());
                case "HyperLogLog":
                    return new HyperLogLog((byte[]) javaValue(g.get("sketch")));
                case "ListValue": {
                    List<?> items = (List<?>) g.get("items");
                    List<Object> list = new ArrayList<>(items.size());
                    for (Object item : items) {
                        list.add(fromValue((GenericRecord) item));
                    }
                    return list;
                }
                case "MapValue": {
                    List<?> entries = (List<?>) g.get("entries");
                    Map<Object, Object> map = new LinkedHashMap<>(entries.size() * 2);
                    for (Object o : entries) {
                        GenericRecord e = (GenericRecord) o;
                        map.put(fromValue((GenericRecord) e.get("key")), fromValue((GenericRecord) e.get("value")));
                    }
                    return map;
                }
                default:
                    throw new IOException("unknown Avro record '" + name + "' in an Aerospike value");
            }
        }
        throw new IOException("a " + v.getClass().getName() + " in an Avro record is no Aerospike value");
    }
}
