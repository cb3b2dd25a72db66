package io.aerohadoop.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.Bin;
import com.aerospike.client.Host;
import com.aerospike.client.Key;
import com.aerospike.client.policy.ClientPolicy;
import io.aerohadoop.testing.Aerolite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Native handles in a JVM: 10,000 readers (closed after one frame) and writers opened and closed
 * leave no threads, descriptors or native memory behind; a JVM that ends mid-scan ends promptly.
 * Each runs in a JVM of its own (see {@link OpenCloseLoop}, {@link ExitMidScan}).
 */
public class NativeHygieneTest {
    private static final String NS = "test";
    private static final String SET = "hygiene";
    private static final int RECORDS = 3_000;
    private static Aerolite aerolite;

    @BeforeClass
    public static void start() throws IOException {
        aerolite = Aerolite.builder().nodes(3).replicationFactor(1).namespace(NS).start();
        List<Host> hosts = new ArrayList<>();
        for (int port : aerolite.ports()) {
            hosts.add(new Host("127.0.0.1", port));
        }
        ClientPolicy policy = new ClientPolicy();
        policy.timeout = 5_000;
        try (AerospikeClient client = new AerospikeClient(policy, hosts.toArray(new Host[0]))) {
            for (int i = 0; i < RECORDS; i++) {
                client.put(null, new Key(NS, SET, i), new Bin("n", i));
            }
        }
    }

    @AfterClass
    public static void stop() {
        if (aerolite != null) {
            aerolite.close();
        }
    }

    @Test
    public void tenThousandReadersAndWritersOpenedAndClosedLeaveNoThreadsDescriptorsOrNativeMemory()
            throws Exception {
        String output = child(120, "-Xms96m", "-Xmx96m", "-XX:+AlwaysPreTouch", OpenCloseLoop.class.getName(),
                aerolite.seeds(), NS, SET, "10000", "1000");
        long[] warm = null;
        long[] end = null;
        for (String line : output.split("\n")) {
            if (line.startsWith("usage ")) {
                String[] f = line.trim().split(" ");
                long[] u = new long[f.length - 1];
                for (int i = 1; i < f.length; i++) {
                    u[i - 1] = Long.parseLong(f[i]);
                }
                if (warm == null) {
                    warm = u;
                } else {
                    end = u;
                }
            }
        }
        assertTrue(output, warm != null && end != null);
        System.err.printf("10000 readers and writers in one JVM: threads %d -> %d (native %d -> %d), "
                + "descriptors %d -> %d, VmRSS %d -> %d KiB, %d records read%n", warm[1], end[1], warm[2], end[2],
                warm[3], end[3], warm[4], end[4], end[5]);
        assertEquals(10_000, end[0]);
        assertTrue(output, end[5] >= 10_000);
        // The runtime's four workers (and blocking threads it keeps for a while) at most.
        assertTrue(output, end[2] <= warm[2] && end[2] <= 8);
        // The JVM's own compiler threads come and go; a leak would add thousands.
        assertTrue(output, end[1] <= warm[1] + 4);
        assertTrue(output, end[3] <= warm[3] + 4);
        // Heap fixed and pre-touched: what grows is native memory and the JIT's code. A leak of
        // 2 KiB per reader and writer pair would add 18 MiB.
        assertTrue(output, end[4] <= warm[4] + 16 * 1024);
    }

    /** Runs a main class of this test classpath in a JVM of its own; its output. */
    private static String child(int timeoutSeconds, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Djava.library.path=" + System.getProperty("java.library.path", ""));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        Collections.addAll(cmd, args);
        Path log = Files.createTempFile("native-hygiene", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            boolean ended = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            String output = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            if (!ended) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("the JVM did not end within " + timeoutSeconds + " s:\n" + output);
            }
            assertEquals(output, 0, p.exitValue());
            return output;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Runs {@link ExitMidScan}; the milliseconds from its start to its end. */
    private static long childEnds(String how) throws Exception {
        long started = System.nanoTime();
        // A stuck thread would hold the JVM until the 30 s timeout fails the test.
        String output = child(30, "-Xmx256m", ExitMidScan.class.getName(), aerolite.seeds(), NS, SET, how);
        long ms = (System.nanoTime() - started) / 1_000_000;
        assertTrue(output, output.contains("read a frame of ") && output.contains("ending by " + how));
        assertTrue(output, !output.contains("read a frame of -1 "));
        return ms;
    }

    @Test
    public void aJvmCallingSystemExitMidScanEndsPromptly() throws Exception {
        long ms = childEnds("exit");
        System.err.println("child JVM ending by System.exit mid-scan: " + ms + " ms from start to end");
        // JVM start and one frame take a second or two; a stuck thread would hold it for the 30 s.
        assertTrue(ms + " ms", ms < 15_000);
    }

    @Test
    public void aJvmWhoseMainReturnsMidScanEndsPromptlyWithoutClosingTheReader() throws Exception {
        long ms = childEnds("return");
        System.err.println("child JVM returning from main mid-scan: " + ms + " ms from start to end");
        assertTrue(ms + " ms", ms < 15_000);
    }
}
