package io.aerohadoop.hive;

import io.aerohadoop.hive.ColumnMapping.Column;
import io.aerohadoop.io.GeoJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.common.type.HiveChar;
import org.apache.hadoop.hive.common.type.HiveVarchar;
import org.apache.hadoop.hive.serde2.SerDeException;
import org.apache.hadoop.hive.serde2.objectinspector.ListObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.MapObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.PrimitiveObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.StructField;
import org.apache.hadoop.hive.serde2.objectinspector.StructObjectInspector;

/**
 * A Hive value, read through its object inspector, as the Java value an {@code AerospikeRecord}
 * holds: integers of every width as {@code Long}, float and double as {@code Double}, strings as
 * {@code String} (GeoJSON for a {@code :geojson} column), binary as {@code byte[]}, boolean as
 * {@code Boolean}, arrays as {@code List}, maps as {@code Map}, structs as a {@code Map} of field name
 * to value. A NULL is {@code null}, which the writer turns into "delete this bin".
 */
final class WriteConversion {
    private WriteConversion() {}

    static Object column(Column c, Object data, ObjectInspector oi) throws SerDeException {
        Object v = value(c, data, oi);
        return c.geoJson && v != null ? new GeoJson((String) v) : v;
    }

    static Object value(Column c, Object data, ObjectInspector oi) throws SerDeException {
        if (data == null) {
            return null;
        }
        switch (oi.getCategory()) {
            case PRIMITIVE:
                return primitive(c, ((PrimitiveObjectInspector) oi).getPrimitiveJavaObject(data));
            case LIST: {
                ListObjectInspector l = (ListObjectInspector) oi;
                List<?> in = l.getList(data);
                List<Object> out = new ArrayList<>(in == null ? 0 : in.size());
                if (in != null) {
                    for (Object e : in) {
                        out.add(value(c, e, l.getListElementObjectInspector()));
                    }
                }
                return out;
            }
            case MAP: {
                MapObjectInspector m = (MapObjectInspector) oi;
                Map<Object, Object> out = new LinkedHashMap<>();
                Map<?, ?> in = m.getMap(data);
                if (in != null) {
                    for (Map.Entry<?, ?> e : in.entrySet()) {
                        out.put(value(c, e.getKey(), m.getMapKeyObjectInspector()),
                                value(c, e.getValue(), m.getMapValueObjectInspector()));
                    }
                }
                return out;
            }
            case STRUCT: {
                StructObjectInspector s = (StructObjectInspector) oi;
                Map<Object, Object> out = new LinkedHashMap<>();
                for (StructField f : s.getAllStructFieldRefs()) {
                    out.put(f.getFieldName(), value(c, s.getStructFieldData(data, f), f.getFieldObjectInspector()));
                }
                return out;
            }
            default:
                throw new SerDeException(c.describe() + ": a " + oi.getTypeName() + " value has no Aerospike particle");
        }
    }

    private static Object primitive(Column c, Object v) throws SerDeException {
        if (v == null || v instanceof Long || v instanceof Double || v instanceof String || v instanceof byte[]
                || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float) {
            return (double) (Float) v;
        }
        if (v instanceof HiveVarchar || v instanceof HiveChar) {
            return v.toString();
        }
        throw new SerDeException(c.describe() + ": a " + v.getClass().getName() + " value has no Aerospike particle");
    }
}
