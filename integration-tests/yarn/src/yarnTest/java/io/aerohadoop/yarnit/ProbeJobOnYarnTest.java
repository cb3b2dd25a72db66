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
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobCounter;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The probe job (a jar of its own, shipped with the connector through -libjars; see src/jobs) on
 * YARN with speculative execution on for maps and reduces, two map and two reduce tasks, and three
 * faults: map 0's first attempt stalls (the speculator starts a second), reduce 0's first attempt
 * kills its own JVM after writing 100 records (YARN runs it again), reduce 1's first attempt stalls
 * after writing 40 records (the speculator starts a second, which writes the same keys). Each
 * record carries the facts of the task JVMs that handled it.
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
                "yarnit.map.slow.ms=60000",
                "yarnit.reduce.halt.after=" + HALT_AFTER,
                "yarnit.reduce.slow.ms=60000", "yarnit.reduce.slow.after=" + STALL_AFTER,
                // Small batches, one in flight: the halted and the stalled attempts have sent
                // (and had acknowledged) everything they wrote.
                "aerospike.output.batch.size=20", "aerospike.output.inflight=1"));
        args.addAll(cluster.inputOptions(INPUT_SET));
        args.addAll(cluster.outputOptions(OUTPUT_SET));
        long t0 = System.nanoTime();
        int status = Driver.run(cluster.jobConf(), ShippedJars.probeJobs(), "io.aerohadoop.yarnit.jobs.ProbeJob", args);
        long seconds = (System.nanoTime() - t0) / 1_000_000_000;
        assertEquals("the probe job failed", 0, status);
        // A stalled attempt left alone would take 60 s: the job ended sooner only because the
        // speculative attempts finished for them.
        assertTrue("the job took " + seconds + " s: the stalls were waited out", seconds < 60);
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
            // Map 0's records come from its speculative attempt (attempt 0 stalled, then was killed);
            // reduce 0's and reduce 1's from their second attempts.
            long mapTask = r.getLong("mtask");
            assertEquals("map attempt of " + e.getKey(), mapTask == 0 ? 1L : 0L, r.getLong("mattempt"));
            assertEquals("reduce attempt of " + e.getKey(), 1L, r.getLong("rattempt"));
            assertEquals("reduce task of " + e.getKey(), r.getLong("n") % 2, r.getLong("rtask"));
        }
        assertEquals(expected, squares);
    }

    @Test
    public void theHaltedAndTheStalledAttemptsWroteFirstAndTheirRecordsWereRewrittenNotAdded() {
        // Generation 2: written by the failed or stalled first attempt, then again by the second.
        Map<Long, Integer> rewrittenByReduce = new TreeMap<>();
        for (Record r : stored.byKey.values()) {
            assertTrue("generation " + r.generation, r.generation == 1 || r.generation == 2);
            if (r.generation == 2) {
                rewrittenByReduce.merge(r.getLong("rtask"), 1, Integer::sum);
            }
        }
        Map<Long, Integer> expected = new TreeMap<>();
        expected.put(0L, HALT_AFTER);
        expected.put(1L, STALL_AFTER);
        assertEquals(expected, rewrittenByReduce);

        assertEquals("launched maps: 2 + 1 speculative", 3, counters.findCounter(JobCounter.TOTAL_LAUNCHED_MAPS).getValue());
        assertEquals("killed maps (the stalled first attempt)", 1, counters.findCounter(JobCounter.NUM_KILLED_MAPS).getValue());
        assertEquals("launched reduces: 2 + a retry + a speculative", 4,
                counters.findCounter(JobCounter.TOTAL_LAUNCHED_REDUCES).getValue());
        assertEquals("failed reduces (the halted attempt)", 1, counters.findCounter(JobCounter.NUM_FAILED_REDUCES).getValue());
        assertEquals("killed reduces (the stalled attempt)", 1, counters.findCounter(JobCounter.NUM_KILLED_REDUCES).getValue());
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
        assertEquals("two map tasks, one JVM each " + pidsByMapTask, 2, mapPids.size());
        assertEquals("two reduce tasks, one JVM each", 2, reducePids.size());
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
                // Localized by the NodeManager for this application, not a path of the build.
                assertTrue(jar, jar.contains("/usercache/") && jar.endsWith("/aerohadoop-0.1.0.jar"));
                assertFalse(jar, jar.startsWith("file:" + ShippedJars.connector()));
                String before = libraryByPid.put(r.getLong(t + "pid"), lib);
                assertTrue("one library per JVM", before == null || before.equals(lib));
                // The task's reader or writer is the JVM's one client of this cluster.
                assertEquals(t + "clients", 1L, r.getLong(t + "clients"));
            }
        }
        // Four JVMs, four extractions of the library, each its own temporary file.
        assertEquals(4, new HashSet<>(libraryByPid.values()).size());
    }

    @Test
    public void mapsRanOnTheNodeTheirSplitsName() {
        assertNotEquals(0, counters.findCounter(JobCounter.DATA_LOCAL_MAPS).getValue());
        assertEquals(counters.findCounter(JobCounter.TOTAL_LAUNCHED_MAPS).getValue(),
                counters.findCounter(JobCounter.DATA_LOCAL_MAPS).getValue());
    }
}
