package io.aerohadoop.yarnit;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A job client in a JVM of its own, as {@code hadoop jar} starts one: for drivers that end with
 * System.exit (the stock examples). Its classpath is the test JVM's (Hadoop, no connector) plus a
 * configuration directory; the connector reaches it only through {@code -libjars}.
 */
final class ClientJvm {
    private ClientJvm() {}

    static final class Result {
        final int exitStatus;
        final String output;

        Result(int exitStatus, String output) {
            this.exitStatus = exitStatus;
            this.output = output;
        }
    }

    static Result run(Path confDir, Path workDir, long timeoutSeconds, String mainClass, List<String> args)
            throws IOException, InterruptedException {
        String classpath = System.getProperty("yarnit.classpath");
        if (classpath == null || classpath.isEmpty()) {
            throw new IllegalStateException("-Dyarnit.classpath is not set (run through Gradle)");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens")) {
                cmd.add(arg);
            }
        }
        cmd.add("-Xmx384m");
        cmd.add("-cp");
        cmd.add(confDir + File.pathSeparator + classpath);
        cmd.add(mainClass);
        cmd.addAll(args);
        // The client's log to its output (which the test reads), not to the suite's log file.
        Files.write(confDir.resolve("log4j.properties"), Arrays.asList(
                "log4j.rootLogger=INFO, console",
                "log4j.appender.console=org.apache.log4j.ConsoleAppender",
                "log4j.appender.console.layout=org.apache.log4j.PatternLayout",
                "log4j.appender.console.layout.ConversionPattern=%d{ISO8601} %-5p %c{2}: %m%n"));
        File log = workDir.resolve("client.log").toFile();
        Process process = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log).start();
        process.getOutputStream().close();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new IOException(mainClass + " did not end within " + timeoutSeconds + " s; output:\n" + read(log));
        }
        return new Result(process.exitValue(), read(log));
    }

    private static String read(File f) throws IOException {
        return new String(Files.readAllBytes(f.toPath()), StandardCharsets.UTF_8);
    }
}
