package io.aerohadoop.yarnit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.Record;
import com.aerospike.client.policy.WritePolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.JobCounter;
import org.junit.Test;

/**
 * Several tasks in one JVM: an uber job (mapreduce.job.ubertask.enable) runs all its tasks inside
 * its AM's JVM, one after the other. YARN reuses no JVM across jobs (MapReduce 1's
 * mapred.job.reuse.jvm.num.tasks is gone), so this is how tasks share a JVM on YARN. The probe job,
 * map-only, reads one set and writes another through the same seed: each map task reads and writes
 * at once, in the JVM where the other task ran.
 */
public class UberTaskTest {
    private static final String INPUT_SET = "yu_numbers";
    private static final String OUTPUT_SET = "yu_squares";
    private static final String JOB_NAME = "yarnit probe: uber";
    private static final int NUMBERS = 400;

    @Test(timeout = 180_000)
    public void twoMapTasksInOneJvmShareOneLoadedLibraryAndOneClientForTheirReadAndWrite() throws Exception {
        YarnCluster cluster = YarnCluster.get();
        WritePolicy policy = new WritePolicy();
        policy.sendKey = true;
        for (long n = 0; n < NUMBERS; n++) {
            cluster.client.put(policy, new Key(YarnCluster.NAMESPACE, INPUT_SET, n), new Bin("n", n));
        }
        List<String> args = new ArrayList<>(YarnCluster.options(
                "yarnit.job.name=" + JOB_NAME, "mapreduce.job.ubertask.enable=true",
                "mapreduce.job.reduces=0", "aerospike.input.splits=2",
                // Batches of 50: every map task writes through its writer while its reader is open.
                "aerospike.output.batch.size=50"));
        args.addAll(cluster.inputOptions(INPUT_SET));
        args.addAll(cluster.outputOptions(OUTPUT_SET));
        assertEquals(0, Driver.run(cluster.jobConf(), ShippedJars.probeJobs(), "io.aerohadoop.yarnit.jobs.ProbeJob", args));

        Counters counters = Jobs.byName(cluster.jobConf(), JOB_NAME).getCounters();
        assertEquals("uber maps", 2, counters.findCounter(JobCounter.NUM_UBER_SUBMAPS).getValue());
        StoredSet stored = StoredSet.scan(cluster.client, OUTPUT_SET);
        assertEquals(Collections.emptyList(), stored.repeated);
        Map<Long, Long> squares = new TreeMap<>();
        Set<Long> pids = new TreeSet<>();
        Set<String> libraries = new TreeSet<>();
        Set<Long> tasks = new TreeSet<>();
        for (Record r : stored.byKey.values()) {
            squares.put(r.getLong("n"), r.getLong("square"));
            pids.add(r.getLong("mpid"));
            libraries.add(r.getString("mlib"));
            assertEquals("copies of the library the JVM maps", 1L, r.getLong("mlibcopies"));
            tasks.add(r.getLong("mtask"));
            // The task's reader and writer, one configuration: one client in the JVM.
            assertEquals("clients in the JVM while n=" + r.getLong("n") + " was mapped", 1L, r.getLong("mclients"));
        }
        Map<Long, Long> expected = new TreeMap<>();
        for (long n = 0; n < NUMBERS; n++) {
            expected.put(n, n * n);
        }
        assertEquals(expected, squares);
        assertEquals("both map tasks wrote", new TreeSet<>(java.util.Arrays.asList(0L, 1L)), tasks);
        assertEquals("one JVM for both tasks", 1, pids.size());
        assertNotEquals("the AM's JVM, not the test's", ProcessHandle.current().pid(), (long) pids.iterator().next());
        // One extraction of the library (its temporary file's name is unique per extraction): the
        // second task found it loaded.
        assertEquals(1, libraries.size());
        assertTrue(libraries.toString(), libraries.iterator().next()
                .startsWith("jar:/native/linux-x86_64/libaerohadoop.so via "));
    }
}
