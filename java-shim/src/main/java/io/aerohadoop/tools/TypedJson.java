package io.aerohadoop.tools;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.io.FrameCursor;
import io.aerohadoop.io.GeoJson;
import io.aerohadoop.io.HyperLogLog;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The export tool's JSON lines: one record per line, every particle type kept exactly (see
 * {@code docs/tools.md}, "Typed JSON"). Plain JSON carries integers, strings, booleans, null, lists
 * and string-keyed maps as themselves; a float is always written with a fraction or an exponent
 * ({@code 1.0}), so it never reads back as an integer; what JSON cannot tell apart is an object with
 * one {@code $}-key: {@code {"$blob":"<base64>"}}, {@code {"$geojson":"<text>"}},
 * {@code {"$hll":"<base64>"}}, {@code {"$float":"NaN"|"Infinity"|"-Infinity"}} and
 * {@code {"$map":[[k,v],...]}} for a map with a non-string key (or whose first key starts with
 * {@code $}, which would read as a tag).
 *
 * <pre>{"namespace":"test","set":"s","digest":"<base64>","key":7,"generation":2,"ttl":-1,"bins":{...}}</pre>
 *
 * <p>Thread-safe: the factory is shared, generators and parsers are per call.
 */
final class TypedJson {
    static final String BLOB = "$blob";
    static final String GEOJSON = "$geojson";
    static final String HLL = "$hll";
    static final String FLOAT = "$float";
    static final String MAP = "$map";

    private static final JsonFactory FACTORY = new JsonFactory();

    private TypedJson() {}

