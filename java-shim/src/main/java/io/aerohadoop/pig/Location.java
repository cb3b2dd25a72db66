package io.aerohadoop.pig;

import io.aerohadoop.config.InputKeys;
import io.aerohadoop.config.OutputKeys;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;

/**
 * Where {@link AerospikeStorage} reads or writes, and the connection settings given to it:
 * {@code aerospike://namespace[/set][?option=value&...]}, plus the options of its second argument
 * ({@code 'option=value option=value'}). An option is a configuration key without its
 * {@code aerospike.input.} (load) or {@code aerospike.output.} (store) prefix: {@code hosts},
 * {@code timeout.ms}, {@code write.mode}, ... The location's options win over the argument's, which
 * win over the job's configuration ({@code SET aerospike.input.hosts '...'}). Values are then
 * checked by {@code ReadConfig}/{@code WriteConfig} as for any job.
 */
final class Location {
    static final String SCHEME = "aerospike://";

    final String namespace;
    /** The set, or null for the whole namespace. */
    final String set;
    final Map<String, String> options;

    private Location(String namespace, String set, Map<String, String> options) {
        this.namespace = namespace;
        this.set = set;
        this.options = options;
    }

    /**
     * @param argOptions the storage function's option argument, or null
     * @param extra option names the caller takes itself (e.g. {@code sample}), not configuration keys
     */
    static Location parse(String location, String argOptions, String prefix, Set<String> extra) throws IOException {
        if (location == null || !location.startsWith(SCHEME)) {
            throw new IOException("AerospikeStorage: location '" + location + "' is not " + SCHEME + "namespace[/set]");
        }
        String rest = location.substring(SCHEME.length());
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String[] path = rest.split("/", -1);
        if (path[0].isEmpty() || path.length > 2 || (path.length == 2 && path[1].isEmpty())) {
            throw new IOException("AerospikeStorage: location '" + location + "' is not " + SCHEME + "namespace[/set]");
        }
        Map<String, String> options = new LinkedHashMap<>();
        Set<String> known = knownOptions(prefix);
        known.addAll(extra);
        if (argOptions != null) {
            for (String pair : argOptions.trim().split("\\s+")) {
                if (!pair.isEmpty()) {
                    put(options, pair, known, prefix, "option argument '" + argOptions + "'", false);
                }
            }
        }
        if (query != null) {
            for (String pair : query.split("&")) {
                if (!pair.isEmpty()) {
                    put(options, pair, known, prefix, "location '" + location + "'", true);
                }
            }
        }
        return new Location(path[0], path.length == 2 ? path[1] : null, options);
    }

    private static void put(Map<String, String> options, String pair, Set<String> known, String prefix, String where,
            boolean urlEncoded) throws IOException {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
            throw new IOException("AerospikeStorage: '" + pair + "' in the " + where + " is not option=value");
        }
        String name = pair.substring(0, eq);
        String value = pair.substring(eq + 1);
        if (urlEncoded) {
            try {
                value = URLDecoder.decode(value, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IOException("AerospikeStorage: option '" + name + "' in the " + where + " has a bad %-escape in '"
                        + value + "' (" + e.getMessage() + ")", e);
            }
        }
        if (name.equals("namespace") || name.equals("setname")) {
            throw new IOException("AerospikeStorage: the " + where + " sets '" + name
                    + "'; namespace and set come from the location aerospike://namespace/set");
        }
        if (!known.contains(name)) {
            throw new IOException("AerospikeStorage: unknown option '" + name + "' in the " + where + "; options are "
                    + known + " (the keys " + prefix + "* of docs/configuration.md)");
        }
        options.put(name, value);
    }

    /** Option names: the suffixes of the keys {@code InputKeys}/{@code OutputKeys} declare. */
    private static Set<String> knownOptions(String prefix) {
        Set<String> names = new TreeSet<>();
        for (Class<?> c : new Class<?>[] {InputKeys.class, OutputKeys.class}) {
            for (Field f : c.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                    try {
                        String key = (String) f.get(null);
                        if (key != null && key.startsWith(prefix)) {
                            names.add(key.substring(prefix.length()));
                        }
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        names.remove("namespace");
        names.remove("setname");
        return names;
    }

    /** Writes namespace, set and the configuration options into {@code conf}. */
    void apply(Configuration conf, String prefix, Set<String> extra) {
        conf.set(prefix + "namespace", namespace);
        if (set == null) {
            conf.unset(prefix + "setname");
        } else {
            conf.set(prefix + "setname", set);
        }
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (!extra.contains(e.getKey())) {
                conf.set(prefix + e.getKey(), e.getValue());
            }
        }
    }
}
