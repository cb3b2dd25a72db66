package io.aerohadoop.hive.it;

import com.aerospike.client.AerospikeClient;
import io.aerohadoop.testing.Aerolite;
import io.aerohadoop.testing.ClusterWithClient;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.ql.DriverFactory;
import org.apache.hadoop.hive.ql.IDriver;
import org.apache.hadoop.hive.ql.MapRedStats;
import org.apache.hadoop.hive.ql.processors.AddResourceProcessor;
import org.apache.hadoop.hive.ql.processors.CommandProcessorException;
import org.apache.hadoop.hive.ql.processors.SetProcessor;
import org.apache.hadoop.hive.ql.session.SessionState;
import org.apache.hadoop.mapred.Counters;

/**
 * One Hive 4.1.0 session (embedded Derby metastore, local MapReduce) and one 3-node aerolite for
 * every test class of the JVM: Hive's first statement alone costs seconds (the metastore schema).
 * Started by the first class that asks, stopped when the JVM exits. Classes use tables and sets of
 * their own names.
 */
final class HiveFixture {
    static final String NAMESPACE = "test";

    private static HiveFixture shared;

    final Aerolite aerolite;
    final AerospikeClient client;
    private final HiveConf conf;

    private HiveFixture(Aerolite aerolite, AerospikeClient client, HiveConf conf) {
        this.aerolite = aerolite;
        this.client = client;
        this.conf = conf;
    }

    /**
     * A driver per statement, over the session's configuration as SET left it (a driver copies the
     * configuration it is created with, as the CLI's per-statement drivers do).
     */
    private static IDriver driver() {
        return DriverFactory.newDriver(SessionState.get().getConf());
    }

