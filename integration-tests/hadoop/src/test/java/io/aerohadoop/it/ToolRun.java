package io.aerohadoop.it;

import io.aerohadoop.tools.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of a tool in this JVM through {@link Main#run}, exactly what {@code hadoop jar} calls
 * (minus {@code System.exit}), under LocalJobRunner: its exit status, stdout and stderr.
 */
final class ToolRun {
    private static final Pattern SUMMARY = Pattern.compile("^SUMMARY tool=(\\S+) (.*)$", Pattern.MULTILINE);

    final int exitStatus;
    final String out;
    final String err;

    private ToolRun(int exitStatus, String out, String err) {
        this.exitStatus = exitStatus;
        this.out = out;
        this.err = err;
    }

    static ToolRun run(Path work, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, "UTF-8"); PrintStream e = new PrintStream(err, true, "UTF-8")) {
            status = Main.run(LocalJobs.conf(work), args, o, e);
        }
        return new ToolRun(status, out.toString(StandardCharsets.UTF_8.name()), err.toString(StandardCharsets.UTF_8.name()));
    }

    /** The figures of the SUMMARY line: records, bytes, failures, seconds. */
    Map<String, String> summary() {
        Matcher m = SUMMARY.matcher(out);
        if (!m.find()) {
            throw new AssertionError("no SUMMARY line in:\n" + this);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String f : m.group(2).trim().split(" ")) {
            int eq = f.indexOf('=');
            fields.put(f.substring(0, eq), f.substring(eq + 1));
        }
        return fields;
    }

    long summaryValue(String name) {
        return Long.parseLong(summary().get(name));
    }

    /** Lines of stdout that start with {@code prefix}. */
    List<String> lines(String prefix) {
        List<String> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith(prefix)) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Override
    public String toString() {
        return "exit status " + exitStatus + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
