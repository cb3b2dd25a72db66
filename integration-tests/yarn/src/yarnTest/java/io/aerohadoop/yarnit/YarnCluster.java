package io.aerohadoop.yarnit;

import com.aerospike.client.AerospikeClient;
import io.aerohadoop.testing.Aerolite;
import io.aerohadoop.testing.ClusterWithClient;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.mapreduce.v2.MiniMRYarnCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pseudo-distributed Hadoop for the whole suite — HDFS (NameNode + DataNode) and YARN
 * (ResourceManager + NodeManager + JobHistoryServer; every AM, map and reduce in a container JVM of
 * its own) — and one 3-node aerolite (replication factor 2) with an Aerospike Java client that loads
 * and checks data independently of the connector. Started by the first test that asks, stopped by
 * {@link YarnSuite} after the last: a start costs ~10 s and a stop ~12 s, more than most jobs here.
 */
final class YarnCluster {
    static final String NAMESPACE = "test";
    private static final Logger LOG = LoggerFactory.getLogger(YarnCluster.class);
    private static final int AEROSPIKE_NODES = 3;
    private static YarnCluster instance;

    final MiniDFSCluster dfs;
    final MiniMRYarnCluster yarn;
    final Aerolite aerolite;
    final AerospikeClient client;

    private YarnCluster(MiniDFSCluster dfs, MiniMRYarnCluster yarn, Aerolite aerolite, AerospikeClient client) {
        this.dfs = dfs;
        this.yarn = yarn;
        this.aerolite = aerolite;
        this.client = client;
    }

    static synchronized YarnCluster get() throws Exception {
        if (instance == null) {
            LoopbackOnly.require();
            instance = start();
        }
        return instance;
    }

    static synchronized void stopIfStarted() {
        if (instance != null) {
            YarnCluster started = instance;
            instance = null;
            started.stop();
        }
    }

    private static YarnCluster start() throws Exception {
        Path base = Paths.get("").toAbsolutePath();
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.resolve("dfs").toString());
        conf.set("hadoop.tmp.dir", base.resolve("hadoop-tmp").toString());
        // Sized for 2 cores: an AM and a few 512 MB tasks at once.
        conf.setInt("yarn.minicluster.yarn.nodemanager.resource.memory-mb", 4096);
        conf.setInt(YarnConfiguration.NM_VCORES, 4);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
        conf.setInt("yarn.app.mapreduce.am.resource.mb", 512);
        conf.set("yarn.app.mapreduce.am.command-opts", "-Xmx384m");
        conf.setInt("mapreduce.map.memory.mb", 512);
        conf.setInt("mapreduce.reduce.memory.mb", 512);
        conf.set("mapreduce.map.java.opts", "-Xmx384m");
        conf.set("mapreduce.reduce.java.opts", "-Xmx384m");
        conf.set(YarnConfiguration.NM_ADMIN_USER_ENV, "JAVA_HOME=" + System.getProperty("java.home"));
        // A JVM reserves far more virtual memory than it uses: YARN's virtual-memory check would
        // kill healthy task JVMs (the physical-memory check stays on).
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        // Quicker container stops: less of the suite's time is spent waiting for dead tasks.
        conf.setLong("yarn.nodemanager.process-kill-wait.ms", 500);
        conf.setLong("yarn.nodemanager.sleep-delay-before-sigkill.ms", 100);
        // Job clients poll every 5 s by default: most of a small job's time.
        conf.setInt("mapreduce.client.completion.pollinterval", 200);
        conf.setInt("mapreduce.client.progressmonitor.pollinterval", 200);
        conf.setInt("yarn.app.mapreduce.am.scheduler.heartbeat.interval-ms", 200);

        long t0 = System.nanoTime();
        MiniDFSCluster dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        MiniMRYarnCluster yarn = null;
        ClusterWithClient aerospike = null;
        try {
            dfs.waitActive();
            conf.set(FileSystem.FS_DEFAULT_NAME_KEY, dfs.getFileSystem().getUri().toString());
            yarn = new MiniMRYarnCluster("yarn-it", 1);
            yarn.init(conf);
            yarn.start();
            aerospike = ClusterWithClient.start(AEROSPIKE_NODES, 2);
            LOG.info("HDFS, YARN and aerolite started in {} ms", (System.nanoTime() - t0) / 1_000_000);
            return new YarnCluster(dfs, yarn, aerospike.aerolite, aerospike.client);
        } catch (Exception | Error e) {
            if (aerospike != null) {
                aerospike.close();
            }
            if (yarn != null) {
                yarn.stop();
            }
            dfs.shutdown();
            throw e;
        }
    }

    /** A job client's configuration: the cluster's addresses, HDFS as the default file system. */
    Configuration jobConf() {
        return new Configuration(yarn.getConfig());
    }

    FileSystem fs() throws IOException {
        return dfs.getFileSystem();
    }

    /** The predecessor's input keys: one seed, the connector discovers the other nodes. */
    List<String> inputOptions(String set) {
        return options("aerospike.input.host=127.0.0.1", "aerospike.input.port=" + aerolite.port(0),
                "aerospike.input.namespace=" + NAMESPACE, "aerospike.input.setname=" + set);
    }

    /** The output keys, with the same seed as the input's (one client per JVM serves both). */
    List<String> outputOptions(String set) {
        return options("aerospike.output.host=127.0.0.1", "aerospike.output.port=" + aerolite.port(0),
                "aerospike.output.namespace=" + NAMESPACE, "aerospike.output.setname=" + set);
    }

    static List<String> options(String... keyValues) {
        List<String> args = new ArrayList<>();
        for (String kv : keyValues) {
            args.add("-D");
            args.add(kv);
        }
        return args;
    }

    /**
     * A client configuration directory, as HADOOP_CONF_DIR holds it, for job clients in JVMs of
     * their own. The whole configuration goes into every *-site.xml: each is read after its
     * *-default.xml, which would otherwise put back default addresses.
     */
    Path writeClientConfDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : new String[] {"core-site.xml", "hdfs-site.xml", "mapred-site.xml", "yarn-site.xml"}) {
            try (OutputStream out = Files.newOutputStream(dir.resolve(name))) {
                yarn.getConfig().writeXml(out);
            }
        }
        return dir;
    }

    /** The NodeManager's container log directories (one directory per application, one per container in it). */
    List<File> nodeManagerLogDirs() {
        List<File> dirs = new ArrayList<>();
        for (String d : yarn.getNodeManager(0).getConfig().getTrimmedStrings(YarnConfiguration.NM_LOG_DIRS)) {
            dirs.add(new File(d.startsWith("file:") ? d.substring("file:".length()) : d));
        }
        return dirs;
    }

    private void stop() {
        long t0 = System.nanoTime();
        try {
            client.close();
            aerolite.close();
        } finally {
            try {
                yarn.stop();
            } finally {
                dfs.shutdown();
            }
        }
        LOG.info("cluster stopped in {} ms", (System.nanoTime() - t0) / 1_000_000);
    }
}
