package io.aerohadoop.pig;

import io.aerohadoop.io.FrameCursor;
import io.aerohadoop.io.GeoJson;
import io.aerohadoop.io.HyperLogLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pig.data.BagFactory;
import org.apache.pig.data.DataBag;
import org.apache.pig.data.DataByteArray;
import org.apache.pig.data.DataType;
import org.apache.pig.data.Tuple;
import org.apache.pig.data.TupleFactory;

/**
 * Aerospike values ({@code docs/types.md}: Long, Double, String, byte[], Boolean, List, Map, GeoJSON,
 * HyperLogLog, null) to Pig values and back ({@code docs/pig.md} has the table).
 */
final class PigValues {
    private static final TupleFactory TUPLES = TupleFactory.getInstance();
    private static final BagFactory BAGS = BagFactory.getInstance();

    private PigValues() {}

    /** The Pig type a value reads as when its field has no declared type. */
    static byte naturalType(Object v) {
        if (v instanceof Long) {
            return DataType.LONG;
        } else if (v instanceof Double) {
            return DataType.DOUBLE;
        } else if (v instanceof String || v instanceof GeoJson) {
            return DataType.CHARARRAY;
        } else if (v instanceof Boolean) {
            return DataType.BOOLEAN;
        } else if (v instanceof List) {
            return DataType.TUPLE;
        } else if (v instanceof Map) {
            return DataType.MAP;
        } else if (v == null) {
            return DataType.NULL;
        }
        return DataType.BYTEARRAY;
    }

