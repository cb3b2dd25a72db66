package io.aerohadoop.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Seed hosts as the native client takes them, {@code host:port,host:port}, parsed and checked here
 * so that a bad entry is reported against the key it came from. Accepts {@code host},
 * {@code host:port}, {@code [ipv6]} and {@code [ipv6]:port}; a missing port is 3000, as every
 * Aerospike client has it.
 */
public final class SeedHosts {
    private final List<String> hosts;

    private SeedHosts(List<String> hosts) {
        this.hosts = Collections.unmodifiableList(hosts);
    }

    /** Parses a comma-separated seed list read from {@code key}. */
    public static SeedHosts parseList(String key, String value) throws InvalidConfigurationException {
        List<String> hosts = new ArrayList<>();
        for (String part : value.split(",")) {
            String seed = part.trim();
            if (!seed.isEmpty()) {
                hosts.add(parseSeed(key, value, seed));
            }
        }
        if (hosts.isEmpty()) {
            throw InvalidConfigurationException.invalid(key, value, "no host given (expected host:port,host:port)");
        }
        return new SeedHosts(hosts);
    }

    /** One seed from separate host and port keys (the predecessor's form). */
    public static SeedHosts of(String hostKey, String host, String portKey, String port)
            throws InvalidConfigurationException {
        if (host.isEmpty() || containsWhitespace(host)) {
            throw InvalidConfigurationException.invalid(hostKey, host, "not a host name or address");
        }
        int p = parsePort(portKey, port, null, port);
        // An IPv6 literal needs brackets once a port follows it.
        String name = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        List<String> hosts = new ArrayList<>();
        hosts.add(name + ":" + p);
        return new SeedHosts(hosts);
    }

    /** Each seed as {@code host:port}. */
    public List<String> hosts() {
        return hosts;
    }

    /** The form {@code NativeCluster.connect} takes. */
    @Override
    public String toString() {
        return String.join(",", hosts);
    }

    private static String parseSeed(String key, String value, String seed) throws InvalidConfigurationException {
        String name;
        String port = null;
        if (seed.startsWith("[")) {
            int close = seed.indexOf(']');
            if (close < 0) {
                throw InvalidConfigurationException.invalid(key, value, "'" + seed + "' has no closing ']'");
            }
            name = seed.substring(1, close);
            String after = seed.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw InvalidConfigurationException.invalid(key, value, "'" + seed + "': expected ':port' after ']'");
                }
                port = after.substring(1);
            }
            name = "[" + name + "]";
            if (name.length() == 2) {
                throw InvalidConfigurationException.invalid(key, value, "'" + seed + "' has no host address");
            }
        } else {
            int colon = seed.indexOf(':');
            if (colon < 0) {
                name = seed;
            } else if (seed.indexOf(':', colon + 1) >= 0) {
                throw InvalidConfigurationException.invalid(key, value,
                        "'" + seed + "': write an IPv6 address in brackets, as [addr]:port");
            } else {
                name = seed.substring(0, colon);
                port = seed.substring(colon + 1);
            }
            if (name.isEmpty() || containsWhitespace(name)) {
                throw InvalidConfigurationException.invalid(key, value, "'" + seed + "' has no valid host name");
            }
        }
        int p = port == null ? InputKeys.DEFAULT_PORT : parsePort(key, value, seed, port);
        return name + ":" + p;
    }

    /**
     * @param seed the list entry the port belongs to, or null when the port has a key of its own
     */
    private static int parsePort(String key, String value, String seed, String port)
            throws InvalidConfigurationException {
        int p;
        try {
            p = Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 1 || p > 65535) {
            throw InvalidConfigurationException.invalid(key, value,
                    (seed == null ? "" : "'" + seed + "': ") + "port '" + port + "' is not a number in 1..65535");
        }
        return p;
    }

    private static boolean containsWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
