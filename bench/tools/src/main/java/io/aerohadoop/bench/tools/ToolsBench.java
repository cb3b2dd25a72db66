package io.aerohadoop.bench.tools;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.Host;
import com.aerospike.client.policy.BatchPolicy;
import com.aerospike.client.policy.ClientPolicy;
import io.aerohadoop.bench.AeroliteProcess;
import io.aerohadoop.bench.BenchArgs;
import io.aerohadoop.bench.ClientBatchWrites;
import io.aerohadoop.bench.Contender;
import io.aerohadoop.bench.Progress;
import io.aerohadoop.bench.Rates;
import io.aerohadoop.bench.RecordShape;
import io.aerohadoop.bench.Rounds;
import io.aerohadoop.bench.ThroughputTable;
import io.aerohadoop.testing.Aerolite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;

/**
 * Issue 10's tools benchmark. Starts a 1-node aerolite (release binary, own process) serving
 * {@code test}, which holds {@code --records} records of 3 bins ({@link RecordShape}, loaded with
 * the Java client's batch writes), and {@code sink}, which the writers fill. Measures in this JVM:
 *
 * <ul>
 *   <li>reading: (r) the bare RecordReader over one split against (e-F) {@code export --format F
 *       --splits 1}, a whole job under LocalJobRunner writing one file; and (rf) the bare reader
 *       writing each record's Writable bytes to a plain file ({@link BareRead#toFile}), against both;
 *       (rb) the bare reader writing as many bytes per record as the seq export, from one array
 *       ({@link BareRead#bytesToFile}), against (r) and (e-seq);
 *   <li>writing: (w) the bare RecordWriter against (i-F) {@code import --format F} of that one
 *       file (exported once, untimed, before the rounds).
 * </ul>
 *
 * The tools are run through {@code io.aerohadoop.tools.Main}, as {@code hadoop jar} runs them, so
 * their time includes job submission and the local runner's set-up; that fixed cost is measured
 * apart, as the median time of the same tool over a one-record set, and a last table gives each
 * tool's rate without it. Each run is checked (records
 * and int sum for the bare ones, the tool's SUMMARY and the sink's contents for the tools).
 * Markdown tables on stdout, progress on stderr.
 *
 * <pre>
 * --records N   records (1000000)
 * --rounds N    measured rounds (5)
 * --warmup N    unmeasured rounds first (3)
 * --formats L   export/import formats, comma-separated (seq,json,avro); avro is the default codec
 *               (snappy); avro-deflate, avro-snappy, avro-null: Avro files with that codec (--avro-codec)
 * --phases L    read (bare reader, export), write (bare writer, import) or both (read,write)
 * </pre>
 */
public final class ToolsBench {
    /** The tools should cost at most 1.2 times the bare reader or writer: rate ratio ≥ 1/1.2. */
    private static final double TARGET_TOOL_OVER_BARE = 1 / 1.2;
    private static final Progress PROGRESS = new Progress("tools-bench");
    private static final String SOURCE_NS = "test";
    private static final String SINK_NS = "sink";
    private static final String SET = "bench";
    private static final String TINY_SET = "tiny";
    /**
     * The one-record sets' own namespaces, read by the one-record export and written by the
     * one-record import (truncated before each run, as {@link SinkSet} does). A set scan walks its
     * whole namespace (a real server without a set index does too) and aerolite counts a
     * namespace's records to answer {@code sets/<ns>}: in {@code test} or {@code sink}, beside a
     * million records, the "fixed" cost would include per-record work the big runs already pay for.
     */
    private static final String TINY_NS = "tiny";
    private static final String TINY_SINK_NS = "tinysink";
    private static final int FIXED_COST_RUNS = 5;

    private ToolsBench() {}

