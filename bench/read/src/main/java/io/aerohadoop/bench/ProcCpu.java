package io.aerohadoop.bench;

import java.io.IOException;
import java.nio.file.Files;
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
        String stat = new String(Files.readAllBytes(Paths.get("/proc/" + pid + "/stat")),
                java.nio.charset.StandardCharsets.US_ASCII);
        // The command name (field 2) is in parentheses and may hold spaces; utime and stime are
        // fields 14 and 15 of the line, so the 12th and 13th after the closing parenthesis.
        String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(rest[11]) + Long.parseLong(rest[12])) / TICKS_PER_SECOND;
    }
}
