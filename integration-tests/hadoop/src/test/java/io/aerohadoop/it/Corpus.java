package io.aerohadoop.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringTokenizer;
import java.util.TreeMap;

/**
 * A deterministic text for word counting, and the reference count made from the file with the
 * tokenizer WordCount uses ({@link StringTokenizer}'s default delimiters).
 */
final class Corpus {
    /**
     * Words with punctuation, mixed case, digits and non-ASCII letters: WordCount counts
     * whitespace-separated tokens, so "Hadoop" and "Hadoop," are different words.
     */
    private static final String[] WORDS = {
        "the", "The", "a", "of", "and", "to", "in", "is", "record", "records", "partition", "partitions",
        "node", "nodes", "split", "splits", "Hadoop", "Hadoop,", "Aerospike", "aerospike.", "map", "reduce",
        "key", "value", "bin", "bins", "digest", "scan", "query", "range", "index", "(numrange)", "cluster",
        "replica", "master", "read", "reads", "write", "job", "task", "tasks", "count", "word", "words",
        "x=1", "--", "42", "3.14", "-7", "café", "naïve", "Zürich", "Ångström", "日本語", "данные", "λ",
        "emoji-🙂", "\"quoted\"", "it's", "end.", "end", "END", "e-mail", "a/b", "#tag", "100%",
    };

    private Corpus() {}

    /** {@code lines} lines of 0 to 16 words; separators are spaces, runs of spaces or tabs. */
    static List<String> lines(int lines, long seed) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>(lines);
        for (int i = 0; i < lines; i++) {
            int words = random.nextInt(17);
            StringBuilder line = new StringBuilder();
            // Some lines start with whitespace; a zero-word line may still hold separators.
            if (random.nextInt(10) == 0) {
                line.append(' ');
            }
            for (int w = 0; w < words; w++) {
                if (w > 0) {
                    int sep = random.nextInt(12);
                    line.append(sep == 0 ? "\t" : sep == 1 ? "   " : " ");
                }
                line.append(WORDS[random.nextInt(WORDS.length)]);
            }
            out.add(line.toString());
        }
        return out;
    }

    static void write(Path file, List<String> lines) throws IOException {
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** Word -> occurrences over the file's lines, tokenized as WordCount's mapper does. */
    static Map<String, Long> countWords(Path file) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            StringTokenizer tokens = new StringTokenizer(line);
            while (tokens.hasMoreTokens()) {
                counts.merge(tokens.nextToken(), 1L, Long::sum);
            }
        }
        return counts;
    }
}
