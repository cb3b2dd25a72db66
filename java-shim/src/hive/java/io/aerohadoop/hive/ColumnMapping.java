package io.aerohadoop.hive;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which part of a record each Hive column holds, from {@code aerospike.columns.mapping}: one
 * comma-separated entry per column, in column order. An entry is a bin name, optionally followed by
 * {@code :geojson} (the string column holds GeoJSON text, written as a GeoJSON particle), or one of
 * the record's metadata fields: {@code :key} (user key), {@code :digest}, {@code :generation},
 * {@code :ttl}. Without the property every column is the bin of its own name (Hive lower-cases
 * column names; the mapping is how to reach bins with upper-case letters).
 */
public final class ColumnMapping {
    /** What a column holds. */
    public enum Kind {
        BIN, KEY, DIGEST, GENERATION, TTL
    }

    /** One column: its name, what it holds and, for a bin, the bin's name. */
    public static final class Column {
        public final String name;
        public final Kind kind;
        /** The bin, or null for metadata. */
        public final String bin;
        /** A string bin written as GeoJSON. */
        public final boolean geoJson;

        Column(String name, Kind kind, String bin, boolean geoJson) {
            this.name = name;
            this.kind = kind;
            this.bin = bin;
            this.geoJson = geoJson;
        }

        /** For messages: {@code column 'c' (bin 'b')} or {@code column 'k' (:key)}. */
        public String describe() {
            return "column '" + name + "' (" + (kind == Kind.BIN ? "bin '" + bin + "'" : ":" + kind.name().toLowerCase(Locale.ROOT)) + ")";
        }
    }

    /** The server's limit on bin names, in UTF-8 bytes. */
    private static final int MAX_BIN_BYTES = 15;

    private final List<Column> columns;

    private ColumnMapping(List<Column> columns) {
        this.columns = Collections.unmodifiableList(columns);
    }

    /**
     * @param columnNames the table's columns, in order
     * @param mapping the {@code aerospike.columns.mapping} value, or null for bins named as the columns
     * @throws IllegalArgumentException naming the property and the entry at fault
     */
    public static ColumnMapping parse(List<String> columnNames, String mapping) {
        List<String> entries = new ArrayList<>();
        if (mapping == null || mapping.trim().isEmpty()) {
            entries.addAll(columnNames);
        } else {
            for (String e : mapping.split(",", -1)) {
                entries.add(e.trim());
            }
            if (entries.size() != columnNames.size()) {
                throw invalid(mapping, "has " + entries.size() + " entries for " + columnNames.size() + " columns "
                        + columnNames + "; give one entry per column, in column order");
            }
        }
        List<Column> columns = new ArrayList<>(entries.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            String column = columnNames.get(i);
            Column c = entry(mapping, column, entry);
            String identity = c.kind == Kind.BIN ? "bin " + c.bin : ":" + c.kind;
            if (!seen.add(identity)) {
                throw invalid(mapping, "maps " + identity.toLowerCase(Locale.ROOT) + " to two columns; each bin or"
                        + " metadata field may back one column only");
            }
            columns.add(c);
        }
        return new ColumnMapping(columns);
    }

    private static Column entry(String mapping, String column, String entry) {
        if (entry.isEmpty()) {
            throw invalid(mapping, "has an empty entry for column '" + column + "'");
        }
        if (entry.startsWith(":")) {
            switch (entry.toLowerCase(Locale.ROOT)) {
                case ":key":
                    return new Column(column, Kind.KEY, null, false);
                case ":digest":
                    return new Column(column, Kind.DIGEST, null, false);
                case ":generation":
                    return new Column(column, Kind.GENERATION, null, false);
                case ":ttl":
                    return new Column(column, Kind.TTL, null, false);
                default:
                    throw invalid(mapping, "entry '" + entry + "' for column '" + column
                            + "' is not one of :key, :digest, :generation, :ttl");
            }
        }
        String bin = entry;
        boolean geo = false;
        int colon = entry.indexOf(':');
        if (colon >= 0) {
            String suffix = entry.substring(colon + 1);
            if (!suffix.equalsIgnoreCase("geojson")) {
                throw invalid(mapping, "entry '" + entry + "' for column '" + column
                        + "': the only suffix a bin takes is ':geojson'");
            }
            bin = entry.substring(0, colon);
            geo = true;
        }
        int bytes = bin.getBytes(StandardCharsets.UTF_8).length;
        if (bin.isEmpty() || bytes > MAX_BIN_BYTES) {
            throw invalid(mapping, "bin '" + bin + "' for column '" + column + "' is " + bytes
                    + " bytes long; a bin name has 1 to " + MAX_BIN_BYTES);
        }
        for (int i = 0; i < bin.length(); i++) {
            char ch = bin.charAt(i);
            if (Character.isISOControl(ch) || ch == ';' || ch == ':') {
                throw invalid(mapping, "bin '" + bin + "' for column '" + column + "' contains a character a bin"
                        + " name cannot hold");
            }
        }
        return new Column(column, Kind.BIN, bin, geo);
    }

    private static IllegalArgumentException invalid(String mapping, String why) {
        return new IllegalArgumentException(TableProperties.COLUMNS_MAPPING + "=" + (mapping == null ? "<unset>" : mapping)
                + " " + why);
    }

    public List<Column> columns() {
        return columns;
    }

    public Column column(int i) {
        return columns.get(i);
    }

    /** The column named {@code name} (Hive column names are case-insensitive), or null. */
    public Column byName(String name) {
        for (Column c : columns) {
            if (c.name.equalsIgnoreCase(name)) {
                return c;
            }
        }
        return null;
    }

    /** The column holding the user key, or null. */
    public Column keyColumn() {
        for (Column c : columns) {
            if (c.kind == Kind.KEY) {
                return c;
            }
        }
        return null;
    }

    /** The column holding the digest, or null. */
    public Column digestColumn() {
        for (Column c : columns) {
            if (c.kind == Kind.DIGEST) {
                return c;
            }
        }
        return null;
    }
}
