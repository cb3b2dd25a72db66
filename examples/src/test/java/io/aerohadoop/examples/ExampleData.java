package io.aerohadoop.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The committed input files (examples/data) and the text files jobs write. */
final class ExampleData {
    private ExampleData() {}

    static Path file(String name) {
        String dir = System.getProperty("examples.data");
        if (dir == null) {
            throw new IllegalStateException("no -Dexamples.data: run through gradle :examples:test");
        }
        return Paths.get(dir, name);
    }

    static List<String> lines(String name) throws IOException {
        return Files.readAllLines(file(name), StandardCharsets.UTF_8);
    }

    /** Every line of a committed job's part files; fails unless the job wrote {@code _SUCCESS}. */
    static List<String> outputLines(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve("_SUCCESS"))) {
            throw new IOException("no _SUCCESS in " + dir + ": the job did not commit its output");
        }
        List<Path> parts = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "part-*")) {
            files.forEach(parts::add);
        }
        Collections.sort(parts);
        List<String> lines = new ArrayList<>();
        for (Path part : parts) {
            lines.addAll(Files.readAllLines(part, StandardCharsets.UTF_8));
        }
        return lines;
    }
}
