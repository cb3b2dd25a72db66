package io.aerohadoop.bench.read;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.Host;
import com.aerospike.client.policy.ClientPolicy;
import io.aerohadoop.testing.Aerolite;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    private ReadBench() {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = parse(argv);
        long records = Long.parseLong(args.getOrDefault("records", "1000000"));
        int rounds = Integer.parseInt(args.getOrDefault("rounds", "3"));
        int warmup = Integer.parseInt(args.getOrDefault("warmup", "1"));
        int queue = Integer.parseInt(args.getOrDefault("queue", "1000"));
        String readScan = args.get("read-scan");
        if (readScan == null) {
            throw new IllegalArgumentException("--read-scan <path of the read-scan binary> is required");
        }
        List<Long> memorySizes = new ArrayList<>();
        String memory = args.getOrDefault("memory", "1000000,5000000");
        if (!memory.equals("none")) {
            for (String s : memory.split(",")) {
                memorySizes.add(Long.parseLong(s.trim()));
            }
        }
        String probeHeap = args.getOrDefault("probe-heap", "256m");
        String chosen = args.getOrDefault("readers", "abcd");

        StringBuilder out = new StringBuilder();
        try (Aerolite server = Aerolite.builder().nodes(1).control(false).start()) {
            String seeds = server.seeds();
            long serverPid = aerolitePid();
            DataSet data = new DataSet("test", "bench");
            ClientPolicy policy = new ClientPolicy();
            try (AerospikeClient client = new AerospikeClient(policy, Host.parseHosts(seeds, 3000))) {
                log("loading %,d records into %s.%s at %s", records, data.namespace, data.set, seeds);
                long t0 = System.nanoTime();
                data.growTo(client, records);
                log("loaded in %.1f s", (System.nanoTime() - t0) / 1e9);

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
                Map<Reader, Rates> rates = new LinkedHashMap<>();
                try {
                    for (Reader r : readers) {
                        rates.put(r, new Rates());
                    }
                    for (int round = 0; round < warmup + rounds; round++) {
                        boolean measured = round >= warmup;
                        for (int k = 0; k < readers.size(); k++) {
                            // Rotated order: each reader runs first, second, ... in turn.
                            Reader r = readers.get((k + round) % readers.size());
                            double client0 = ProcCpu.seconds(r.clientPid());
                            double server0 = ProcCpu.seconds(serverPid);
                            long nanos = r.read();
                            double clientCpu = ProcCpu.seconds(r.clientPid()) - client0;
                            double serverCpu = ProcCpu.seconds(serverPid) - server0;
                            log("%s round %d: %s %,.0f records/s", measured ? "measured" : "warm-up",
                                    measured ? round - warmup + 1 : round + 1, r.label(), records * 1e9 / nanos);
                            if (measured) {
                                rates.get(r).add(records, nanos, clientCpu, serverCpu);
                            }
                        }
                    }
                } finally {
                    for (Reader r : readers) {
                        r.close();
                    }
                }
                if (readers.size() == 4) {
                    out.append(throughputTable(records, rates, readers));
                }

                if (!memorySizes.isEmpty()) {
                    List<long[]> probes = new ArrayList<>();
                    for (long n : memorySizes) {
                        if (n > data.size()) {
                            log("growing the set to %,d records", n);
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

    private static String throughputTable(long records, Map<Reader, Rates> rates, List<Reader> readers) {
        StringBuilder t = new StringBuilder();
        Rates a = rates.get(readers.get(0));
        t.append(String.format(Locale.ROOT, "%,d records of 3 bins (int, 20-character string, float), 1-node aerolite;"
                + " %d measured rounds, order rotated each round%n%n", records, a.count()));
        t.append("| reader | records/s (median) | min – max | spread | reader CPU µs/record | aerolite CPU µs/record |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        for (Reader r : readers) {
            Rates x = rates.get(r);
            t.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f – %,.0f | %.1f %% | %.2f | %.2f |%n", r.label(),
                    x.median(), x.min(), x.max(), 100 * x.spread(), x.clientMicrosPerRecord(),
                    x.serverMicrosPerRecord()));
        }
        t.append("\n| ratio (medians) | value | target |\n|---|---:|---|\n");
        String[] names = {"a/b", "a/c", "a/d"};
        double[] targets = {0, TARGET_A_OVER_C, TARGET_A_OVER_D};
        for (int i = 0; i < 3; i++) {
            double ratio = a.median() / rates.get(readers.get(i + 1)).median();
            String target = targets[i] == 0 ? "—"
                    : String.format(Locale.ROOT, "≥ %.1f (%s)", targets[i], ratio >= targets[i] ? "met" : "MISSED");
            t.append(String.format(Locale.ROOT, "| %s | %.2f | %s |%n", names[i], ratio, target));
        }
        return t.toString();
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
        log("memory probe over %,d records", data.size());
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
        log("probe: %,d records, peak native %,d bytes, VmHWM %,d bytes", v[0], v[1], v[2]);
        return v;
    }

    /** The aerolite process this JVM started (its only aerolite child). */
    private static long aerolitePid() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().command().map(c -> c.endsWith("/aerolite")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst()
                .orElseThrow(() -> new IllegalStateException("no aerolite child process"));
    }

    private static Map<String, String> parse(String[] argv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--") || i + 1 == argv.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + argv[i] + "'");
            }
            m.put(argv[i].substring(2), argv[++i]);
        }
        return m;
    }

    private static void log(String format, Object... args) {
        System.err.println("read-bench: " + String.format(Locale.ROOT, format, args));
    }
}