    /**
     * A generator for JSON lines on {@code out}: one per file, reused for every record (creating
     * one per record costs more than writing the record).
     */
    static JsonGenerator lineGenerator(Writer out) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        // Lines end with '\n' (writeLine); no separator between root values besides it.
        g.setRootValueSeparator(null);
        return g;
    }

    /** One record as one JSON line, '\n' included. */
    static void writeLine(JsonGenerator g, AerospikeKey key, AerospikeRecord record) throws IOException {
        g.writeStartObject();
        g.writeStringField("namespace", key.namespace());
        if (key.set() != null) {
            g.writeStringField("set", key.set());
        }
        g.writeStringField("digest", Base64.getEncoder().encodeToString(key.digest()));
        if (key.userKey() != null) {
            g.writeFieldName("key");
            writeValue(g, key.userKey());
        }
        g.writeNumberField("generation", record.generation());
        g.writeNumberField("ttl", record.ttl());
        g.writeObjectFieldStart("bins");
        for (Map.Entry<String, Object> bin : record.bins().entrySet()) {
            g.writeFieldName(bin.getKey());
            writeValue(g, bin.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
        g.writeRaw('\n');
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                tagged(g, FLOAT, Double.toString(d));
            } else {
                // Double.toString always has a '.' or an 'E': the parser sees a float token.
                g.writeNumber(Double.toString(d));
            }
        } else if (v instanceof String) {
            g.writeString((String) v);
        } else if (v instanceof Boolean) {
            g.writeBoolean((Boolean) v);
        } else if (v instanceof byte[]) {
            tagged(g, BLOB, Base64.getEncoder().encodeToString((byte[]) v));
        } else if (v instanceof GeoJson) {
            tagged(g, GEOJSON, ((GeoJson) v).json());
        } else if (v instanceof HyperLogLog) {
            tagged(g, HLL, Base64.getEncoder().encodeToString(((HyperLogLog) v).bytes()));
        } else if (v instanceof List) {
            g.writeStartArray();
            for (Object item : (List<?>) v) {
                writeValue(g, item);
            }
            g.writeEndArray();
        } else if (v instanceof Map) {
            writeMap(g, (Map<?, ?>) v);
        } else {
            throw new IOException("a " + v.getClass().getName() + " is not an Aerospike value");
        }
    }

    private static void writeMap(JsonGenerator g, Map<?, ?> map) throws IOException {
        boolean plain = true;
        for (Object k : map.keySet()) {
            if (!(k instanceof String)) {
                plain = false;
                break;
            }
        }
        // A first key starting with '$' would read back as a tag.
        if (plain && !map.isEmpty() && ((String) map.keySet().iterator().next()).startsWith("$")) {
            plain = false;
        }
        if (plain) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName((String) e.getKey());
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
            return;
        }
        g.writeStartObject();
        g.writeArrayFieldStart(MAP);
        for (Map.Entry<?, ?> e : map.entrySet()) {
            g.writeStartArray();
            writeValue(g, e.getKey());
            writeValue(g, e.getValue());
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void tagged(JsonGenerator g, String tag, String text) throws IOException {
        g.writeStartObject();
        g.writeStringField(tag, text);
        g.writeEndObject();
    }

    /**
     * Parses one line into {@code key} and {@code record} (both refilled). The key's set is the
     * line's set.
     *
     * @throws IOException naming what is wrong with the line
     */
    static void decode(String line, AerospikeKey key, AerospikeRecord record) throws IOException {
        String namespace = null;
        String set = null;
        byte[] digest = null;
        Object userKey = null;
        Integer generation = null;
        Integer ttl = null;
        Map<String, Object> bins = null;
        try (JsonParser p = FACTORY.createParser(line)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "a record line");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.getCurrentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "namespace":
                        expect(t, JsonToken.VALUE_STRING, "namespace");
                        namespace = p.getText();
                        break;
                    case "set":
                        if (t != JsonToken.VALUE_NULL) {
                            expect(t, JsonToken.VALUE_STRING, "set");
                            set = p.getText();
                        }
                        break;
                    case "digest":
                        expect(t, JsonToken.VALUE_STRING, "digest");
                        digest = base64(p.getText(), "digest");
                        if (digest.length != AerospikeKey.DIGEST_LENGTH) {
                            throw new IOException("digest has " + digest.length + " bytes, not "
                                    + AerospikeKey.DIGEST_LENGTH);
                        }
                        break;
                    case "key":
                        userKey = readValue(p, t, 0);
                        if (userKey != null && !(userKey instanceof Long || userKey instanceof String
                                || userKey instanceof byte[])) {
                            throw new IOException("key must be an integer, a string or a blob, not "
                                    + userKey.getClass().getSimpleName());
                        }
                        break;
                    case "generation":
                        expect(t, JsonToken.VALUE_NUMBER_INT, "generation");
                        generation = p.getIntValue();
                        break;
                    case "ttl":
                        expect(t, JsonToken.VALUE_NUMBER_INT, "ttl");
                        ttl = p.getIntValue();
                        break;
                    case "bins":
                        expect(t, JsonToken.START_OBJECT, "bins");
                        bins = new LinkedHashMap<>();
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String name = p.getCurrentName();
                            bins.put(name, readValue(p, p.nextToken(), 0));
                        }
                        break;
                    default:
                        throw new IOException("unknown field '" + field + "'");
                }
            }
            if (p.nextToken() != null) {
                throw new IOException("text after the record's closing brace");
            }
        } catch (JsonParseException e) {
            throw new IOException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (namespace == null || digest == null || bins == null) {
            throw new IOException("a record line needs namespace, digest and bins");
        }
        key.set(namespace, set, digest, userKey);
        record.clear();
        record.bins().putAll(bins);
        record.setGeneration(generation == null ? 0 : generation);
        record.setTtl(ttl == null ? AerospikeRecord.NEVER_EXPIRES : ttl);
    }

    /** One value in the typed encoding (a TSV/CSV column of type {@code json}). */
    static Object parseValue(String text) throws IOException {
        try (JsonParser p = FACTORY.createParser(text)) {
            Object v = readValue(p, p.nextToken(), 0);
            if (p.nextToken() != null) {
                throw new IOException("text after the value");
            }
            return v;
        } catch (JsonParseException e) {
            throw new IOException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * One value at {@code depth} (a bin's or key's own value is at 0); lists and maps nest at most
     * {@link FrameCursor#MAX_DEPTH} deep, the most the connector writes and reads back.
     */
    private static Object readValue(JsonParser p, JsonToken t, int depth) throws IOException {
        if (t == null) {
            throw new IOException("the line ends inside a value");
        }
        if (depth > FrameCursor.MAX_DEPTH) {
            throw new IOException("lists and maps nested deeper than " + FrameCursor.MAX_DEPTH
                    + " (the most the connector writes and reads back)");
        }
        switch (t) {
            case VALUE_NULL:
                return null;
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw new IOException("integer " + p.getText() + " does not fit 64 bits");
                }
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return Double.parseDouble(p.getText());
            case VALUE_STRING:
                return p.getText();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                JsonToken item;
                while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(readValue(p, item, depth + 1));
                }
                return list;
            }
            case START_OBJECT:
                return readObject(p, depth);
            default:
                throw new IOException("unexpected " + t);
        }
    }

    private static Object readObject(JsonParser p, int depth) throws IOException {
        Map<Object, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.getCurrentName();
            JsonToken t = p.nextToken();
            if (map.isEmpty() && name.startsWith("$")) {
                Object tagged = readTagged(p, name, t, depth);
                if (p.nextToken() != JsonToken.END_OBJECT) {
                    throw new IOException("a " + name + " object has one field");
                }
                return tagged;
            }
            map.put(name, readValue(p, t, depth + 1));
        }
        return map;
    }

    private static Object readTagged(JsonParser p, String tag, JsonToken t, int depth) throws IOException {
        switch (tag) {
            case BLOB:
                expect(t, JsonToken.VALUE_STRING, BLOB);
                return base64(p.getText(), BLOB);
            case HLL:
                expect(t, JsonToken.VALUE_STRING, HLL);
                return new HyperLogLog(base64(p.getText(), HLL));
            case GEOJSON:
                expect(t, JsonToken.VALUE_STRING, GEOJSON);
                return new GeoJson(p.getText());
            case FLOAT:
                expect(t, JsonToken.VALUE_STRING, FLOAT);
                switch (p.getText()) {
                    case "NaN": return Double.NaN;
                    case "Infinity": return Double.POSITIVE_INFINITY;
                    case "-Infinity": return Double.NEGATIVE_INFINITY;
                    default: throw new IOException("$float is NaN, Infinity or -Infinity, not '" + p.getText() + "'");
                }
            case MAP: {
                expect(t, JsonToken.START_ARRAY, MAP);
                Map<Object, Object> map = new LinkedHashMap<>();
                JsonToken entry;
                while ((entry = p.nextToken()) != JsonToken.END_ARRAY) {
                    expect(entry, JsonToken.START_ARRAY, "a $map entry");
                    Object k = readValue(p, p.nextToken(), depth + 1);
                    Object v = readValue(p, p.nextToken(), depth + 1);
                    if (p.nextToken() != JsonToken.END_ARRAY) {
                        throw new IOException("a $map entry is [key, value]");
                    }
                    map.put(k, v);
                }
                return map;
            }
            default:
                throw new IOException("unknown tag '" + tag + "' (a map whose first key starts with '$' is written"
                        + " as {\"$map\":[[key,value],...]})");
        }
    }

    private static void expect(JsonToken t, JsonToken wanted, String what) throws IOException {
        if (t != wanted) {
            throw new IOException(what + ": expected " + describe(wanted) + ", found " + describe(t));
        }
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "the end of the line";
        }
        switch (t) {
            case START_OBJECT: return "an object";
            case START_ARRAY: return "an array";
            case VALUE_STRING: return "a string";
            case VALUE_NUMBER_INT: return "an integer";
            case VALUE_NUMBER_FLOAT: return "a float";
            case VALUE_NULL: return "null";
            case VALUE_TRUE:
            case VALUE_FALSE: return "a boolean";
            default: return t.toString();
        }
    }

    private static byte[] base64(String text, String what) throws IOException {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IOException(what + " is not base64: " + e.getMessage(), e);
        }
    }
}
