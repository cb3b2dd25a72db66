package io.aerohadoop.io;

import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The bin values aerohadoop hands to Java, their type tags, and value equality that looks into
 * arrays and nested collections.
 *
 * <p>Tags are shared by the native frame format and the Writable encoding:
 *
 * <pre>
 * 0 NIL     null           5 BOOL    Boolean
 * 1 INT     Long           6 LIST    List&lt;Object&gt;
 * 2 FLOAT   Double         7 MAP     Map&lt;Object, Object&gt;
 * 3 STRING  String         8 GEOJSON {@link GeoJson}
 * 4 BLOB    byte[]         9 HLL     {@link HyperLogLog}
 * </pre>
 */
public final class Values {
    public static final int NIL = 0;
    public static final int INT = 1;
    public static final int FLOAT = 2;
    public static final int STRING = 3;
    public static final int BLOB = 4;
    public static final int BOOL = 5;
    public static final int LIST = 6;
    public static final int MAP = 7;
    public static final int GEOJSON = 8;
    public static final int HLL = 9;

    private Values() {}

    /**
     * The tag of a Java value. Integer, Short and Byte count as INT and Float as FLOAT (they read
     * back as Long and Double).
     *
     * @throws IllegalArgumentException for a type that is no Aerospike value
     */
    public static int tagOf(Object v) {
        if (v == null) {
            return NIL;
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return INT;
        } else if (v instanceof Double || v instanceof Float) {
            return FLOAT;
        } else if (v instanceof String) {
            return STRING;
        } else if (v instanceof byte[]) {
            return BLOB;
        } else if (v instanceof Boolean) {
            return BOOL;
        } else if (v instanceof List) {
            return LIST;
        } else if (v instanceof Map) {
            return MAP;
        } else if (v instanceof GeoJson) {
            return GEOJSON;
        } else if (v instanceof HyperLogLog) {
            return HLL;
        }
        throw new IllegalArgumentException("a " + v.getClass().getName() + " is not an Aerospike value (expected"
                + " Long, Double, String, byte[], Boolean, List, Map, GeoJson, HyperLogLog or null)");
    }

    /** The tag's name, for messages. */
    public static String tagName(int tag) {
        switch (tag) {
            case NIL: return "nil";
            case INT: return "integer";
            case FLOAT: return "float";
            case STRING: return "string";
            case BLOB: return "blob";
            case BOOL: return "boolean";
            case LIST: return "list";
            case MAP: return "map";
            case GEOJSON: return "geojson";
            case HLL: return "hll";
            default: return "unknown type " + tag;
        }
    }

    /** Equality by content: arrays by their bytes, lists and maps element by element. */
    public static boolean deepEquals(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof byte[] && b instanceof byte[]) {
            return Arrays.equals((byte[]) a, (byte[]) b);
        }
        if (a instanceof List && b instanceof List) {
            List<?> x = (List<?>) a;
            List<?> y = (List<?>) b;
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<?> i = x.iterator();
            Iterator<?> j = y.iterator();
            while (i.hasNext()) {
                if (!deepEquals(i.next(), j.next())) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map && b instanceof Map) {
            return mapsEqual((Map<?, ?>) a, (Map<?, ?>) b);
        }
        // Double.equals holds NaN equal to NaN and 0.0 apart from -0.0: what a round trip preserves.
        return a.equals(b);
    }

    /** Same entries in any order, as {@link Map#equals} has it, with values compared by content. */
    private static boolean mapsEqual(Map<?, ?> x, Map<?, ?> y) {
        if (x.size() != y.size()) {
            return false;
        }
        for (Map.Entry<?, ?> e : x.entrySet()) {
            Object k = e.getKey();
            if (k instanceof byte[] || k instanceof List || k instanceof Map) {
                // Such keys hash by identity in a HashMap: look for an equal one by content.
                if (!containsEntry(y, k, e.getValue())) {
                    return false;
                }
            } else if (!y.containsKey(k) || !deepEquals(e.getValue(), y.get(k))) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsEntry(Map<?, ?> m, Object key, Object value) {
        for (Map.Entry<?, ?> f : m.entrySet()) {
            if (deepEquals(key, f.getKey())) {
                return deepEquals(value, f.getValue());
            }
        }
        return false;
    }

    /** A hash consistent with {@link #deepEquals}. */
    public static int deepHashCode(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof byte[]) {
            return Arrays.hashCode((byte[]) v);
        }
        if (v instanceof List) {
            int h = 1;
            for (Object e : (List<?>) v) {
                h = 31 * h + deepHashCode(e);
            }
            return h;
        }
        if (v instanceof Map) {
            // A sum, so the order of entries does not matter (as in Map.hashCode).
            int h = 0;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                h += deepHashCode(e.getKey()) ^ deepHashCode(e.getValue());
            }
            return h;
        }
        return v.hashCode();
    }

    /** Readable text of a value: blobs in base64, strings quoted. */
    public static String toString(Object v) {
        StringBuilder s = new StringBuilder();
        append(s, v);
        return s.toString();
    }

    static void append(StringBuilder s, Object v) {
        append(s, v, 0);
    }

    /**
     * {@code v} at {@code depth}; lists and maps deeper than the connector carries
     * ({@link FrameCursor#MAX_DEPTH}) are shown as "…": the text often goes into the message
     * refusing such a value, which must not itself run out of stack.
     */
    private static void append(StringBuilder s, Object v, int depth) {
        if (depth > FrameCursor.MAX_DEPTH) {
            s.append('…');
            return;
        }
        if (v instanceof byte[]) {
            s.append("blob(").append(Base64.getEncoder().encodeToString((byte[]) v)).append(')');
        } else if (v instanceof String) {
            s.append('"').append(v).append('"');
        } else if (v instanceof List) {
            s.append('[');
            boolean first = true;
            for (Object e : (List<?>) v) {
                if (!first) {
                    s.append(", ");
                }
                first = false;
                append(s, e, depth + 1);
            }
            s.append(']');
        } else if (v instanceof Map) {
            s.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (!first) {
                    s.append(", ");
                }
                first = false;
                append(s, e.getKey(), depth + 1);
                s.append('=');
                append(s, e.getValue(), depth + 1);
            }
            s.append('}');
        } else {
            s.append(v);
        }
    }
}
