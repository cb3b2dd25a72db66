package io.aerohadoop.config;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;

/**
 * Reading one configuration value strictly, for {@link ReadConfig}, {@link WriteConfig} and
 * {@link ClusterAccess}: a value that does not parse is refused naming its key, never read as the
 * default the way Hadoop's own getters read a typo.
 */
final class ConfigValues {
    private ConfigValues() {}

    /** The trimmed value, or null if unset or blank. */
    static String trimmed(Configuration conf, String key) {
        String v = conf.getTrimmed(key);
        return v == null || v.isEmpty() ? null : v;
    }

    /** One of an enum's constants, by name in any case; {@code allowed} lists them for the error. */
    static <E extends Enum<E>> E parseEnum(Configuration conf, String key, String def, Class<E> type,
            String allowed) throws InvalidConfigurationException {
        String v = trimmed(conf, key);
        String name = v == null ? def : v;
        try {
            return Enum.valueOf(type, name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidConfigurationException.invalid(key, name, "must be one of " + allowed);
        }
    }

    /** A whole number in [min, max], or {@code def} when unset. */
    static int intValue(Configuration conf, String key, int def, int min, int max)
            throws InvalidConfigurationException {
        String v = trimmed(conf, key);
        if (v == null) {
            return def;
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw InvalidConfigurationException.invalid(key, v, "not a whole number");
        }
        if (n < min || n > max) {
            throw InvalidConfigurationException.invalid(key, v, max == Integer.MAX_VALUE
                    ? "must be at least " + min
                    : "must be between " + min + " and " + max);
        }
        return (int) n;
    }

    /** A 64-bit integer that must be set; {@code why} says what needs it. */
    static long requiredLong(Configuration conf, String key, String why) throws InvalidConfigurationException {
        String v = trimmed(conf, key);
        if (v == null) {
            throw InvalidConfigurationException.missing(key, why);
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw InvalidConfigurationException.invalid(key, v, "not a 64-bit integer");
        }
    }

    /** Only {@code true} or {@code false}: Hadoop's getBoolean would read a typo as the default. */
    static boolean booleanValue(Configuration conf, String key, boolean def) throws InvalidConfigurationException {
        String v = trimmed(conf, key);
        if (v == null) {
            return def;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw InvalidConfigurationException.invalid(key, v, "must be true or false");
    }

    /**
     * A namespace, set or bin name the server accepts: at most {@code maxBytes} of UTF-8, no control
     * characters, and no ':' or ';', which separate the fields of the info answers the planner reads.
     * {@code value} is the key's whole value (a list of bins, say), named in the error.
     */
    static void checkName(String key, String value, String name, int maxBytes, String what)
            throws InvalidConfigurationException {
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw InvalidConfigurationException.invalid(key, value,
                    "'" + name + "' is " + bytes + " bytes long; " + what + " has at most " + maxBytes);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || c == ':' || c == ';') {
                throw InvalidConfigurationException.invalid(key, value,
                        "'" + name + "' contains '" + (Character.isISOControl(c) ? "\\u" + (int) c : c)
                                + "', which " + what + " cannot contain");
            }
        }
    }
}
