package io.aerohadoop.bench;

import java.util.Locale;

/** A benchmark's progress lines on stderr, prefixed with its name (stdout carries the tables). */
public final class Progress {
    private final String prefix;

    public Progress(String name) {
        this.prefix = name + ": ";
    }

    public void log(String format, Object... args) {
        System.err.println(prefix + String.format(Locale.ROOT, format, args));
    }
}
