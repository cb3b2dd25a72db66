package io.aerohadoop.bench.read;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.Host;
import com.aerospike.client.policy.ClientPolicy;
import io.aerohadoop.bench.AeroliteProcess;
import io.aerohadoop.bench.BenchArgs;
import io.aerohadoop.bench.Progress;
import io.aerohadoop.bench.Rates;
import io.aerohadoop.bench.Rounds;
import io.aerohadoop.bench.ThroughputTable;
import io.aerohadoop.testing.Aerolite;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 5's read benchmark. Starts a 1-node aerolite (release binary, own process), loads
 * {@code --records} records of 3 bins with the Java client, then measures records/s of
 * (a) aerohadoop's RecordReader loop, (b) the Java client's partition scan, (c) a predecessor-style
 * queue reader, all in this JVM, and (d) the Rust client's scan in its own process. After a warm-up
 * round, every round runs all four, each round in a rotated order so that drift favours none.
 * Then the memory figures: reader (a) alone in a fresh JVM for each of {@code --memory} set sizes.
 * Prints Markdown tables on stdout; progress on stderr.
 *
 * <pre>
 * --records N        records for the throughput rounds (1000000)
 * --rounds N         measured rounds (3)
 * --warmup N         unmeasured rounds first (1)
 * --queue N          capacity of reader (c)'s queue (1000)
 * --read-scan PATH   the Rust scanner, bench/aerolite-bench's read-scan binary (required)
 * --memory N,N       set sizes for the memory probes (1000000,5000000; "none" skips them)
 * --probe-heap SIZE  -Xmx of the probe JVMs (256m)
 * --readers abcd     which readers to run, by letter (all; fewer for profiling one of them)
 * </pre>
 */
public final class ReadBench {
    private static final double TARGET_A_OVER_C = 1.5;
    private static final double TARGET_A_OVER_D = 0.9;

    private static final Progress PROGRESS = new Progress("read-bench");

    private ReadBench() {}

    public static void main(String[] argv) throws Exception {
        BenchArgs args = new BenchArgs(argv);
        long records = args.getLong("records", 1_000_000);
        int rounds = args.getInt("rounds", 3);
        int warmup = args.getInt("warmup", 1);
        int queue = args.getInt("queue", 1000);
        String readScan = args.get("read-scan");
        if (readScan == null) {
            throw new IllegalArgumentException("--read-scan <path of the read-scan binary> is required");
        }
        List<Long> memorySizes = new ArrayList<>();
        String memory = args.get("memory", "1000000,5000000");
        if (!memory.equals("none")) {
            for (String s : memory.split(",")) {
                memorySizes.add(Long.parseLong(s.trim()));
            }
        }
        String probeHeap = args.get("probe-heap", "256m");
        String chosen = args.get("readers", "abcd");

        StringBuilder out = new StringBuilder();
        try (Aerolite server = Aerolite.builder().nodes(1).control(false).start()) {
            String seeds = server.seeds();
            long serverPid = AeroliteProcess.pid();
            DataSet data = new DataSet("test", "bench");
            ClientPolicy policy = new ClientPolicy();
            try (AerospikeClient client = new AerospikeClient(policy, Host.parseHosts(seeds, 3000))) {
                PROGRESS.log("loading %,d records into %s.%s at %s", records, data.namespace, data.set, seeds);
                long t0 = System.nanoTime();
                data.growTo(client, records);
                PROGRESS.log("loaded in %.1f s", (System.nanoTime() - t0) / 1e9);

                ConnectorRead connector = new ConnectorRead(seeds, data);
                List<Reader> readers = new ArrayList<>();
                readers.add(connector);
                if (chosen.contains("b")) {
                    readers.add(new ClientScan(client, data));
                }
                if (chosen.contains("c")) {
                    readers.add(new QueueRead(client, data, queue));
                }
                if (chosen.contains("d")) {
                    readers.add(new RustScan(Paths.get(readScan), seeds, data));
                }
                Map<Reader, Rates> rates;
                try {
                    rates = Rounds.measure(readers, records, warmup, rounds, serverPid, PROGRESS);
                } finally {
                    for (Reader r : readers) {
                        r.close();
                    }
                }
                if (readers.size() == 4) {
                    out.append(ThroughputTable.render("reader", records, rates, Arrays.asList(
                            new ThroughputTable.Ratio("a/b", readers.get(0), readers.get(1), 0),
                            new ThroughputTable.Ratio("a/c", readers.get(0), readers.get(2), TARGET_A_OVER_C),
                            new ThroughputTable.Ratio("a/d", readers.get(0), readers.get(3), TARGET_A_OVER_D))));
                }

                if (!memorySizes.isEmpty()) {
                    List<long[]> probes = new ArrayList<>();
                    for (long n : memorySizes) {
                        if (n > data.size()) {
                            PROGRESS.log("growing the set to %,d records", n);
                            data.growTo(client, n);
                        }
                        if (n != data.size()) {
                            throw new IllegalArgumentException("--memory sizes must not shrink the set: " + n);
                        }
                        probes.add(probe(seeds, data, probeHeap));
                    }
                    out.append(memoryTable(probes, probeHeap));
                }
            }
        }
        out.append(String.format(Locale.ROOT, "%nJava %s, %d cores; ReadBench %s%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                String.join(" ", argv)));
        System.out.print(out);
    }

    private static String memoryTable(List<long[]> probes, String heap) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "%nReader (a) alone in a fresh JVM (-Xmx%s), default memory limit (64 MiB)%n%n",
                heap));
        t.append("| records | rust-core peak frame memory | JVM VmHWM (process RSS high-water mark) |\n|---:|---:|---:|\n");
        for (long[] p : probes) {
            t.append(String.format(Locale.ROOT, "| %,d | %.2f MiB | %.1f MiB |%n", p[0], p[1] / 1048576.0,
                    p[2] / 1048576.0));
        }
        return t.toString();
    }

    /** Runs {@link MemoryProbe} in a child JVM with this JVM's classpath and module options. */
    private static long[] probe(String seeds, DataSet data, String heap) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens")) {
                cmd.add(a);
            }
        }
        cmd.add("-Xmx" + heap);
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(MemoryProbe.class.getName());
        cmd.add(seeds);
        cmd.add(data.namespace);
        cmd.add(data.set);
        cmd.add(Long.toString(data.size()));
        PROGRESS.log("memory probe over %,d records", data.size());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().close();
        String result = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("probe ")) {
                    result = line;
                }
            }
        }
        int exit = p.waitFor();
        if (exit != 0 || result == null) {
            throw new IOException("memory probe exited with " + exit + " and printed " + result);
        }
        String[] f = result.split(" ");
        long[] v = {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])};
        PROGRESS.log("probe: %,d records, peak native %,d bytes, VmHWM %,d bytes", v[0], v[1], v[2]);
        return v;
    }
}
