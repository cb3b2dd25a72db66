package io.aerohadoop.bench.read;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;

/** This process's memory as Linux reports it in {@code /proc/self/status}. */
final class ProcStatus {
    private ProcStatus() {}

    /** A {@code kB} field such as {@code VmHWM} (resident set high-water mark), in bytes. */
    static long bytes(String field) throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                String v = line.substring(field.length() + 1).trim();
                if (!v.endsWith("kB")) {
                    throw new IOException("/proc/self/status " + field + " is '" + v + "'");
                }
                return Long.parseLong(v.substring(0, v.length() - 2).trim()) * 1024;
            }
        }
        throw new IOException("/proc/self/status has no " + field);
    }
}
