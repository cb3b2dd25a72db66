package io.aerohadoop.examples;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Word counts of text lines, split on the whitespace Java's StringTokenizer splits on. */
final class WordCounts {
    private WordCounts() {}

    static Map<String, Long> of(List<String> lines) {
        Map<String, Long> counts = new TreeMap<>();
        for (String line : lines) {
            for (String word : line.split("[ \t\n\r\f]+")) {
                if (!word.isEmpty()) {
                    counts.merge(word, 1L, Long::sum);
                }
            }
        }
        return counts;
    }
}
