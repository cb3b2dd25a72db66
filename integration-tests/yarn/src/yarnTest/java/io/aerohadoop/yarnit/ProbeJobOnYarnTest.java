package io.aerohadoop.yarnit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.Record;
import com.aerospike.client.policy.WritePolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobCounter;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * The probe job (a jar of its own, shipped with the connector through -libjars; see src/jobs) on
 * YARN with speculative execution on for maps and reduces, two map and two reduce tasks, and three
 * faults: map 0's first attempt stalls (the speculator starts a second), reduce 0's first attempt
 * kills its own JVM after writing 100 records (YARN runs it again), reduce 1's first attempt stalls
 * after writing 40 records (the speculator starts a second, which writes the same keys). Each
 * record carries the facts of the task JVMs that handled it.
 *
 * <p>The stalls last 10 minutes, far beyond the test's timeout: the job ends only because
 * speculative attempts did the stalled attempts' work. On a loaded machine the speculator may also
 * duplicate a task that was not made slow, so attempt numbers and launch counts are checked as
 * lower bounds; the records' values and their being stored once are checked exactly.
 */
public class ProbeJobOnYarnTest {
    private static final String INPUT_SET = "yp_numbers";
    private static final String OUTPUT_SET = "yp_squares";
    private static final String JOB_NAME = "yarnit probe: speculation and a killed attempt";
    private static final int NUMBERS = 600;
    private static final int HALT_AFTER = 100;
    private static final int STALL_AFTER = 40;
    private static final String LIBRARY_FROM_JAR = "jar:/native/linux-x86_64/libaerohadoop.so via ";

    private static YarnCluster cluster;
    private static Job job;
    private static Counters counters;
    private static StoredSet stored;

    @ClassRule
    public static final Timeout TIMEOUT = Timeout.seconds(300);

    @BeforeClass
    public static void runTheProbeJob() throws Exception {
        cluster = YarnCluster.get();
        WritePolicy policy = new WritePolicy();
        policy.sendKey = true;
        for (long n = 0; n < NUMBERS; n++) {
            cluster.client.put(policy, new Key(YarnCluster.NAMESPACE, INPUT_SET, n), new Bin("n", n));
        }
        List<String> args = new ArrayList<>(YarnCluster.options(
                "yarnit.job.name=" + JOB_NAME,
                "aerospike.input.splits=2", "mapreduce.job.reduces=2",
                "mapreduce.map.speculative=true", "mapreduce.reduce.speculative=true",
                // The speculator looks every 500 ms (default 1 s) and again 2 s after speculating
                // (default 15 s): the stragglers are found sooner, nothing else changes.
                "mapreduce.job.speculative.retry-after-no-speculate=500",
                "mapreduce.job.speculative.retry-after-speculate=2000",
                // Reduces start once every map is done: speculation waits for no container.
                "mapreduce.job.reduce.slowstart.completedmaps=1.0",
                "yarnit.map.slow.ms=600000",
                "yarnit.reduce.halt.after=" + HALT_AFTER,
                "yarnit.reduce.slow.ms=600000", "yarnit.reduce.slow.after=" + STALL_AFTER,
                // Small batches, one in flight: the halted and the stalled attempts have sent
                // (and had acknowledged) everything they wrote.
                "aerospike.output.batch.size=20", "aerospike.output.inflight=1"));
        args.addAll(cluster.inputOptions(INPUT_SET));
        args.addAll(cluster.outputOptions(OUTPUT_SET));
        assertEquals("the probe job failed", 0,
                Driver.run(cluster.jobConf(), ShippedJars.probeJobs(), "io.aerohadoop.yarnit.jobs.ProbeJob", args));
        job = Jobs.byName(cluster.jobConf(), JOB_NAME);
        counters = job.getCounters();
        stored = StoredSet.scan(cluster.client, OUTPUT_SET);
    }

