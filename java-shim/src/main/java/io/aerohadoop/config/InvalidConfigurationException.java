package io.aerohadoop.config;

import java.io.IOException;

/**
 * A configuration key with a missing, malformed or contradictory value, or one the cluster refutes
 * (a set or index that does not exist, seeds that do not answer).
 *
 * <p>An {@link IOException} because Hadoop's {@code getSplits}, {@code checkOutputSpecs} and record
 * readers declare it: thrown from {@code getSplits}, it fails the job at submission, before any
 * task runs. The message always names the key; {@link #getKey()} and {@link #getValue()} give them
 * to code. A password is never part of the message or the value.
 */
public final class InvalidConfigurationException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String value;

    private InvalidConfigurationException(String key, String value, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
        this.value = value;
    }

    /** {@code key} has the value {@code value}, which is wrong because {@code reason}. */
    public static InvalidConfigurationException invalid(String key, String value, String reason) {
        return new InvalidConfigurationException(key, value, "invalid " + key + "='" + value + "': " + reason, null);
    }

    /** As {@link #invalid(String, String, String)}, caused by {@code cause}. */
    public static InvalidConfigurationException invalid(String key, String value, String reason, Throwable cause) {
        return new InvalidConfigurationException(key, value, "invalid " + key + "='" + value + "': " + reason, cause);
    }

    /** {@code key} is required but not set; {@code reason} says what it is for. */
    public static InvalidConfigurationException missing(String key, String reason) {
        return new InvalidConfigurationException(key, null, key + " is not set: " + reason, null);
    }

    /** {@code key} is wrong for a reason its value must not show (a password). */
    public static InvalidConfigurationException hidden(String key, String reason) {
        return new InvalidConfigurationException(key, null, "invalid " + key + ": " + reason, null);
    }

    /** The key at fault. */
    public String getKey() {
        return key;
    }

    /** Its value as configured, or null if it was not set or must not be shown. */
    public String getValue() {
        return value;
    }
}
