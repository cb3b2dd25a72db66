package io.aerohadoop.pig;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.pig.data.DataType;

/**
 * One field of the relation {@link AerospikeStorage} loads: what part of the record it holds (a bin
 * or a metadata field) and its Pig type, declared or not yet known (sampled).
 *
 * <p>The spec of a field, as the loader's first argument lists them (separated by commas or
 * blanks): {@code name} (the bin {@code name}, type sampled), {@code name:type} (declared),
 * {@code name=bin[:type]} (a bin whose name is no Pig identifier), {@code name=:key[:type]},
 * {@code name=:digest}, {@code name=:generation}, {@code name=:ttl} (metadata).
 */
final class PigField {
    /** What a field holds. */
    enum Kind {
        BIN, KEY, DIGEST, GENERATION, TTL
    }

    /** The type of a field not declared and not yet sampled. */
    static final byte UNKNOWN = DataType.UNKNOWN;

    /** The server's limit on bin names, in UTF-8 bytes. */
    private static final int MAX_BIN_BYTES = 15;

    final String name;
    final Kind kind;
    /** The bin, or null for metadata. */
    final String bin;
    /** A Pig type ({@link DataType}), or {@link #UNKNOWN} until sampled. */
    final byte type;

    PigField(String name, Kind kind, String bin, byte type) {
        this.name = name;
        this.kind = kind;
        this.bin = bin;
        this.type = type;
    }

    PigField withType(byte t) {
        return new PigField(name, kind, bin, t);
    }

    /** The spec that parses back to this field (types included once known). */
    String spec() {
        String source = kind == Kind.BIN ? (bin.equals(name) ? "" : "=" + bin) : "=:" + kind.name().toLowerCase(Locale.ROOT);
        return name + source + (type == UNKNOWN ? "" : ":" + DataType.findTypeName(type));
    }

    /** For messages: {@code field 'f' (bin 'b')} or {@code field 'k' (:key)}. */
    String describe() {
        return "field '" + name + "' (" + (kind == Kind.BIN ? "bin '" + bin + "'" : ":" + kind.name().toLowerCase(Locale.ROOT)) + ")";
    }

    /** Parses a list of specs; an empty list means "every bin, sampled". */
    static List<PigField> parseList(String specs) throws IOException {
        List<PigField> fields = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (specs == null) {
            return fields;
        }
        for (String spec : specs.trim().split("[,\\s]+")) {
            if (spec.isEmpty()) {
                continue;
            }
            PigField f = parse(spec);
            if (!names.add(f.name)) {
                throw new IOException("AerospikeStorage: field '" + f.name + "' is listed twice in '" + specs + "'");
            }
            fields.add(f);
        }
        return Collections.unmodifiableList(fields);
    }

    static String specList(List<PigField> fields) {
        StringBuilder s = new StringBuilder();
        for (PigField f : fields) {
            s.append(s.length() == 0 ? "" : ",").append(f.spec());
        }
        return s.toString();
    }

    static PigField parse(String spec) throws IOException {
        int eq = spec.indexOf('=');
        String name;
        String rest;
        if (eq < 0) {
            int colon = spec.indexOf(':');
            name = colon < 0 ? spec : spec.substring(0, colon);
            rest = spec;
        } else {
            name = spec.substring(0, eq);
            rest = spec.substring(eq + 1);
        }
        if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw invalid(spec, "'" + name + "' is not a Pig field name (a letter, then letters, digits or _)");
        }
        if (rest.startsWith(":")) {
            String[] parts = rest.substring(1).split(":", -1);
            Kind kind;
            try {
                kind = Kind.valueOf(parts[0].toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                kind = null;
            }
            if (kind == null || kind == Kind.BIN || parts.length > 2) {
                throw invalid(spec, "metadata is one of :key, :digest, :generation, :ttl (with :key, optionally :type)");
            }
            byte type = parts.length == 2 ? type(spec, parts[1]) : defaultType(kind);
            if (kind != Kind.KEY && parts.length == 2 && type != defaultType(kind)) {
                throw invalid(spec, ":" + parts[0] + " is always " + DataType.findTypeName(defaultType(kind)));
            }
            return new PigField(name, kind, null, type);
        }
        int colon = rest.indexOf(':');
        String bin = colon < 0 ? rest : rest.substring(0, colon);
        if (bin.isEmpty() || bin.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BIN_BYTES) {
            throw invalid(spec, "a bin name has 1 to " + MAX_BIN_BYTES + " bytes");
        }
        byte type = colon < 0 ? UNKNOWN : type(spec, rest.substring(colon + 1));
        return new PigField(name, Kind.BIN, bin, type);
    }

    private static byte defaultType(Kind kind) {
        switch (kind) {
            case DIGEST:
                return DataType.BYTEARRAY;
            case GENERATION:
            case TTL:
                return DataType.INTEGER;
            default:
                return UNKNOWN;
        }
    }

    private static byte type(String spec, String name) throws IOException {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "int":
                return DataType.INTEGER;
            case "long":
                return DataType.LONG;
            case "float":
                return DataType.FLOAT;
            case "double":
                return DataType.DOUBLE;
            case "chararray":
                return DataType.CHARARRAY;
            case "bytearray":
                return DataType.BYTEARRAY;
            case "boolean":
                return DataType.BOOLEAN;
            case "tuple":
                return DataType.TUPLE;
            case "bag":
                return DataType.BAG;
            case "map":
                return DataType.MAP;
            default:
                throw invalid(spec, "unknown type '" + name
                        + "'; one of int, long, float, double, chararray, bytearray, boolean, tuple, bag, map");
        }
    }

    private static IOException invalid(String spec, String why) {
        return new IOException("AerospikeStorage: field spec '" + spec + "': " + why);
    }
}
