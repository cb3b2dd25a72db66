package io.aerohadoop.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads what a job wrote with a text output format to a local directory. */
final class JobOutput {
    private JobOutput() {}

    /**
     * The part files of a finished job ({@code part-m-*}, {@code part-r-*}, or the old API's
     * {@code part-*}), sorted by name; fails unless the job committed ({@code _SUCCESS} present).
     */
    static List<Path> partFiles(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve("_SUCCESS"))) {
            throw new IOException("no _SUCCESS in " + dir + ": the job did not commit its output");
        }
        List<Path> parts = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "part-*")) {
            for (Path f : files) {
                parts.add(f);
            }
        }
        Collections.sort(parts);
        return parts;
    }

    /** Every line of every part file. */
    static List<String> lines(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path part : partFiles(dir)) {
            lines.addAll(Files.readAllLines(part, StandardCharsets.UTF_8));
        }
        return lines;
    }

    /**
     * {@code key<TAB>number} lines as a map; fails on a key written twice (a reducer's output has
     * each key once).
     */
    static Map<String, Long> keyedNumbers(Path dir) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        for (String line : lines(dir)) {
            int tab = line.lastIndexOf('\t');
            if (tab < 0) {
                throw new IOException("no tab in output line '" + line + "' of " + dir);
            }
            Long previous = out.put(line.substring(0, tab), Long.parseLong(line.substring(tab + 1)));
            if (previous != null) {
                throw new IOException("key '" + line.substring(0, tab) + "' written twice in " + dir);
            }
        }
        return out;
    }
}