    /** A value as Pig holds it without a declared type: lists become tuples, blobs byte arrays. */
    static Object natural(Object v, PigField f) throws IOException {
        if (v == null || v instanceof Long || v instanceof Double || v instanceof String || v instanceof Boolean) {
            return v;
        } else if (v instanceof byte[]) {
            return new DataByteArray((byte[]) v);
        } else if (v instanceof GeoJson) {
            return ((GeoJson) v).json();
        } else if (v instanceof HyperLogLog) {
            return new DataByteArray(((HyperLogLog) v).bytes());
        } else if (v instanceof List) {
            List<?> list = (List<?>) v;
            Tuple t = TUPLES.newTuple(list.size());
            for (int i = 0; i < list.size(); i++) {
                t.set(i, natural(list.get(i), f));
            }
            return t;
        } else if (v instanceof Map) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                Object k = e.getKey();
                if (!(k instanceof String || k instanceof Long)) {
                    throw new IOException("AerospikeStorage: " + f.describe() + " holds a map with a "
                            + (k == null ? "nil" : k.getClass().getSimpleName())
                            + " key; Pig map keys are chararray (Aerospike string or integer keys)");
                }
                m.put(k.toString(), natural(e.getValue(), f));
            }
            return m;
        }
        throw new IOException("AerospikeStorage: " + f.describe() + " holds a " + v.getClass().getName());
    }

    /**
     * The value of field {@code f} as its type says.
     *
     * @throws IOException naming the field and bin when the value does not fit the type
     */
    static Object toPig(Object v, PigField f) throws IOException {
        if (v == null) {
            return null;
        }
        switch (f.type) {
            case DataType.INTEGER:
                if (v instanceof Long && (Long) v == ((Long) v).intValue()) {
                    return ((Long) v).intValue();
                }
                break;
            case DataType.LONG:
                if (v instanceof Long) {
                    return v;
                }
                break;
            case DataType.FLOAT:
                if (v instanceof Double || v instanceof Long) {
                    return ((Number) v).floatValue();
                }
                break;
            case DataType.DOUBLE:
                // Integers widen: writers often store 1 for 1.0 in float bins.
                if (v instanceof Double || v instanceof Long) {
                    return ((Number) v).doubleValue();
                }
                break;
            case DataType.CHARARRAY:
                if (v instanceof String) {
                    return v;
                } else if (v instanceof GeoJson) {
                    return ((GeoJson) v).json();
                }
                break;
            case DataType.BOOLEAN:
                if (v instanceof Boolean) {
                    return v;
                }
                break;
            case DataType.TUPLE:
                if (v instanceof List) {
                    return natural(v, f);
                }
                break;
            case DataType.BAG:
                if (v instanceof List) {
                    DataBag bag = BAGS.newDefaultBag();
                    for (Object e : (List<?>) v) {
                        Object p = natural(e, f);
                        bag.add(p instanceof Tuple ? (Tuple) p : TUPLES.newTuple(p));
                    }
                    return bag;
                }
                break;
            case DataType.MAP:
                if (v instanceof Map) {
                    return natural(v, f);
                }
                break;
            default:
                // bytearray and sampled fields of mixed types: untyped, each value in its natural
                // Pig type (Pig's casts find the real type at run time).
                return natural(v, f);
        }
        throw new IOException("AerospikeStorage: " + f.describe() + " is declared " + DataType.findTypeName(f.type)
                + " but holds " + describe(v));
    }

    private static String describe(Object v) {
        if (v instanceof Long) {
            return "the integer " + v;
        } else if (v instanceof Double) {
            return "the float " + v;
        } else if (v instanceof String) {
            return "a string";
        } else if (v instanceof byte[]) {
            return "a blob";
        } else if (v instanceof Boolean) {
            return "a boolean";
        } else if (v instanceof List) {
            return "a list";
        } else if (v instanceof Map) {
            return "a map";
        }
        return "a " + v.getClass().getSimpleName();
    }

    /**
     * A Pig value as the output format writes it into a bin ({@code AerospikeRecord}'s types).
     *
     * @throws IOException naming the field for types Aerospike has no particle for, a map with a
     *     null key, or tuples, bags and maps nested deeper than the connector writes
     *     ({@link FrameCursor#MAX_DEPTH})
     */
    static Object toAerospike(Object v, String field) throws IOException {
        return toAerospike(v, field, 0);
    }

    /** {@code v} at {@code depth} in its field (the field's own value is at 0). */
    private static Object toAerospike(Object v, String field, int depth) throws IOException {
        if (depth > FrameCursor.MAX_DEPTH) {
            throw new IOException("AerospikeStorage: field '" + field + "' nests tuples, bags and maps deeper than "
                    + FrameCursor.MAX_DEPTH + " (the most the connector writes and reads back)");
        }
        if (v == null || v instanceof Integer || v instanceof Long || v instanceof Double || v instanceof Float
                || v instanceof String || v instanceof Boolean) {
            return v;
        } else if (v instanceof DataByteArray) {
            return ((DataByteArray) v).get();
        } else if (v instanceof Tuple) {
            List<Object> list = new ArrayList<>();
            for (Object e : ((Tuple) v).getAll()) {
                list.add(toAerospike(e, field, depth + 1));
            }
            return list;
        } else if (v instanceof DataBag) {
            // A bag of one-field tuples is a list of values (as a list reads as a bag); wider tuples
            // become nested lists.
            List<Object> list = new ArrayList<>();
            for (Tuple t : (DataBag) v) {
                list.add(t.size() == 1 ? toAerospike(t.get(0), field, depth + 1) : toAerospike(t, field, depth + 1));
            }
            return list;
        } else if (v instanceof Map) {
            Map<Object, Object> m = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (e.getKey() == null) {
                    throw new IOException("AerospikeStorage: field '" + field + "' holds a map with a null key");
                }
                m.put(e.getKey().toString(), toAerospike(e.getValue(), field, depth + 1));
            }
            return m;
        }
        throw new IOException("AerospikeStorage: field '" + field + "' holds a " + DataType.findTypeName(v)
                + ", which Aerospike has no type for; cast it to one of int, long, float, double, chararray,"
                + " bytearray, boolean, tuple, bag, map");
    }
}
