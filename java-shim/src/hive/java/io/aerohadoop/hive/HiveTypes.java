package io.aerohadoop.hive;

import io.aerohadoop.hive.ColumnMapping.Column;
import io.aerohadoop.hive.ColumnMapping.Kind;
import java.util.Locale;
import org.apache.hadoop.hive.serde2.typeinfo.ListTypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.MapTypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.PrimitiveTypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.StructTypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfo;

/**
 * Which Hive column types a column may have, checked when the table is created or opened, so a
 * table that cannot be read or written is refused before any query runs ({@code docs/hive.md},
 * "Types").
 */
final class HiveTypes {
    private HiveTypes() {}

    /** @throws IllegalArgumentException naming the column, what it maps to and its type */
    static void check(Column c, TypeInfo type) {
        switch (c.kind) {
            case KEY:
                require(c, type, isInteger(type) || is(type, "string") || is(type, "binary"),
                        "bigint, int, smallint, tinyint, string or binary (the user key's types)");
                return;
            case DIGEST:
                require(c, type, is(type, "binary") || is(type, "string"), "binary, or string (hexadecimal)");
                return;
            case GENERATION:
            case TTL:
                require(c, type, is(type, "int") || is(type, "bigint"), "int or bigint");
                return;
            default:
                if (c.geoJson) {
                    require(c, type, is(type, "string"), "string (GeoJSON text)");
                    return;
                }
                String bad = unsupported(type);
                if (bad != null) {
                    throw new IllegalArgumentException(c.describe() + " has type " + type.getTypeName() + ", whose "
                            + bad + " has no Aerospike particle; use bigint, int, smallint, tinyint, double, float,"
                            + " string, binary, boolean, array, map or struct");
                }
        }
    }

    static boolean isInteger(TypeInfo t) {
        return is(t, "bigint") || is(t, "int") || is(t, "smallint") || is(t, "tinyint");
    }

    static boolean is(TypeInfo t, String primitive) {
        return t instanceof PrimitiveTypeInfo && t.getTypeName().toLowerCase(Locale.ROOT).equals(primitive);
    }

    /** The part of {@code t} with no particle (timestamp, decimal, varchar, ...), or null if all maps. */
    private static String unsupported(TypeInfo t) {
        switch (t.getCategory()) {
            case PRIMITIVE:
                switch (((PrimitiveTypeInfo) t).getPrimitiveCategory()) {
                    case BOOLEAN:
                    case BYTE:
                    case SHORT:
                    case INT:
                    case LONG:
                    case FLOAT:
                    case DOUBLE:
                    case STRING:
                    case BINARY:
                        return null;
                    default:
                        return "type " + t.getTypeName();
                }
            case LIST:
                return unsupported(((ListTypeInfo) t).getListElementTypeInfo());
            case MAP: {
                MapTypeInfo m = (MapTypeInfo) t;
                String k = unsupported(m.getMapKeyTypeInfo());
                return k != null ? k : unsupported(m.getMapValueTypeInfo());
            }
            case STRUCT:
                for (TypeInfo f : ((StructTypeInfo) t).getAllStructFieldTypeInfos()) {
                    String s = unsupported(f);
                    if (s != null) {
                        return s;
                    }
                }
                return null;
            default:
                return "type " + t.getTypeName();
        }
    }

    private static void require(Column c, TypeInfo type, boolean ok, String allowed) {
        if (!ok) {
            throw new IllegalArgumentException(c.describe() + " has type " + type.getTypeName() + "; "
                    + (c.kind == Kind.BIN ? "a GeoJSON bin" : "this metadata column") + " takes " + allowed);
        }
    }
}
