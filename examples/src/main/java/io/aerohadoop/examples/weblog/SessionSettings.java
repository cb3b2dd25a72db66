package io.aerohadoop.examples.weblog;

import org.apache.hadoop.conf.Configuration;

/** The session gap of the session and join examples: {@value #GAP_KEY}, in minutes. */
public final class SessionSettings {
    public static final String GAP_KEY = "examples.session.gap.minutes";
    public static final int DEFAULT_GAP_MINUTES = 20;

    private SessionSettings() {}

    public static long gapSeconds(Configuration conf) {
        int minutes = conf.getInt(GAP_KEY, DEFAULT_GAP_MINUTES);
        if (minutes < 1) {
            throw new IllegalArgumentException(GAP_KEY + " must be at least 1, not " + minutes);
        }
        return minutes * 60L;
    }
}
