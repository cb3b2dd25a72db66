package io.aerohadoop.hive;

import io.aerohadoop.hive.ColumnMapping.Column;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.io.GeoJson;
import io.aerohadoop.io.HyperLogLog;
import io.aerohadoop.io.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.serde2.SerDeException;
import org.apache.hadoop.hive.serde2.typeinfo.ListTypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.MapTypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.PrimitiveTypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.StructTypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfo;

/**
 * A record's values as the Java objects Hive's standard Java object inspectors read: a bin or a
 * metadata field converted to its column's type. A missing bin (or nil) is NULL. A value whose
 * particle type does not fit the column fails the query with a {@link SerDeException} naming the
 * column, the bin and the record: a NULL would silently hide data the table's schema misdescribes.
 */
final class ReadConversion {
    private ReadConversion() {}

    static Object column(Column c, TypeInfo type, AerospikeKey key, AerospikeRecord record) throws SerDeException {
        switch (c.kind) {
            case KEY:
                return value(c, type, key.userKey(), key, "");
            case DIGEST:
                return HiveTypes.is(type, "string") ? hex(key.digest()) : key.digest();
            case GENERATION:
                return HiveTypes.is(type, "bigint") ? (Object) (long) record.generation() : (Object) record.generation();
            case TTL:
                return HiveTypes.is(type, "bigint") ? (Object) (long) record.ttl() : (Object) record.ttl();
            default:
                return value(c, type, record.get(c.bin), key, "");
        }
    }

    /** {@code path} locates a nested value for messages: {@code [3]}, {@code ['k']}, {@code .field}. */
    private static Object value(Column c, TypeInfo type, Object v, AerospikeKey key, String path) throws SerDeException {
        if (v == null) {
            return null;
        }
        switch (type.getCategory()) {
            case PRIMITIVE:
                return primitive(c, (PrimitiveTypeInfo) type, v, key, path);
            case LIST: {
                if (!(v instanceof List)) {
                    throw mismatch(c, type, v, key, path);
                }
                TypeInfo element = ((ListTypeInfo) type).getListElementTypeInfo();
                List<?> in = (List<?>) v;
                List<Object> out = new ArrayList<>(in.size());
                for (int i = 0; i < in.size(); i++) {
                    out.add(value(c, element, in.get(i), key, path + "[" + i + "]"));
                }
                return out;
            }
            case MAP: {
                if (!(v instanceof Map)) {
                    throw mismatch(c, type, v, key, path);
                }
                MapTypeInfo m = (MapTypeInfo) type;
                Map<Object, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    String at = path + "[" + Values.toString(e.getKey()) + "]";
                    out.put(value(c, m.getMapKeyTypeInfo(), e.getKey(), key, at + " key"),
                            value(c, m.getMapValueTypeInfo(), e.getValue(), key, at));
                }
                return out;
            }
            case STRUCT: {
                if (!(v instanceof Map)) {
                    throw mismatch(c, type, v, key, path);
                }
                StructTypeInfo s = (StructTypeInfo) type;
                Map<?, ?> in = (Map<?, ?>) v;
                List<String> names = s.getAllStructFieldNames();
                List<TypeInfo> types = s.getAllStructFieldTypeInfos();
                List<Object> out = new ArrayList<>(names.size());
                for (int i = 0; i < names.size(); i++) {
                    out.add(value(c, types.get(i), field(in, names.get(i)), key, path + "." + names.get(i)));
                }
                return out;
            }
            default:
                throw mismatch(c, type, v, key, path);
        }
    }

    /** A struct field from a map: its exact key, else the key equal ignoring case (Hive lower-cases field names). */
    private static Object field(Map<?, ?> map, String name) {
        if (map.containsKey(name)) {
            return map.get(name);
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (e.getKey() instanceof String && ((String) e.getKey()).equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static Object primitive(Column c, PrimitiveTypeInfo type, Object v, AerospikeKey key, String path)
            throws SerDeException {
        switch (type.getPrimitiveCategory()) {
            case LONG:
                if (v instanceof Long) {
                    return v;
                }
                break;
            case INT:
                if (v instanceof Long && (long) (Long) v == (int) (long) (Long) v) {
                    return (int) (long) (Long) v;
                }
                return narrowing(c, type, v, key, path, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case SHORT:
                if (v instanceof Long && (long) (Long) v == (short) (long) (Long) v) {
                    return (short) (long) (Long) v;
                }
                return narrowing(c, type, v, key, path, Short.MIN_VALUE, Short.MAX_VALUE);
            case BYTE:
                if (v instanceof Long && (long) (Long) v == (byte) (long) (Long) v) {
                    return (byte) (long) (Long) v;
                }
                return narrowing(c, type, v, key, path, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case DOUBLE:
                if (v instanceof Double) {
                    return v;
                }
                break;
            case FLOAT:
                if (v instanceof Double) {
                    return (float) (double) (Double) v;
                }
                break;
            case STRING:
                if (v instanceof String) {
                    return v;
                }
                if (v instanceof GeoJson) {
                    return ((GeoJson) v).json();
                }
                break;
            case BINARY:
                if (v instanceof byte[]) {
                    return v;
                }
                if (v instanceof HyperLogLog) {
                    return ((HyperLogLog) v).bytes();
                }
                break;
            case BOOLEAN:
                if (v instanceof Boolean) {
                    return v;
                }
                break;
            default:
                break;
        }
        throw mismatch(c, type, v, key, path);
    }

    private static Object narrowing(Column c, TypeInfo type, Object v, AerospikeKey key, String path, long min, long max)
            throws SerDeException {
        if (v instanceof Long) {
            throw new SerDeException(c.describe() + path + " of type " + type.getTypeName() + ": record " + key
                    + " holds the integer " + v + ", outside " + min + ".." + max + "; declare the column bigint");
        }
        throw mismatch(c, type, v, key, path);
    }

    private static SerDeException mismatch(Column c, TypeInfo type, Object v, AerospikeKey key, String path) {
        String particle = Values.tagName(Values.tagOf(v));
        return new SerDeException(c.describe() + path + " of type " + type.getTypeName() + ": record " + key + " holds "
                + ("aeiou".indexOf(particle.charAt(0)) >= 0 ? "an " : "a ") + particle + " (" + abbreviated(v)
                + "), which this type cannot hold");
    }

    private static String abbreviated(Object v) {
        String s = Values.toString(v);
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder(b.length * 2);
        for (byte x : b) {
            s.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return s.toString();
    }
}