    public static void main(String[] argv) throws Exception {
        BenchArgs args = new BenchArgs(argv);
        int records = Math.toIntExact(args.getLong("records", 1_000_000));
        int rounds = args.getInt("rounds", 5);
        int warmup = args.getInt("warmup", 3);
        String[] formats = args.get("formats", "seq,json,avro").split(",");
        List<String> phases = java.util.Arrays.asList(args.get("phases", "read,write").split(","));
        boolean reading = phases.contains("read");
        boolean writing = phases.contains("write");

        StringBuilder out = new StringBuilder();
        Path work = Files.createTempDirectory("tools-bench");
        try (Aerolite server = Aerolite.builder().nodes(1).control(false).namespace(SOURCE_NS).namespace(SINK_NS)
                .namespace(TINY_NS).namespace(TINY_SINK_NS).start();
             AerospikeClient client = new AerospikeClient(new ClientPolicy(), Host.parseHosts(server.seeds(), 3000))) {
            String seeds = server.seeds();
            long serverPid = AeroliteProcess.pid();
            String[] texts = new String[records];
            for (int i = 0; i < records; i++) {
                texts[i] = RecordShape.text(i);
            }
            PROGRESS.log("loading %,d records into %s.%s at %s", records, SOURCE_NS, SET, seeds);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                ClientBatchWrites.write(client, new BatchPolicy(), SOURCE_NS, SET, 0, records, 5_000, pool, i -> texts[(int) i]);
            } finally {
                pool.shutdownNow();
            }
            // A one-record set: the tools' runs over it measure what a job costs whatever its size.
            ClientBatchWrites.write(client, new BatchPolicy(), TINY_NS, TINY_SET, 0, 1, 1, null, i -> texts[(int) i]);
            Configuration conf = localJobs(work);
            List<FixedCost> fixed = new ArrayList<>();

            List<Contender> readers = new ArrayList<>();
            BareRead bareRead = new BareRead(seeds, SOURCE_NS, SET, records);
            readers.add(bareRead);
            BareRead bareReadToFile = BareRead.toFile(seeds, SOURCE_NS, SET, records, work.resolve("bare-read.bin"));
            readers.add(bareReadToFile);
            List<ThroughputTable.Ratio> readRatios = new ArrayList<>();
            // What writing the records to a file costs a program on the bare reader at all, and
            // what writing as many bytes as the SequenceFile export does, without encoding them.
            readRatios.add(new ThroughputTable.Ratio("rf/r", bareReadToFile, bareRead, TARGET_TOOL_OVER_BARE));
            BareRead bareBytes = null;
            if (reading) {
                int seqBytes = seqExportBytesPerRecord(conf, seeds, records, work.resolve("export-sized"));
                bareBytes = BareRead.bytesToFile(seeds, SOURCE_NS, SET, records, work.resolve("bare-bytes.bin"),
                        seqBytes);
                readers.add(bareBytes);
                readRatios.add(new ThroughputTable.Ratio("rb/r", bareBytes, bareRead, TARGET_TOOL_OVER_BARE));
            }
            List<Contender> writers = new ArrayList<>();
            BareWrite bareWrite = new BareWrite(seeds, new SinkSet(client, SINK_NS, SET), texts);
            writers.add(bareWrite);
            List<ThroughputTable.Ratio> writeRatios = new ArrayList<>();
            for (String format : formats) {
                // "avro-deflate": --format avro --avro-codec deflate; "avro": export's default codec.
                String file = format.startsWith("avro-") ? "avro" : format;
                String codec = format.startsWith("avro-") ? format.substring("avro-".length()) : null;
                String shown = codec != null ? " --avro-codec " + codec : "";
                Path exported = work.resolve("export-" + format);
                ToolJob export = new ToolJob("(e-" + format + ") export --format " + file + shown + " --splits 1", conf,
                        records, exported, null, exportArgs(seeds, SOURCE_NS, SET, file, codec, exported));
                readers.add(export);
                readRatios.add(new ThroughputTable.Ratio("e-" + format + "/r", export, bareRead, TARGET_TOOL_OVER_BARE));
                readRatios.add(new ThroughputTable.Ratio("e-" + format + "/rf", export, bareReadToFile, TARGET_TOOL_OVER_BARE));
                Path tinyExport = work.resolve("tiny-export-" + format);
                ToolJob tinyExportJob = new ToolJob("export of 1 record", conf, 1, tinyExport, null,
                        exportArgs(seeds, TINY_NS, TINY_SET, file, codec, tinyExport));
                fixed.add(new FixedCost(export, bareRead, tinyExportJob));
                fixed.add(new FixedCost(export, bareReadToFile, tinyExportJob));
                if (format.equals("seq") && bareBytes != null) {
                    readRatios.add(new ThroughputTable.Ratio("e-seq/rb", export, bareBytes, TARGET_TOOL_OVER_BARE));
                    fixed.add(new FixedCost(export, bareBytes, tinyExportJob));
                }

                if (!writing) {
                    continue;
                }
                // The import's input: one file, exported once, untimed.
                Path input = work.resolve("input-" + format);
                ToolJob once = new ToolJob("export for import", conf, records, input, null,
                        exportArgs(seeds, SOURCE_NS, SET, file, codec, input));
                once.prepare();
                once.run();
                once.verify();
                ToolJob imp = new ToolJob("(i-" + format + ") import --format " + file, conf, records, null,
                        new SinkSet(client, SINK_NS, SET), "import", "--input", input.toString(), "--format", file,
                        "--hosts", seeds, "--namespace", SINK_NS, "--set", SET);
                writers.add(imp);
                writeRatios.add(new ThroughputTable.Ratio("i-" + format + "/w", imp, bareWrite, TARGET_TOOL_OVER_BARE));
                Path tinyInput = work.resolve("tiny-input-" + format);
                ToolJob tinyOnce = new ToolJob("export of 1 record for import", conf, 1, tinyInput, null,
                        exportArgs(seeds, TINY_NS, TINY_SET, file, codec, tinyInput));
                tinyOnce.prepare();
                tinyOnce.run();
                tinyOnce.verify();
                fixed.add(new FixedCost(imp, bareWrite, new ToolJob("import of 1 record", conf, 1, null,
                        new SinkSet(client, TINY_SINK_NS, TINY_SET), "import", "--input", tinyInput.toString(), "--format",
                        file, "--hosts", seeds, "--namespace", TINY_SINK_NS, "--set", TINY_SET)));
            }

            Map<Contender, Rates> readRates = new java.util.HashMap<>();
            Map<Contender, Rates> writeRates = new java.util.HashMap<>();
            if (reading) {
                PROGRESS.log("reading: %d contenders, %d warm-up and %d measured rounds", readers.size(), warmup, rounds);
                readRates = Rounds.measure(readers, records, warmup, rounds, serverPid, PROGRESS);
                out.append("Reading: export (whole job, one map task, one file) against the bare reader\n\n");
                out.append(ThroughputTable.render("reader", records, readRates, readRatios));
            } else {
                fixed.removeIf(c -> c.tool() instanceof ToolJob && readers.contains(c.tool()));
            }
            if (writing) {
                PROGRESS.log("writing: %d contenders, %d warm-up and %d measured rounds", writers.size(), warmup, rounds);
                writeRates = Rounds.measure(writers, records, warmup, rounds, serverPid, PROGRESS);
                out.append("\nWriting: import (whole job, one file, one map task) against the bare writer\n\n");
                out.append(ThroughputTable.render("writer", records, writeRates, writeRatios));
            }
            out.append(String.format(Locale.ROOT, "%nRatio targets: tool rate / bare rate ≥ %.2f, i.e. the tool costs at most"
                    + " 1.2× the bare reader or writer.%n", TARGET_TOOL_OVER_BARE));
            PROGRESS.log("fixed cost of a job: each tool over one record, %d times", FIXED_COST_RUNS);
            Map<Contender, Rates> all = new java.util.HashMap<>(readRates);
            all.putAll(writeRates);
            out.append(FixedCost.render(fixed, all, records, FIXED_COST_RUNS, TARGET_TOOL_OVER_BARE));
            out.append(FixedCost.renderStock(new StockJob(conf, work.resolve("stock")),
                    java.util.Arrays.asList(bareRead, bareWrite), all, records, FIXED_COST_RUNS));
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        out.append(String.format(Locale.ROOT, "%nJava %s, %d cores; ToolsBench %s%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), String.join(" ", argv)));
        System.out.print(out);
    }

    /** The bytes per record of a SequenceFile export of the source set (exported once, untimed, then deleted). */
    private static int seqExportBytesPerRecord(Configuration conf, String seeds, long records, Path output)
            throws Exception {
        ToolJob export = new ToolJob("export to measure its size", conf, records, output, null,
                exportArgs(seeds, SOURCE_NS, SET, "seq", null, output));
        export.prepare();
        export.run();
        export.verify();
        long bytes;
        try (Stream<Path> files = Files.list(output)) {
            bytes = files.filter(f -> f.getFileName().toString().startsWith("part-")).mapToLong(f -> f.toFile().length())
                    .sum();
        }
        export.cleanUp();
        return Math.toIntExact(Math.round((double) bytes / records));
    }

    /** {@code export} of one set to {@code output}, one split; {@code codec} for Avro files (null: the default). */
    private static String[] exportArgs(String seeds, String namespace, String set, String format, String codec, Path output) {
        List<String> a = new ArrayList<>(java.util.Arrays.asList("export", "--hosts", seeds, "--namespace", namespace,
                "--set", set, "--format", format, "--splits", "1", "--output", output.toString()));
        if (format.equals("avro") && codec != null) {
            a.add("--avro-codec");
            a.add(codec);
        }
        return a.toArray(new String[0]);
    }

    /** LocalJobRunner, the local file system, every Hadoop directory under {@code work}. */
    private static Configuration localJobs(Path work) {
        Configuration conf = new Configuration();
        conf.set("mapreduce.framework.name", "local");
        conf.set("fs.defaultFS", "file:///");
        conf.set("hadoop.tmp.dir", work.resolve("hadoop-tmp").toString());
        conf.set("mapreduce.jobtracker.staging.root.dir", work.resolve("staging").toString());
        conf.set("mapreduce.cluster.local.dir", work.resolve("local").toString());
        // The job client polls a job's state every 5 s by default, which would be most of a run.
        // The progress monitor's interval (what waitForCompletion(true) polls at) is left to the
        // tools, which choose it as for any user (AerospikeTool.pollOften).
        conf.setInt("mapreduce.client.completion.pollinterval", 50);
        return conf;
    }
}
