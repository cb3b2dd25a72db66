package io.aerohadoop.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * CPU time a process has used, all threads, user + system, from {@code /proc/<pid>/stat}: on a
 * shared 2-core machine the cost per record of a reader or writer is steadier than its wall-clock rate.
 */
public final class ProcCpu {
    /** USER_HZ, the unit of utime and stime; 100 on Linux. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcCpu() {}

    public static double seconds(long pid) throws IOException {
        return seconds(readStat(Paths.get("/proc/" + pid + "/stat")));
    }

    /**
     * CPU time this JVM's JIT compiler threads ({@code C1 CompilerThre…}, {@code C2 CompilerThre…})
     * have used. A contender whose code is still being compiled pays for it on the same 2 cores as
     * its records: a run with much of it measures the JVM's warm-up, not the contender.
     */
    public static double jitSeconds() throws IOException {
        double total = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Paths.get("/proc/self/task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = readStat(task.resolve("stat"));
                } catch (IOException ended) {
                    // A thread that ended while the directory was listed: its file is gone
                    // (ENOENT) or no longer readable (ESRCH).
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    total += seconds(stat);
                }
            }
        }
        return total;
    }

    private static String readStat(Path stat) throws IOException {
        return new String(Files.readAllBytes(stat), java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** utime + stime of a {@code stat} line. */
    private static double seconds(String stat) {
        // The command name (field 2) is in parentheses and may hold spaces; utime and stime are
        // fields 14 and 15 of the line, so the 12th and 13th after the closing parenthesis.
        String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(rest[11]) + Long.parseLong(rest[12])) / TICKS_PER_SECOND;
    }
}
