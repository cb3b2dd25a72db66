package io.aerohadoop.bench.hive;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.BatchRecord;
import com.aerospike.client.BatchWrite;
import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.Operation;
import com.aerospike.client.policy.BatchPolicy;
import com.aerospike.client.policy.ClientPolicy;
import io.aerohadoop.testing.Aerolite;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.ql.DriverFactory;
import org.apache.hadoop.hive.ql.IDriver;
import org.apache.hadoop.hive.ql.MapRedStats;
import org.apache.hadoop.hive.ql.processors.SetProcessor;
import org.apache.hadoop.hive.ql.session.SessionState;
import org.apache.hadoop.mapred.Counters;

/**
 * {@code SELECT count(*) FROM bench WHERE m = 7} (1 record in 1,000) over N records, with the
 * storage handler's pushdown (the server filters) and without ({@code hive.optimize.ppd.storage=false}:
 * every record travels and Hive filters), alternating, R rounds each. Prints wall time, table
 * records per second (N / wall time) and the records the server sent (counter {@code Aerospike
 * Input: Records read}), then the medians' ratios. Both modes must count the same. One unmeasured
 * query of each mode comes first.
 */
public final class HiveBench {
    private static final String NS = "test";
    private static final String SET = "bench";
    private static final String QUERY = "SELECT count(*) FROM bench WHERE m = 7";
    private static final int BATCH = 5_000;