    static synchronized HiveFixture get() throws Exception {
        if (shared == null) {
            shared = start();
            HiveFixture f = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(f::close, "hive-fixture-stop"));
        }
        // SessionState is per thread; JUnit runs every class on one thread, but be sure.
        if (SessionState.get() == null) {
            SessionState.start(new SessionState(shared.conf));
        }
        return shared;
    }

    private static HiveFixture start() throws Exception {
        ClusterWithClient cluster = ClusterWithClient.start(3, 2);
        try {
            TaskErrors.install();
            HiveConf conf = hiveConf(Files.createTempDirectory("hive-it"), cluster.aerolite.seeds());
            SessionState.start(new SessionState(conf));
            return new HiveFixture(cluster.aerolite, cluster.client, conf);
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** The recipe of INTEGRATIONS.md: everything under one temporary directory, MR engine, local jobs. */
    private static HiveConf hiveConf(Path base, String seeds) {
        HiveConf c = new HiveConf();
        String b = base.toAbsolutePath().toString();
        c.set("fs.defaultFS", "file:///");
        c.set("javax.jdo.option.ConnectionURL", "jdbc:derby:;databaseName=" + b + "/metastore_db;create=true");
        c.set("javax.jdo.option.ConnectionDriverName", "org.apache.derby.jdbc.EmbeddedDriver");
        c.set("datanucleus.schema.autoCreateAll", "true");
        c.set("hive.metastore.schema.verification", "false");
        c.set("metastore.schema.verification", "false");
        c.set("hive.metastore.uris", "");
        c.set("hive.metastore.warehouse.dir", b + "/warehouse");
        c.set("metastore.warehouse.dir", b + "/warehouse");
        c.set("hive.metastore.warehouse.external.dir", b + "/external");
        c.set("metastore.warehouse.external.dir", b + "/external");
        c.set("hive.exec.scratchdir", b + "/scratch");
        c.set("hive.exec.local.scratchdir", b + "/localscratch");
        c.set("hive.downloaded.resources.dir", b + "/resources");
        c.set("hive.querylog.location", b + "/querylog");
        c.set("mapreduce.cluster.local.dir", b + "/mrlocal");
        c.set("hadoop.tmp.dir", b + "/tmp");
        c.set("hive.execution.engine", "mr");
        c.set("mapreduce.framework.name", "local");
        c.set("hive.exec.submitviachild", "false");
        c.set("hive.exec.submit.local.task.via.child", "false");
        c.set("hive.stats.autogather", "false");
        c.set("hive.stats.column.autogather", "false");
        c.set("hive.compute.query.using.stats", "false");
        c.set("hive.security.authorization.enabled", "false");
        c.set("hive.support.concurrency", "false");
        c.set("hive.query.reexecution.stats.persist.scope", "query");
        c.set("hive.query.reexecution.enabled", "false");
        // Every query through a MapReduce job, so its counters can be checked (a user keeps the default).
        c.set("hive.fetch.task.conversion", "none");
        c.set("hive.auto.convert.join", "false");
        // The connection as a session sets it (SET aerospike.input.hosts=...): tables name only namespace and set.
        c.set("aerospike.input.hosts", seeds);
        c.set("aerospike.output.hosts", seeds);
        return c;
    }

    /** Runs statements, failing with Hive's message. */
    void run(String... statements) throws CommandProcessorException {
        for (String sql : statements) {
            IDriver d = driver();
            try {
                d.run(sql);
            } finally {
                d.close();
            }
        }
    }

    /**
     * One statement as the Hive CLI runs it: {@code SET k=v} and {@code ADD JAR p} through their
     * command processors, anything else through the driver. Returns the rows, if any.
     */
    List<String> statement(String sql) throws Exception {
        String s = sql.trim();
        String upper = s.toUpperCase(java.util.Locale.ROOT);
        if (upper.startsWith("SET ")) {
            new SetProcessor().run(s.substring(4).trim());
            return List.of();
        }
        if (upper.startsWith("ADD ")) {
            new AddResourceProcessor().run(s.substring(4).trim());
            return List.of();
        }
        return query(s);
    }

    /** The rows of a query, each row's columns tab-separated as Hive prints them. */
    List<String> query(String sql) throws Exception {
        IDriver driver = driver();
        try {
            driver.run(sql);
            List<String> rows = new ArrayList<>();
            List<String> batch = new ArrayList<>();
            while (driver.getResults(batch)) {
                rows.addAll(batch);
                batch.clear();
            }
            return rows;
        } finally {
            driver.close();
        }
    }

    /** The Hive error of a statement expected to fail, or null if it succeeded. */
    String failure(String sql) {
        TaskErrors.clear();
        IDriver d = driver();
        try {
            d.run(sql);
            return null;
        } catch (CommandProcessorException e) {
            StringBuilder s = new StringBuilder(String.valueOf(e.getMessage()));
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                s.append(" | ").append(t);
            }
            return s.toString();
        } finally {
            d.close();
        }
    }

    /**
     * The messages of the exceptions logged by the last failed task: Hive reports a failed job as
     * "return code 2" and leaves the cause in the task's log, which local jobs write here.
     */
    String lastTaskError() {
        return TaskErrors.last();
    }

    /** The sum of counter {@code name} of group {@code group} over the last statement's MapReduce jobs. */
    long counter(String group, String name) {
        Map<String, MapRedStats> stats = SessionState.get().getMapRedStats();
        if (stats == null || stats.isEmpty()) {
            throw new IllegalStateException("the last statement ran no MapReduce job");
        }
        long total = 0;
        for (MapRedStats s : stats.values()) {
            Counters c = s.getCounters();
            if (c != null && c.getGroup(group) != null) {
                total += c.getGroup(group).getCounter(name);
            }
        }
        return total;
    }

    /** Records the server sent the last statement's jobs (group "Aerospike Input"). */
    long recordsRead() {
        return counter("Aerospike Input", "Records read");
    }

    /** {@code SET key=value}, as the CLI runs it (the SET command is not a Driver statement). */
    void set(String key, String value) throws CommandProcessorException {
        new SetProcessor().run(key + "=" + value);
    }

    void unset(String key) {
        SessionState.get().getConf().unset(key);
    }

    void truncate(String set) {
        client.truncate(null, NAMESPACE, set, null);
    }

    private void close() {
        try {
            SessionState s = SessionState.get();
            if (s != null) {
                s.close();
            }
        } catch (IOException | RuntimeException e) {
            // The JVM is exiting: nothing to keep.
        }
        client.close();
        aerolite.close();
        new File("derby.log").delete();
    }

    static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