    @Test
    public void everyNumberIsStoredOnceWithItsSquareAsTheSuccessfulAttemptsWroteIt() {
        assertEquals(Collections.emptyList(), stored.withoutKey);
        assertEquals(Collections.emptyList(), stored.repeated);
        Map<Long, Long> squares = new TreeMap<>();
        Map<Long, Long> expected = new TreeMap<>();
        for (long n = 0; n < NUMBERS; n++) {
            expected.put(n, n * n);
        }
        for (Map.Entry<Object, Record> e : stored.byKey.entrySet()) {
            Record r = e.getValue();
            assertEquals(e.getKey(), r.getLong("n"));
            squares.put(r.getLong("n"), r.getLong("square"));
            // Map 0's records come from a later attempt than the stalled first one (killed); reduce
            // 0's and reduce 1's from later attempts than the halted and the stalled ones.
            if (r.getLong("mtask") == 0) {
                assertTrue("map attempt of " + e.getKey(), r.getLong("mattempt") >= 1);
            }
            assertTrue("reduce attempt of " + e.getKey(), r.getLong("rattempt") >= 1);
            assertEquals("reduce task of " + e.getKey(), r.getLong("n") % 2, r.getLong("rtask"));
        }
        assertEquals(expected, squares);
    }

    @Test
    public void theHaltedAndTheStalledAttemptsWroteFirstAndTheirRecordsWereRewrittenNotAdded() {
        // Generation 2 (3 if the speculator also doubled a later attempt): written by the halted
        // or stalled first attempt, then again by a later one.
        Map<Long, Integer> rewrittenByReduce = new TreeMap<>();
        for (Record r : stored.byKey.values()) {
            assertTrue("generation " + r.generation, r.generation >= 1 && r.generation <= 3);
            if (r.generation >= 2) {
                rewrittenByReduce.merge(r.getLong("rtask"), 1, Integer::sum);
            }
        }
        assertTrue("records the halted attempt wrote, then its retry " + rewrittenByReduce,
                rewrittenByReduce.getOrDefault(0L, 0) >= HALT_AFTER);
        assertTrue("records the stalled attempt wrote, then the speculative one " + rewrittenByReduce,
                rewrittenByReduce.getOrDefault(1L, 0) >= STALL_AFTER);

        assertEquals("failed reduces (the halted attempt)", 1, counters.findCounter(JobCounter.NUM_FAILED_REDUCES).getValue());
        assertEquals("failed maps", 0, counters.findCounter(JobCounter.NUM_FAILED_MAPS).getValue());
        assertTrue("launched maps: 2 + at least 1 speculative",
                counters.findCounter(JobCounter.TOTAL_LAUNCHED_MAPS).getValue() >= 3);
        assertTrue("killed maps (the stalled first attempt)", counters.findCounter(JobCounter.NUM_KILLED_MAPS).getValue() >= 1);
        // The stalled reduce attempt is killed as the job ends, sometimes after its counters are
        // final: its speculative twin shows in the launches (and in the records' attempt numbers).
        assertTrue("launched reduces: 2 + a retry + at least 1 speculative",
                counters.findCounter(JobCounter.TOTAL_LAUNCHED_REDUCES).getValue() >= 4);
    }

    @Test
    public void everyTaskRanInAJvmOfItsOwnNotTheTestJvm() {
        long testPid = ProcessHandle.current().pid();
        Set<Long> mapPids = new TreeSet<>();
        Set<Long> reducePids = new TreeSet<>();
        Map<Long, Set<Long>> pidsByMapTask = new TreeMap<>();
        for (Record r : stored.byKey.values()) {
            mapPids.add(r.getLong("mpid"));
            reducePids.add(r.getLong("rpid"));
            pidsByMapTask.computeIfAbsent(r.getLong("mtask"), t -> new HashSet<>()).add(r.getLong("mpid"));
        }
        // The records name the JVMs of the attempts that wrote them last: one per map task (only
        // one attempt's output is used); at least one per reduce task (two attempts of one task
        // running at once may each write some of its records last).
        assertEquals("two map tasks, one JVM each " + pidsByMapTask, 2, mapPids.size());
        assertTrue("two reduce tasks, one JVM each at least " + reducePids, reducePids.size() >= 2);
        assertFalse(mapPids.contains(testPid));
        assertFalse(reducePids.contains(testPid));
        Set<Long> both = new HashSet<>(mapPids);
        both.retainAll(reducePids);
        assertEquals("JVMs that ran a map and a reduce", Collections.emptySet(), both);
        for (Set<Long> pids : pidsByMapTask.values()) {
            assertEquals(1, pids.size());
        }
    }