    private HiveBench() {}

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        int records = intArg(a, "--records", 1_000_000);
        int rounds = intArg(a, "--rounds", 3);
        try (Aerolite aerolite = Aerolite.builder().nodes(1).start()) {
            load(aerolite.seeds(), records);
            HiveConf conf = hiveConf(aerolite.seeds());
            SessionState.start(new SessionState(conf));
            // Hive's job progress lines would interleave with the table.
            SessionState.get().setIsSilent(true);
            run("CREATE EXTERNAL TABLE bench (k BIGINT, m BIGINT, s STRING, v DOUBLE)"
                    + " STORED BY 'io.aerohadoop.hive.AerospikeStorageHandler'"
                    + " TBLPROPERTIES ('aerospike.namespace'='" + NS + "', 'aerospike.set'='" + SET + "',"
                    + " 'aerospike.columns.mapping'=':key,m,s,v')");
            long expected = records / 1000 + (records % 1000 > 7 ? 1 : 0);
            System.out.printf("%s over %,d records (1-node aerolite, local MapReduce), %d rounds%n", QUERY, records, rounds);
            System.out.printf("%-12s %5s %9s %14s %14s %8s%n", "mode", "round", "seconds", "records/s", "server sent", "count");
            // One query of each mode first: Hive's first queries pay for compiling and class loading.
            for (boolean pushdown : new boolean[] {true, false}) {
                new SetProcessor().run("hive.optimize.ppd.storage=" + pushdown);
                query(QUERY);
            }
            double[] with = new double[rounds];
            double[] without = new double[rounds];
            long sentWith = 0;
            long sentWithout = 0;
            for (int r = 0; r < rounds; r++) {
                for (boolean pushdown : new boolean[] {true, false}) {
                    new SetProcessor().run("hive.optimize.ppd.storage=" + pushdown);
                    long start = System.nanoTime();
                    List<String> rows = query(QUERY);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    long sent = counter("Aerospike Input", "Records read");
                    long count = Long.parseLong(rows.get(0));
                    if (count != expected) {
                        throw new IllegalStateException((pushdown ? "pushdown" : "no pushdown") + " counted " + count
                                + ", expected " + expected);
                    }
                    System.out.printf("%-12s %5d %9.2f %,14.0f %,14d %8d%n", pushdown ? "pushdown" : "no pushdown", r + 1,
                            seconds, records / seconds, sent, count);
                    if (pushdown) {
                        with[r] = seconds;
                        sentWith = sent;
                    } else {
                        without[r] = seconds;
                        sentWithout = sent;
                    }
                }
            }
            double mWith = median(with);
            double mWithout = median(without);
            System.out.printf(Locale.ROOT, "median: pushdown %.2f s (%,.0f records/s), no pushdown %.2f s (%,.0f records/s)%n",
                    mWith, records / mWith, mWithout, records / mWithout);
            System.out.printf(Locale.ROOT, "speed-up %.2fx; records sent by the server %,d vs %,d (%.0fx fewer)%n",
                    mWithout / mWith, sentWith, sentWithout, (double) sentWithout / Math.max(1, sentWith));
            SessionState.get().close();
        }
    }

    private static void load(String seeds, int records) throws Exception {
        ClientPolicy cp = new ClientPolicy();
        try (AerospikeClient client = new AerospikeClient(cp, com.aerospike.client.Host.parseHosts(seeds, 3000))) {
            BatchPolicy bp = new BatchPolicy();
            bp.sendKey = true;
            long start = System.nanoTime();
            List<BatchRecord> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < records; i++) {
                batch.add(new BatchWrite(new Key(NS, SET, i), Operation.array(Operation.put(new Bin("m", i % 1000)),
                        Operation.put(new Bin("s", String.format("%020d", i))), Operation.put(new Bin("v", i * 0.5)))));
                if (batch.size() == BATCH || i == records - 1) {
                    if (!client.operate(bp, batch)) {
                        throw new IllegalStateException("a batch write failed");
                    }
                    batch.clear();
                }
            }
            System.out.printf("loaded %,d records in %.1f s%n", records, (System.nanoTime() - start) / 1e9);
        }
    }

    private static HiveConf hiveConf(String seeds) throws Exception {
        String b = Files.createTempDirectory("hive-bench").toAbsolutePath().toString();
        HiveConf c = new HiveConf();
        String[][] settings = {
            {"fs.defaultFS", "file:///"},
            {"javax.jdo.option.ConnectionURL", "jdbc:derby:;databaseName=" + b + "/metastore_db;create=true"},
            {"javax.jdo.option.ConnectionDriverName", "org.apache.derby.jdbc.EmbeddedDriver"},
            {"datanucleus.schema.autoCreateAll", "true"}, {"hive.metastore.schema.verification", "false"},
            {"metastore.schema.verification", "false"}, {"hive.metastore.uris", ""},
            {"hive.metastore.warehouse.dir", b + "/warehouse"}, {"metastore.warehouse.dir", b + "/warehouse"},
            {"hive.metastore.warehouse.external.dir", b + "/external"}, {"metastore.warehouse.external.dir", b + "/external"},
            {"hive.exec.scratchdir", b + "/scratch"}, {"hive.exec.local.scratchdir", b + "/localscratch"},
            {"hive.downloaded.resources.dir", b + "/resources"}, {"hive.querylog.location", b + "/querylog"},
            {"mapreduce.cluster.local.dir", b + "/mrlocal"}, {"hadoop.tmp.dir", b + "/tmp"},
            {"hive.execution.engine", "mr"}, {"mapreduce.framework.name", "local"},
            {"hive.exec.submitviachild", "false"}, {"hive.exec.submit.local.task.via.child", "false"},
            {"hive.stats.autogather", "false"}, {"hive.stats.column.autogather", "false"},
            {"hive.compute.query.using.stats", "false"}, {"hive.security.authorization.enabled", "false"},
            {"hive.support.concurrency", "false"}, {"hive.query.reexecution.stats.persist.scope", "query"},
            {"hive.query.reexecution.enabled", "false"}, {"hive.fetch.task.conversion", "none"},
            {"aerospike.input.hosts", seeds},
        };
        for (String[] kv : settings) {
            c.set(kv[0], kv[1]);
        }
        return c;
    }

    private static void run(String sql) throws Exception {
        query(sql);
    }

    private static List<String> query(String sql) throws Exception {
        IDriver d = DriverFactory.newDriver(SessionState.get().getConf());
        try {
            d.run(sql);
            List<String> rows = new ArrayList<>();
            List<String> batch = new ArrayList<>();
            while (d.getResults(batch)) {
                rows.addAll(batch);
                batch.clear();
            }
            return rows;
        } finally {
            d.close();
        }
    }

    private static long counter(String group, String name) {
        long total = 0;
        for (Map.Entry<String, MapRedStats> e : SessionState.get().getMapRedStats().entrySet()) {
            Counters c = e.getValue().getCounters();
            if (c != null && c.getGroup(group) != null) {
                total += c.getGroup(group).getCounter(name);
            }
        }
        return total;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static int intArg(List<String> args, String name, int def) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? Integer.parseInt(args.get(i + 1)) : def;
    }
}
