package io.aerohadoop.it;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a JVM of its own, as {@code hadoop jar} would: for programs that end with
 * {@code System.exit} (the stock examples). The child gets this build's test classpath (Hadoop, the
 * examples, the connector jar) and the test JVM's {@code --add-opens} flags.
 */
final class ChildJvm {
    /** Set by the Gradle build to the test task's classpath. */
    static final String CLASSPATH_PROPERTY = "hadoopit.classpath";

    private ChildJvm() {}

    /** How a child ended: its exit status and everything it wrote to stdout and stderr. */
    static final class Result {
        final int exitStatus;
        final String output;

        Result(int exitStatus, String output) {
            this.exitStatus = exitStatus;
            this.output = output;
        }
    }

    static Result run(Path workDir, long timeoutSeconds, String mainClass, List<String> args)
            throws IOException, InterruptedException {
        String classpath = System.getProperty(CLASSPATH_PROPERTY);
        if (classpath == null || classpath.isEmpty()) {
            throw new IllegalStateException("-D" + CLASSPATH_PROPERTY + " is not set (run through Gradle)");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens")) {
                cmd.add(arg);
            }
        }
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(args);
        File log = workDir.resolve(simpleName(mainClass) + ".log").toFile();
        Process process = new ProcessBuilder(cmd)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
        process.getOutputStream().close();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new IOException(mainClass + " did not end within " + timeoutSeconds + " s; output:\n"
                    + read(log));
        }
        return new Result(process.exitValue(), read(log));
    }

    /** Every entry of the child's classpath, for checks on what it runs with. */
    static List<String> classpathEntries() {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty(CLASSPATH_PROPERTY, "").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(e);
            }
        }
        return entries;
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static String read(File f) throws IOException {
        return new String(Files.readAllBytes(f.toPath()), StandardCharsets.UTF_8);
    }
}
