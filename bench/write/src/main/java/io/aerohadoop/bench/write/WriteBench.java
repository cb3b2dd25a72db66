package io.aerohadoop.bench.write;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.Host;
import com.aerospike.client.policy.ClientPolicy;
import io.aerohadoop.bench.AeroliteProcess;
import io.aerohadoop.bench.BenchArgs;
import io.aerohadoop.bench.Progress;
import io.aerohadoop.bench.Rates;
import io.aerohadoop.bench.Rounds;
import io.aerohadoop.bench.ThroughputTable;
import io.aerohadoop.config.OutputKeys;
import io.aerohadoop.testing.Aerolite;
import io.aerohadoop.write.OutputCounters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 6's write benchmark. Starts a 1-node aerolite (release binary, own process) and measures,
 * in this JVM, records/s of writing {@code --records} records of 3 bins by (a) aerohadoop's
 * RecordWriter, (b) predecessor-style synchronous puts, one per record, (c) the Java client's
 * batch writes of (a)'s batch size one after another and, when asked for, (d) the same with
 * several batches in flight. Each writer writes its own set; before each run the whole namespace
 * is truncated (every run starts from an empty server), after it the writer's set is checked
 * (exactly the records 0..n-1 with their bins, else the run fails). After the
 * warm-up rounds, every round runs all writers, each round in a rotated order. Prints Markdown
 * tables on stdout; progress on stderr.
 *
 * <pre>
 * --records N        records each writer writes per run (1000000)
 * --rounds N         measured rounds (3)
 * --warmup N         unmeasured rounds first (1)
 * --writers abc      which writers to run, by letter (abc; d adds batches in flight)
 * --batch-size N     aerospike.output.batch.size of (a) and the batch size of (c), (d) (the default, 5000)
 * --inflight N       aerospike.output.inflight of (a) (the default, 4)
 * --client-threads N batches (d) has in flight (4)
 * </pre>
 */
public final class WriteBench {
    private static final double TARGET_A_OVER_B = 3.0;
    private static final double TARGET_A_OVER_C = 0.9;
    private static final Progress PROGRESS = new Progress("write-bench");

    private WriteBench() {}

    public static void main(String[] argv) throws Exception {
        BenchArgs args = new BenchArgs(argv);
        int records = Math.toIntExact(args.getLong("records", 1_000_000));
        int rounds = args.getInt("rounds", 3);
        int warmup = args.getInt("warmup", 1);
        String chosen = args.get("writers", "abc");
        int batchSize = args.getInt("batch-size", 0);
        int inflight = args.getInt("inflight", 0);
        int clientThreads = args.getInt("client-threads", 4);
        int chunk = batchSize > 0 ? batchSize : OutputKeys.DEFAULT_BATCH_SIZE;

        StringBuilder out = new StringBuilder();
        try (Aerolite server = Aerolite.builder().nodes(1).control(false).start()) {
            String seeds = server.seeds();
            long serverPid = AeroliteProcess.pid();
            try (AerospikeClient client = new AerospikeClient(new ClientPolicy(), Host.parseHosts(seeds, 3000))) {
                Workload workload = new Workload("test", records);
                List<SetWriter> writers = new ArrayList<>();
                SetWriter a = null;
                SetWriter b = null;
                SetWriter c = null;
                if (chosen.contains("a")) {
                    a = new ConnectorWrite(seeds, workload, new WrittenSet(client, workload.namespace, "wa"), batchSize,
                            inflight);
                    writers.add(a);
                }
                if (chosen.contains("b")) {
                    b = new SyncPuts(client, workload, new WrittenSet(client, workload.namespace, "wb"));
                    writers.add(b);
                }
                if (chosen.contains("c")) {
                    c = new ClientBatches("c", client, workload, new WrittenSet(client, workload.namespace, "wc"),
                            chunk, 1);
                    writers.add(c);
                }
                if (chosen.contains("d")) {
                    writers.add(new ClientBatches("d", client, workload,
                            new WrittenSet(client, workload.namespace, "wd"), chunk, clientThreads));
                }
                if (writers.isEmpty()) {
                    throw new IllegalArgumentException("--writers names none of a, b, c, d: " + chosen);
                }
                PROGRESS.log("writing %,d records per run into %s.{%s} at %s", records, workload.namespace,
                        chosen, seeds);
                Map<SetWriter, Rates> rates;
                try {
                    rates = Rounds.measure(writers, records, warmup, rounds, serverPid, PROGRESS);
                } finally {
                    for (SetWriter w : writers) {
                        w.close();
                    }
                }
                List<ThroughputTable.Ratio> ratios = new ArrayList<>();
                if (a != null && b != null) {
                    ratios.add(new ThroughputTable.Ratio("a/b", a, b, TARGET_A_OVER_B));
                }
                if (a != null && c != null) {
                    ratios.add(new ThroughputTable.Ratio("a/c", a, c, TARGET_A_OVER_C));
                }
                out.append(ThroughputTable.render("writer", records, rates, ratios));
                if (a != null) {
                    ConnectorWrite connector = (ConnectorWrite) a;
                    out.append(String.format(Locale.ROOT, "%nConnector counters of (a)'s last run: %,d written, %,d failed,"
                            + " %,d retried, %,d batches%n", connector.counter(OutputCounters.WRITTEN),
                            connector.counter(OutputCounters.FAILED), connector.counter(OutputCounters.RETRIED),
                            connector.counter(OutputCounters.BATCHES)));
                }
            }
        }
        out.append(String.format(Locale.ROOT, "%nJava %s, %d cores; WriteBench %s%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                String.join(" ", argv)));
        System.out.print(out);
    }
}
