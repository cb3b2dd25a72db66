package io.aerohadoop.bench.write;

import io.aerohadoop.bench.RecordShape;

/**
 * What every writer writes: records {@code 0..size()-1} of {@link RecordShape} into its own set of
 * one namespace. The strings are built once, before any timer, so that no writer pays for
 * formatting them.
 */
final class Workload {
    final String namespace;
    private final String[] texts;

    Workload(String namespace, int records) {
        this.namespace = namespace;
        texts = new String[records];
        for (int i = 0; i < records; i++) {
            texts[i] = RecordShape.text(i);
        }
    }

    int size() {
        return texts.length;
    }

    /** Record {@code i}'s string bin. */
    String text(long i) {
        return texts[(int) i];
    }
}
