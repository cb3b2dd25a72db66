package io.aerohadoop.yarnit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The syslog of each container of one application, as the NodeManager keeps them. */
final class ContainerLogs {
    private ContainerLogs() {}

    /** Container id → its syslog, for every container of {@code applicationId} that has one. */
    static Map<String, String> syslogs(List<File> logDirs, String applicationId) throws IOException {
        Map<String, String> logs = new TreeMap<>();
        for (File dir : logDirs) {
            File[] containers = new File(dir, applicationId).listFiles(File::isDirectory);
            if (containers == null) {
                continue;
            }
            for (File c : containers) {
                File syslog = new File(c, "syslog");
                if (syslog.isFile()) {
                    logs.put(c.getName(), new String(Files.readAllBytes(syslog.toPath()), StandardCharsets.UTF_8));
                }
            }
        }
        return logs;
    }

    /** The container whose syslog shows {@code attempt} finishing ("Task 'attempt_...' done."). */
    static String containerOf(Map<String, String> syslogs, String attempt) {
        for (Map.Entry<String, String> e : syslogs.entrySet()) {
            if (e.getValue().contains("Task '" + attempt + "' done")) {
                return e.getKey();
            }
        }
        throw new AssertionError("no container log shows " + attempt + " done; containers: " + syslogs.keySet());
    }

    /** job_1700000000000_0001 → application_1700000000000_0001. */
    static String applicationId(String jobId) {
        return jobId.replaceFirst("^job_", "application_");
    }
}
