package io.aerohadoop.tools;

import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.io.GeoJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The column → bin mapping of a TSV/CSV import ({@code --columns}), in the style of HBase's
 * {@code ImportTsv}: one entry per column, {@code name[:type]}. {@code _key} is the column holding
 * the user key (type string, int or blob), {@code _skip} a column to ignore; every other name is a
 * bin. Types: {@code string} (default), {@code int}, {@code float}, {@code bool}, {@code blob}
 * (base64), {@code geojson} (GeoJSON text), {@code json} (a value in the export's typed JSON: lists,
 * maps, anything). An empty field writes no bin, except for type string (the empty string).
 */
final class ColumnMapping {
    static final String KEY = "_key";
    static final String SKIP = "_skip";
    private static final int MAX_BIN_BYTES = 15;

    enum Type { STRING, INT, FLOAT, BOOL, BLOB, GEOJSON, JSON }

    private final String[] names;
    private final Type[] types;
    private final int keyColumn;

    private ColumnMapping(String[] names, Type[] types, int keyColumn) {
        this.names = names;
        this.types = types;
        this.keyColumn = keyColumn;
    }

    /** Parses {@code --columns}; every error names the entry at fault. */
    static ColumnMapping parse(String spec) throws UsageException {
        String[] entries = spec.split(",", -1);
        String[] names = new String[entries.length];
        Type[] types = new Type[entries.length];
        int key = -1;
        Set<String> bins = new HashSet<>();
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            int colon = entry.indexOf(':');
            String name = colon < 0 ? entry : entry.substring(0, colon).trim();
            String type = colon < 0 ? "string" : entry.substring(colon + 1).trim();
            String where = "--columns: column " + (i + 1) + " ('" + entry + "')";
            if (name.isEmpty()) {
                throw new UsageException(where + " has no name");
            }
            try {
                types[i] = Type.valueOf(type.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UsageException(where + ": unknown type '" + type
                        + "' (string, int, float, bool, blob, geojson, json)");
            }
            if (name.equals(KEY)) {
                if (key >= 0) {
                    throw new UsageException(where + ": a second " + KEY + " column");
                }
                if (types[i] != Type.STRING && types[i] != Type.INT && types[i] != Type.BLOB) {
                    throw new UsageException(where + ": a user key is a string, an int or a blob");
                }
                key = i;
            } else if (!name.equals(SKIP)) {
                if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BIN_BYTES) {
                    throw new UsageException(where + ": a bin name has at most " + MAX_BIN_BYTES + " bytes");
                }
                if (!bins.add(name)) {
                    throw new UsageException(where + ": bin '" + name + "' appears twice");
                }
            }
            names[i] = name;
        }
        if (key < 0) {
            throw new UsageException("--columns: no " + KEY + " column (the column holding each record's user key)");
        }
        return new ColumnMapping(names, types, key);
    }

    int columns() {
        return names.length;
    }

    /**
     * Fills {@code record} from one line's fields and returns the user key.
     *
     * @throws IOException naming the column and the value when a field does not parse
     */
    Object fill(List<String> fields, AerospikeRecord record) throws IOException {
        if (fields.size() != names.length) {
            throw new IOException("expected " + names.length + " fields, found " + fields.size());
        }
        record.clear();
        Object userKey = null;
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(SKIP)) {
                continue;
            }
            String field = fields.get(i);
            if (field.isEmpty() && types[i] != Type.STRING) {
                if (i == keyColumn) {
                    throw new IOException("column " + (i + 1) + " (" + KEY + ") is empty");
                }
                continue;
            }
            Object value;
            try {
                value = convert(field, types[i]);
            } catch (IOException | IllegalArgumentException e) {
                throw new IOException("column " + (i + 1) + " (" + names[i] + ":" + types[i].name().toLowerCase(Locale.ROOT)
                        + "): '" + abbreviate(field) + "' " + e.getMessage());
            }
            if (i == keyColumn) {
                userKey = value;
            } else {
                record.put(names[i], value);
            }
        }
        return userKey;
    }

    private static Object convert(String field, Type type) throws IOException {
        switch (type) {
            case INT:
                try {
                    return Long.parseLong(field.trim());
                } catch (NumberFormatException e) {
                    throw new IOException("is not a 64-bit integer");
                }
            case FLOAT:
                try {
                    return Double.parseDouble(field.trim());
                } catch (NumberFormatException e) {
                    throw new IOException("is not a number");
                }
            case BOOL:
                if (field.trim().equalsIgnoreCase("true")) {
                    return Boolean.TRUE;
                } else if (field.trim().equalsIgnoreCase("false")) {
                    return Boolean.FALSE;
                }
                throw new IOException("is not true or false");
            case BLOB:
                try {
                    return Base64.getDecoder().decode(field.trim());
                } catch (IllegalArgumentException e) {
                    throw new IOException("is not base64");
                }
            case GEOJSON:
                return new GeoJson(field);
            case JSON:
                try {
                    return TypedJson.parseValue(field);
                } catch (IOException e) {
                    throw new IOException("is not a typed JSON value: " + e.getMessage());
                }
            default:
                return field;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    /** The fields of a line: split at {@code separator}; with {@code quoted}, CSV quoting (RFC 4180). */
    static List<String> split(String line, char separator, boolean quoted) throws IOException {
        List<String> fields = new ArrayList<>();
        if (!quoted) {
            int start = 0;
            for (int i = 0; i < line.length(); i++) {
                if (line.charAt(i) == separator) {
                    fields.add(line.substring(start, i));
                    start = i + 1;
                }
            }
            fields.add(line.substring(start));
            return fields;
        }
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (true) {
            field.setLength(0);
            if (i < line.length() && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= line.length()) {
                        throw new IOException("a quoted field is not closed");
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < line.length() && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                if (i < line.length() && line.charAt(i) != separator) {
                    throw new IOException("text after a quoted field at character " + (i + 1));
                }
            } else {
                while (i < line.length() && line.charAt(i) != separator) {
                    field.append(line.charAt(i++));
                }
            }
            fields.add(field.toString());
            if (i >= line.length()) {
                return fields;
            }
            i++; // the separator
        }
    }
}