    @Test
    public void eachTaskJvmLoadedTheNativeLibraryFromTheJarTheDistributedCacheGaveIt() {
        Map<Long, String> libraryByPid = new TreeMap<>();
        for (Record r : stored.byKey.values()) {
            for (String t : Arrays.asList("m", "r")) {
                String lib = r.getString(t + "lib");
                String jar = r.getString(t + "jar");
                assertTrue(lib, lib.startsWith(LIBRARY_FROM_JAR));
                // The process maps that one copy of the library, not one per reader or writer.
                assertEquals(t + "libcopies", 1L, r.getLong(t + "libcopies"));
                // Localized by the NodeManager for this application, not a path of the build.
                assertTrue(jar, jar.contains("/usercache/") && jar.endsWith("/aerohadoop-0.1.0.jar"));
                assertFalse(jar, jar.startsWith("file:" + ShippedJars.connector()));
                String before = libraryByPid.put(r.getLong(t + "pid"), lib);
                assertTrue("one library per JVM", before == null || before.equals(lib));
                // The task's reader or writer is the JVM's one client of this cluster.
                assertEquals(t + "clients", 1L, r.getLong(t + "clients"));
            }
        }
        // As many extractions of the library, each its own temporary file, as JVMs.
        assertTrue(libraryByPid.toString(), libraryByPid.size() >= 4);
        assertEquals(libraryByPid.size(), new HashSet<>(libraryByPid.values()).size());
    }

    @Test
    public void eachSplitIsLocatedAtTheHostsOfAerospikeNodes() throws Exception {
        Configuration conf = cluster.jobConf();
        conf.set("aerospike.input.host", "127.0.0.1");
        conf.setInt("aerospike.input.port", cluster.aerolite.port(0));
        conf.set("aerospike.input.namespace", YarnCluster.NAMESPACE);
        conf.set("aerospike.input.setname", INPUT_SET);
        conf.setInt("aerospike.input.splits", 6);
        Set<String> nodeHosts = new HashSet<>();
        for (int i = 0; i < cluster.aerolite.nodeCount(); i++) {
            // host(i) is "address:port"; a split names hosts only.
            String node = cluster.aerolite.host(i);
            nodeHosts.add(node.substring(0, node.lastIndexOf(':')));
        }
        List<InputSplit> splits = Driver.splits(conf, "io.aerohadoop.mapreduce.AerospikeInputFormat");
        assertEquals(6, splits.size());
        for (InputSplit split : splits) {
            List<String> locations = Arrays.asList(split.getLocations());
            assertFalse("a split without locations", locations.isEmpty());
            assertTrue(locations + " are not all Aerospike node hosts " + nodeHosts, nodeHosts.containsAll(locations));
        }
    }

    @Test
    public void mapsRanOnTheNodeTheirSplitsName() {
        // The NodeManager runs on the hosts the splits name (the Aerospike nodes' loopback address,
        // which the AM resolves to the NodeManager's host name): the scheduler placed every map,
        // speculative attempts included, data-local.
        assertNotEquals(0, counters.findCounter(JobCounter.DATA_LOCAL_MAPS).getValue());
        assertEquals(counters.findCounter(JobCounter.TOTAL_LAUNCHED_MAPS).getValue(),
                counters.findCounter(JobCounter.DATA_LOCAL_MAPS).getValue());
    }
}
