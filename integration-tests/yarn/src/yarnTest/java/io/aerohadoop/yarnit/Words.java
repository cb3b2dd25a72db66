package io.aerohadoop.yarnit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** A deterministic text and its word counts, split on whitespace by a regular expression. */
final class Words {
    private static final String[] VOCABULARY = {
        "the", "The", "a", "of", "and", "record", "records", "partition", "node", "split", "Hadoop",
        "Hadoop,", "Aerospike", "yarn", "YARN", "container", "task", "tasks", "jvm", "map", "reduce",
        "key", "value", "bin", "digest", "scan", "café", "Zürich", "日本語", "данные", "emoji-🙂", "it's",
        "end.", "42", "-7", "x=1", "a/b", "#tag", "100%",
    };

    private Words() {}

    static List<String> lines(int count, long seed) {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder line = new StringBuilder();
            int words = random.nextInt(13);
            for (int w = 0; w < words; w++) {
                line.append(w == 0 ? "" : random.nextInt(8) == 0 ? "\t" : " ");
                line.append(VOCABULARY[random.nextInt(VOCABULARY.length)]);
            }
            lines.add(line.toString());
        }
        return lines;
    }

    static Map<String, Long> count(List<String> lines) {
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
