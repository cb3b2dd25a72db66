package io.aerohadoop.examples.weblog;

/** Counters of the jobs that read access logs. */
public enum WebLogCounters {
    /** Lines not in Common Log Format with a numeric user id: skipped. */
    MALFORMED_LINES
}
