package io.aerohadoop.bench.tools;

import io.aerohadoop.bench.Contender;
import io.aerohadoop.tools.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;

/**
 * One tool run as {@code hadoop jar} runs it ({@link Main#run}: ToolRunner, job submission, the
 * LocalJobRunner's task, the summary), timed from the call to its return. Its SUMMARY line must
 * report every record and no failure, and a writing tool's set must hold every record.
 */
final class ToolJob implements Contender {
    private static final Pattern SUMMARY = Pattern.compile("SUMMARY tool=\\S+ records=(\\d+) bytes=\\d+ failures=(\\d+)");

    private final String label;
    private final Configuration conf;
    private final String[] args;
    private final long records;
    /** A directory the tool creates (export's --output), removed before each run; or null. */
    private final Path output;
    /** The set an importing tool fills, emptied before and checked after each run; or null. */
    private final SinkSet sink;
    private String lastOut = "";

    ToolJob(String label, Configuration conf, long records, Path output, SinkSet sink, String... args) {
        this.label = label;
        this.conf = conf;
        this.args = args;
        this.records = records;
        this.output = output;
        this.sink = sink;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public void prepare() throws Exception {
        deleteOutput();
        if (sink != null) {
            sink.empty();
        }
    }

    private void deleteOutput() throws IOException {
        if (output != null && Files.exists(output)) {
            try (Stream<Path> files = Files.walk(output)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Override
    public long run() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        long started = System.nanoTime();
        try (PrintStream o = new PrintStream(out, true, "UTF-8"); PrintStream e = new PrintStream(err, true, "UTF-8")) {
            status = Main.run(new Configuration(conf), args, o, e);
        }
        long elapsed = System.nanoTime() - started;
        lastOut = out.toString(StandardCharsets.UTF_8.name());
        if (status != 0) {
            throw new IllegalStateException(label + " exited with " + status + ":\n" + lastOut
                    + err.toString(StandardCharsets.UTF_8.name()));
        }
        return elapsed;
    }

    @Override
    public void verify() {
        Matcher m = SUMMARY.matcher(lastOut);
        if (!m.find() || Long.parseLong(m.group(1)) != records || Long.parseLong(m.group(2)) != 0) {
            throw new IllegalStateException(label + " did not report " + records + " records and no failure:\n" + lastOut);
        }
        if (sink != null) {
            sink.expect(label, records);
        }
    }

    /**
     * Deletes what an export wrote once it is checked: a file deleted while its pages are still
     * dirty is never written back, so the next contender does not share the machine with the
     * kernel flushing a hundred megabytes of it.
     */
    @Override
    public void cleanUp() throws IOException {
        deleteOutput();
    }
}
