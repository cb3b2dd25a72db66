package io.aerohadoop.bench.read;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Reader (d): the official Rust client's {@code query_foreach} over every partition, counting in
 * its callback, in its own process (bench/aerolite-bench's {@code read-scan}, release build). The
 * process connects once; each read is one {@code scan} line, answered with
 * {@code <records> <bins> <nanoseconds>} as the Rust side timed it.
 */
final class RustScan implements Reader {
    private final Process process;
    private final Writer commands;
    private final BufferedReader answers;
    private final DataSet data;

    RustScan(Path binary, String seeds, DataSet data) throws IOException {
        if (!Files.isExecutable(binary)) {
            throw new IOException(binary + " is not executable (cargo build --release -p aerolite-bench)");
        }
        this.data = data;
        process = new ProcessBuilder(binary.toString(), "--seeds", seeds, "--namespace", data.namespace,
                "--set", data.set).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
        answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
    }

    @Override
    public String label() {
        return "(d) Rust client query_foreach, callback counts (own process)";
    }

    @Override
    public long read() throws IOException {
        commands.write("scan\n");
        commands.flush();
        String line = answers.readLine();
        if (line == null) {
            throw new IOException("read-scan ended without an answer (its stderr is above)");
        }
        String[] f = line.trim().split(" ");
        if (f.length != 3) {
            throw new IOException("read-scan answered '" + line + "'");
        }
        long records = Long.parseLong(f[0]);
        long bins = Long.parseLong(f[1]);
        Checks.expect(label(), data, records, null);
        if (bins != 3 * records) {
            throw new IllegalStateException(label() + " saw " + bins + " bins in " + records + " records");
        }
        return Long.parseLong(f[2]);
    }

    @Override
    public long clientPid() {
        return process.pid();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        commands.close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
