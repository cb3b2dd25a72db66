package io.aerohadoop.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** A benchmark's command line: {@code --name value} pairs only. */
public final class BenchArgs {
    private final Map<String, String> values = new LinkedHashMap<>();

    public BenchArgs(String[] argv) {
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--") || i + 1 == argv.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + argv[i] + "'");
            }
            values.put(argv[i].substring(2), argv[++i]);
        }
    }

    /** The value of {@code --name}, or {@code fallback} when it was not given. */
    public String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** The value of {@code --name}, or null when it was not given. */
    public String get(String name) {
        return values.get(name);
    }

    public long getLong(String name, long fallback) {
        String v = values.get(name);
        return v == null ? fallback : Long.parseLong(v);
    }

    public int getInt(String name, int fallback) {
        String v = values.get(name);
        return v == null ? fallback : Integer.parseInt(v);
    }
}
